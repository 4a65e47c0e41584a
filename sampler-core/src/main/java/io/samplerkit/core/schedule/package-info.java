/**
 * Noise schedules: Gaussian-marginal diffusions {@code x_t = alpha(t) x0 + sigma(t) eps} with their
 * half log-SNR {@code lambda = log(alpha/sigma)}, its inverse, and the forward-SDE coefficients
 * {@code f = d log alpha/dt}, {@code g^2 = d sigma^2/dt - 2 f sigma^2}.
 *
 * <table>
 *   <caption>Schedules</caption>
 *   <tr><th>type</th><th>alpha</th><th>sigma</th><th>domain</th><th>reference</th></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.VpLinearSchedule}</td><td>exp(-(b1-b0)t^2/4 - b0 t/2)</td>
 *       <td>sqrt(1 - alpha^2)</td><td>[0, T]</td><td>arXiv:2011.13456</td></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.VpCosineSchedule}</td><td>cos(pi/2 (t+s)/(1+s)) / cos(pi/2 s/(1+s))</td>
 *       <td>sqrt(1 - alpha^2)</td><td>[0, 0.9946]</td><td>arXiv:2102.09672</td></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.VpDiscreteSchedule}</td><td>piecewise-linear log alpha at (n+1)/N</td>
 *       <td>sqrt(1 - alpha^2)</td><td>[1/N, 1]</td><td>arXiv:2206.00927 (official code)</td></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.SubVpSchedule}</td><td>as VP linear</td>
 *       <td>1 - alpha^2</td><td>[0, T]</td><td>arXiv:2011.13456</td></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.VeSchedule}</td><td>1</td>
 *       <td>sigmaMin (sigmaMax/sigmaMin)^t</td><td>[0, 1]</td><td>arXiv:2011.13456</td></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.EdmSchedule}</td><td>1</td><td>t</td>
 *       <td>[sigmaMin, sigmaMax]</td><td>arXiv:2206.00364</td></tr>
 *   <tr><td>{@link io.samplerkit.core.schedule.FlowMatchingSchedule}</td><td>1 - t</td><td>t</td>
 *       <td>[0, 1]</td><td>arXiv:2209.03003</td></tr>
 * </table>
 *
 * <p>Variance-preserving schedules implement {@link io.samplerkit.core.schedule.VpSchedule} (defined by
 * {@code log alpha}); {@link io.samplerkit.core.schedule.BetaSchedule} and
 * {@link io.samplerkit.core.schedule.ZeroTerminalSnr} build DDPM beta tables;
 * {@link io.samplerkit.core.schedule.Linspace} reproduces numpy's and torch's evenly spaced values.
 * Every formula avoids cancellation ({@code expm1}, {@code log1p}, {@code logaddexp}). All types are
 * immutable and thread-safe. See {@code docs/schedules-and-grids.md}.
 */
package io.samplerkit.core.schedule;
