/**
 * Exponential integrators of the probability-flow ODE in half log-SNR {@code lambda}: the linear part is
 * integrated exactly, the model output (data or noise prediction, see
 * {@link io.samplerkit.solvers.internal.ModelSide}) is approximated by a polynomial in {@code lambda}.
 *
 * <table>
 * <caption>Methods, orders and model calls</caption>
 * <tr><th>class</th><th>registry names</th><th>order</th><th>model calls</th><th>reference</th></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.Ddim}</td><td>ddim</td><td>1</td><td>1 per step</td>
 *     <td>arXiv:2010.02502</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.DpmSolverSinglestep}</td>
 *     <td>dpm-solver-singlestep, dpmpp-singlestep, dpmpp-2s, dpmpp-3s, dpm-solver-fast</td>
 *     <td>1, 2, 3</td><td>p per step of order p (nfe in total)</td>
 *     <td>arXiv:2206.00927 Alg. 1, 4, 5; arXiv:2211.01095 Alg. 1</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.DpmSolverMultistep}</td>
 *     <td>dpm-solver-multistep, dpmpp-multistep, dpmpp-2m, dpmpp-3m, dpmpp-3m-corrected</td>
 *     <td>1, 2; third order: 2 (reference-compatible), 3 (corrected)</td><td>1 per step</td>
 *     <td>arXiv:2206.00927 app. B; arXiv:2211.01095 Alg. 2</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.AdaptiveDpmSolver}</td>
 *     <td>dpm-solver-adaptive, dpmpp-adaptive (official control), dpm-solver-adaptive-pid (k-diffusion)</td>
 *     <td>2, 3 (error controlled by rtol, atol)</td><td>2 or 3 per attempt, rejected attempts included</td>
 *     <td>arXiv:2206.00927 Alg. 4, app. C</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.DeisMultistep}</td><td>deis</td>
 *     <td>1, 2, 3 (3: about 4 on smooth problems)</td><td>1 per step</td>
 *     <td>arXiv:2204.13902 eq. 14, log-rho (diffusers)</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.DeisAdamsBashforth}</td><td>deis-tab, deis-rhoab</td>
 *     <td>degree + 1 (1 to 4)</td><td>1 per step</td><td>arXiv:2204.13902 eq. 14-15</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.DeisRungeKutta}</td><td>deis-rhork</td>
 *     <td>1 to 4 (the tableau's)</td><td>stages per step</td><td>arXiv:2204.13902 sec. 4</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.Ipndm}</td><td>ipndm</td>
 *     <td>4 on uniform-rho steps, about 2 otherwise</td><td>1 per step</td>
 *     <td>arXiv:2204.13902 app.; arXiv:2202.09778</td></tr>
 * <tr><td>{@link io.samplerkit.solvers.exponential.DpmSolverPlusPlusSde}</td>
 *     <td>dpmpp-sde-multistep, dpmpp-2m-sde, dpmpp-3m-sde</td>
 *     <td>weak 1, 2, 2 (stochastic when eta &gt; 0)</td><td>1 per step</td>
 *     <td>arXiv:2211.01095 §4; k-diffusion</td></tr>
 * </table>
 *
 * <p>k-diffusion's sigma-space samplers are these solvers on an {@code EdmSchedule} (time = sigma):
 * {@code sample_dpmpp_2m} = dpmpp-2m, {@code sample_dpmpp_2m_sde}/{@code sample_dpmpp_3m_sde} with
 * {@code eta = 0} = dpmpp-2m / dpmpp-3m (warm-up only, first-order step to sigma = 0),
 * {@code sample_dpm_fast} = dpm-solver-fast on a nested uniform-lambda stage grid,
 * {@code sample_dpmpp_2s_ancestral} with {@code eta = 0} = dpmpp-2s on the sigmas with lambda-midpoints,
 * {@code sample_dpm_adaptive} = dpm-solver-adaptive-pid from sigma_max to sigma_min.
 *
 * <p>DEIS works in {@code v = x/alpha} against {@code rho = sigma/alpha}, where the ODE is
 * {@code dv/drho = epshat}; its variants differ only in the variable of the interpolating polynomial
 * ({@code t}, {@code rho} or {@code log rho}) or use Runge–Kutta stages in {@code rho}.
 */
package io.samplerkit.solvers.exponential;
