/**
 * Building blocks shared by several solver families instead of being copied into each solver. <b>Internal</b>:
 * only sampler-solvers imports this package (InternalPackageTest checks every other module's sources); other
 * modules use the public packages ({@code io.samplerkit.solvers} and the family packages).
 *
 * <p>Exponential integrators and multistep methods: stable phi-functions
 * ({@link io.samplerkit.solvers.internal.PhiFunctions}), the data/noise side that mirrors every formula
 * ({@link io.samplerkit.solvers.internal.ModelSide}), the model-output ring buffer
 * ({@link io.samplerkit.solvers.internal.ModelHistory}), the multistep loop with warm-up and
 * lower-order-final rules ({@link io.samplerkit.solvers.internal.MultistepExponentialRun},
 * {@link io.samplerkit.solvers.internal.MultistepOrderRule}) and the corrector hook
 * ({@link io.samplerkit.solvers.internal.MultistepCorrector}) that lets UniC run on top of any
 * multistep predictor; quadrature of Lagrange bases ({@link io.samplerkit.solvers.internal.GaussLegendre},
 * {@link io.samplerkit.solvers.internal.LagrangeWeights}) and explicit Runge–Kutta tableaux
 * ({@link io.samplerkit.solvers.internal.ButcherTableau}); the constant-step Adams–Bashforth weights of PLMS
 * ({@link io.samplerkit.solvers.internal.AdamsBashforth}) and the tiny dense solver of UniPC's order
 * conditions ({@link io.samplerkit.solvers.internal.SmallLinearSystem}).
 *
 * <p>Runge–Kutta methods: {@link io.samplerkit.solvers.internal.ButcherTableau} (the tableau literals
 * below), {@link io.samplerkit.solvers.internal.ExplicitRungeKutta} (runs any tableau on preallocated
 * buffers), {@link io.samplerkit.solvers.internal.EdmRun} (grid runs in EDM coordinates
 * {@code x/alpha, sigma/alpha}; {@link io.samplerkit.solvers.internal.EdmStageRun} runs every
 * {@link io.samplerkit.solvers.internal.EdmScheme} on {@code x} with the scaling folded into one kernel per stage)
 * with {@link io.samplerkit.solvers.internal.Churn} (EDM's stochastic churn, implemented once), and {@link io.samplerkit.solvers.adaptive.PidController} for embedded pairs. Its gains and
 * PID product ({@link io.samplerkit.solvers.adaptive.PidCoefficients}) also drive k-diffusion's adaptive
 * DPM-Solver, which limits the factor differently.
 *
 * <table>
 * <caption>Pieces and where they are used</caption>
 * <tr><th>piece</th><th>used by</th></tr>
 * <tr><td>PhiFunctions, ModelSide</td><td>DPM-Solver(++), DEIS, UniPC, SDE-DPM-Solver++</td></tr>
 * <tr><td>ModelHistory, MultistepExponentialRun</td><td>every multistep exponential integrator; LMS (d-values)</td></tr>
 * <tr><td>MultistepCorrector</td><td>UniC on DPM-Solver++ multistep, DEIS, UniP</td></tr>
 * <tr><td>ButcherTableau</td><td>Euler, Heun, midpoint, RK4 (through EdmScheme), embedded RK, rhoRK-DEIS</td></tr>
 * <tr><td>ExplicitRungeKutta</td><td>embedded RK</td></tr>
 * <tr><td>EdmRun, EdmStageRun, EdmScheme, EdmSolver, Churn, Ancestral</td><td>Euler, Heun, DPM-2, midpoint, RK4,
 *     DPM-Solver++(2S) and their ancestral forms; EdmRun: LMS (on x, slopes in a ModelHistory)</td></tr>
 * <tr><td>PidController, ErrorNorm</td><td>embedded Runge–Kutta pairs</td></tr>
 * <tr><td>PidCoefficients</td><td>PidController; k-diffusion's adaptive DPM-Solver (PidStepControl)</td></tr>
 * <tr><td>GaussLegendre, LagrangeWeights</td><td>tAB/rhoAB-DEIS coefficients (exact polynomial
 *     integration; adaptive quadrature against a smooth weight); LMS weights</td></tr>
 * <tr><td>GridChecks</td><td>validate() of solvers that cannot end at zero noise</td></tr>
 * <tr><td>AdamsBashforth</td><td>PNDM, S-PNDM, PLMS (iPNDM uses the same weights)</td></tr>
 * <tr><td>SmallLinearSystem</td><td>UniPC coefficients (UniP, UniC)</td></tr>
 * </table>
 *
 * <table>
 * <caption>Runge–Kutta tableaux in {@link io.samplerkit.solvers.internal.ButcherTableau}</caption>
 * <tr><th>constant</th><th>method</th><th>order</th><th>stages</th><th>embedded</th><th>FSAL</th></tr>
 * <tr><td>{@code EULER}</td><td>Euler</td><td>1</td><td>1</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code HEUN}</td><td>Heun (explicit trapezoid)</td><td>2</td><td>2</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code MIDPOINT}</td><td>explicit midpoint</td><td>2</td><td>2</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code RK4}</td><td>classical Runge–Kutta</td><td>4</td><td>4</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code BOGACKI_SHAMPINE}</td><td>Bogacki–Shampine 3(2)</td><td>3</td><td>4</td><td>2</td><td>yes</td></tr>
 * <tr><td>{@code DORMAND_PRINCE}</td><td>Dormand–Prince 5(4)</td><td>5</td><td>7</td><td>4</td><td>yes</td></tr>
 * </table>
 */
package io.samplerkit.solvers.internal;
