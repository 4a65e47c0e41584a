/**
 * Runge–Kutta-type solvers of the probability-flow ODE. The fixed-grid ones work in EDM coordinates
 * {@code x~ = x/alpha}, {@code rho = sigma/alpha}, {@code dx~/drho = (x~ - x0hat)/rho} (exact for every
 * schedule), take an Euler step into a zero-noise end point, and (Euler, Heun, DPM-2) accept EDM's churn.
 *
 * <table>
 * <caption>Methods</caption>
 * <tr><th>class</th><th>registry name</th><th>order</th><th>model calls per step</th><th>churn</th></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.Euler}</td><td>{@code euler}</td><td>1</td><td>1</td><td>yes</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.Heun}</td><td>{@code heun}</td><td>2</td><td>2 (1 into sigma = 0)</td><td>yes</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.Dpm2}</td><td>{@code dpm-2}</td><td>2</td><td>2 (1 into sigma = 0)</td><td>yes</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.Midpoint}</td><td>{@code midpoint}</td><td>2</td><td>2 (1 into sigma = 0)</td><td>no</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.RungeKutta4}</td><td>{@code rk4}</td><td>4</td><td>4 (1 into sigma = 0)</td><td>no</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.EmbeddedRungeKutta}</td><td>{@code bosh3}</td><td>3 (2 embedded)</td><td>3 per attempt (FSAL)</td><td>no</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.ode.EmbeddedRungeKutta}</td><td>{@code dopri5}</td><td>5 (4 embedded)</td><td>6 per attempt (FSAL)</td><td>no</td></tr>
 * </table>
 */
package io.samplerkit.solvers.ode;
