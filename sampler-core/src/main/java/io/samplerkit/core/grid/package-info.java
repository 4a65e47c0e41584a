/**
 * Time grids: rules that place {@code steps + 1} strictly decreasing times between a start (noisy)
 * and an end (clean) time of a schedule, and {@link io.samplerkit.core.grid.Timesteps}, the grid
 * evaluated once (alpha, sigma, lambda at every point).
 *
 * <table>
 *   <caption>Grid rules (uniform in the quantity named; t = time, rho = sigma/alpha, lambda = -log rho)</caption>
 *   <tr><th>rule</th><th>uniform in</th><th>reference</th></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.UniformTimeGrid}</td><td>t</td><td>DPM-Solver time_uniform</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.QuadraticTimeGrid}</td><td>sqrt t</td><td>DPM-Solver time_quadratic</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.LogSnrGrid}</td><td>lambda</td><td>DPM-Solver logSNR, arXiv:2206.00927</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.KarrasGrid}</td><td>rho^(1/p)</td><td>arXiv:2206.00364 eq. 5</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.ExponentialGrid}</td><td>log rho</td><td>k-diffusion get_sigmas_exponential</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.PolyExponentialGrid}</td><td>(1 - i/N)^p in log rho</td><td>k-diffusion get_sigmas_polyexponential</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.FlowShiftGrid}</td><td>a base rule in unshifted flow time</td><td>arXiv:2403.03206</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.DiffusersSpacing}</td><td>integer training steps</td><td>diffusers timestep_spacing, arXiv:2305.08891 Table 2</td></tr>
 *   <tr><td>{@link io.samplerkit.core.grid.ExplicitGrid}</td><td>given points</td><td></td></tr>
 * </table>
 *
 * <p>{@link io.samplerkit.core.grid.SkipType} maps the official DPM-Solver/UniPC {@code skip_type} names
 * to the first three rules.
 *
 * <p>Every rule returns its end points exactly (except {@code DiffusersSpacing}, whose first point
 * the spacing fixes) and rejects a grid that would repeat a time. Rules are immutable records.
 * See {@code docs/schedules-and-grids.md}.
 */
package io.samplerkit.core.grid;
