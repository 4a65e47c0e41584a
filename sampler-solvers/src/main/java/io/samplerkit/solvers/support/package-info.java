/**
 * Building blocks shared by the exponential-integrator and multistep solvers: stable phi-functions
 * ({@link io.samplerkit.solvers.support.PhiFunctions}), the data/noise side that mirrors every formula
 * ({@link io.samplerkit.solvers.support.ModelSide}), the model-output ring buffer
 * ({@link io.samplerkit.solvers.support.ModelHistory}), the multistep loop with warm-up and
 * lower-order-final rules ({@link io.samplerkit.solvers.support.MultistepExponentialRun},
 * {@link io.samplerkit.solvers.support.MultistepOrderRule}) and the corrector hook
 * ({@link io.samplerkit.solvers.support.MultistepCorrector}) that lets UniC run on top of any
 * multistep predictor; quadrature of Lagrange bases ({@link io.samplerkit.solvers.support.GaussLegendre},
 * {@link io.samplerkit.solvers.support.LagrangeWeights}) and explicit Runge–Kutta tableaux
 * ({@link io.samplerkit.solvers.support.ButcherTableau}); the constant-step Adams–Bashforth weights of PLMS
 * ({@link io.samplerkit.solvers.support.AdamsBashforth}) and the tiny dense solver of UniPC's order
 * conditions ({@link io.samplerkit.solvers.support.SmallLinearSystem}).
 *
 * <table>
 * <caption>Pieces and where they are used</caption>
 * <tr><th>piece</th><th>used by</th></tr>
 * <tr><td>PhiFunctions, ModelSide</td><td>DPM-Solver(++), DEIS, UniPC, SDE-DPM-Solver++</td></tr>
 * <tr><td>ModelHistory, MultistepExponentialRun</td><td>every multistep exponential integrator</td></tr>
 * <tr><td>MultistepCorrector</td><td>UniC on DPM-Solver++ multistep, DEIS, UniP</td></tr>
 * <tr><td>GaussLegendre, LagrangeWeights</td><td>tAB/rhoAB-DEIS coefficients (exact polynomial
 *     integration; adaptive quadrature against a smooth weight); usable by LMS</td></tr>
 * <tr><td>ButcherTableau</td><td>rhoRK-DEIS (and Runge–Kutta solvers)</td></tr>
 * <tr><td>GridChecks</td><td>validate() of solvers that cannot end at zero noise</td></tr>
 * <tr><td>AdamsBashforth</td><td>PNDM, S-PNDM, PLMS (iPNDM uses the same weights)</td></tr>
 * <tr><td>SmallLinearSystem</td><td>UniPC coefficients (UniP, UniC)</td></tr>
 * </table>
 */
package io.samplerkit.solvers.support;
