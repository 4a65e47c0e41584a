/**
 * Models of a diffusion and their parameterizations: the {@link io.samplerkit.core.model.DiffusionModel}
 * interface, the {@link io.samplerkit.core.model.Prediction} vocabulary, the one place where predictions are
 * converted exactly ({@link io.samplerkit.core.model.PredictionConversion}), and model decorators.
 *
 * <table>
 * <caption>Model decorators</caption>
 * <tr><th>type</th><th>what it does</th><th>model calls</th><th>returns</th></tr>
 * <tr><td>{@link io.samplerkit.core.model.ClassifierFreeGuidance}</td><td>{@code u + w (c - u)}</td>
 *     <td>2</td><td>the models' prediction</td></tr>
 * <tr><td>{@link io.samplerkit.core.model.DynamicThresholding}</td>
 *     <td>per-sample quantile clamp of {@code x0hat} (official / diffusers variants)</td><td>1</td><td>DATA</td></tr>
 * <tr><td>{@link io.samplerkit.core.model.CountingModel}</td><td>counts evaluations (thread-safe)</td>
 *     <td>1</td><td>unchanged</td></tr>
 * <tr><td>{@link io.samplerkit.core.model.GuardedModel}</td><td>throws on NaN/Inf output</td><td>1</td>
 *     <td>unchanged</td></tr>
 * </table>
 */
package io.samplerkit.core.model;
