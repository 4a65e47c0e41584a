/**
 * The continuous-time dynamics that samplers discretize, built from a schedule and a model.
 *
 * <table>
 * <caption>Dynamics</caption>
 * <tr><th>type</th><th>equation</th><th>model calls per evaluation</th><th>nature</th></tr>
 * <tr><td>{@link io.samplerkit.core.dynamics.ProbabilityFlowOde}</td>
 *     <td>{@code dx/dt = f x - g^2/2 s}</td><td>1</td><td>deterministic</td></tr>
 * <tr><td>{@link io.samplerkit.core.dynamics.ReverseSde}</td>
 *     <td>{@code dx = [f x - (1+eta^2)/2 g^2 s] dt + eta g dw'}</td><td>1</td><td>stochastic (Itô)</td></tr>
 * </table>
 *
 * <p>Both write their drift for any model parameterization through one shared score-form
 * implementation and the exact conversions of {@link io.samplerkit.core.model.PredictionConversion};
 * neither allocates. Brownian increments for the SDE come from {@link io.samplerkit.core.noise.BrownianPath}.
 */
package io.samplerkit.core.dynamics;
