/**
 * Multistep and predictor–corrector samplers that reuse earlier model evaluations: LMS (linear
 * multistep in EDM coordinates), PNDM/PLMS (pseudo numerical methods on the DDIM transfer) and UniPC
 * (unified predictor–corrector), whose corrector {@link
 * io.samplerkit.solvers.multistep.UniC} also runs on top of the multistep DPM-Solver(++) predictors.
 * Formulas, options and measured orders: docs/solvers/multistep.md (LMS: its own page).
 *
 * <table>
 * <caption>Methods, orders and model calls (N steps)</caption>
 * <tr><th>registry name</th><th>method</th><th>order</th><th>model calls</th><th>reference</th></tr>
 * <tr><td>{@code lms}</td><td>{@link io.samplerkit.solvers.multistep.LinearMultistep}: linear multistep,
 *     exact Lagrange weights</td><td>1 – 4 (option {@code order})</td><td>N</td><td>k-diffusion sample_lms</td></tr>
 * <tr><td>{@code pndm}</td><td>F-PNDM: 3 pseudo RK4 steps, then PLMS (AB4 on noise)</td>
 *     <td>4 on uniform-rho steps (3 once the warm-up error dominates), 2 on uniform-lambda steps</td>
 *     <td>N + 9</td><td>arXiv:2202.09778, Alg. 2</td></tr>
 * <tr><td>{@code s-pndm}</td><td>S-PNDM: pseudo improved Euler, then AB2</td><td>2</td><td>N + 1</td>
 *     <td>arXiv:2202.09778</td></tr>
 * <tr><td>{@code plms}</td><td>PLMS (diffusers skip_prk_steps): pseudo improved Euler, AB2, AB3, AB4</td>
 *     <td>as F-PNDM</td><td>N + 1</td><td>arXiv:2202.09778</td></tr>
 * <tr><td>(PNDM family option {@code combine=diffusers-raw-velocity})</td><td>{@link
 *     io.samplerkit.solvers.multistep.PndmCombination}: the same weights on velocities, converted with
 *     the transfer's start point (diffusers v_prediction)</td><td>as the method</td><td>as the method</td>
 *     <td>diffusers PNDMScheduler</td></tr>
 * <tr><td>{@code unipc-bh1}, {@code unipc-bh2}</td><td>UniP-p predictor + UniC-p corrector, B(h) = h or
 *     e^h - 1, p = 1..3</td><td>p + 1</td><td>N</td><td>arXiv:2302.04867, Alg. 1–3</td></tr>
 * <tr><td>{@code unipc-vary-coeff-reference}</td><td>the official vary_coeff variant as published</td>
 *     <td>2 for p = 1, else 1</td><td>N</td><td>official uni_pc.py</td></tr>
 * <tr><td>{@code dpmpp-2m-unic}, {@code dpmpp-3m-unic}, {@code dpmpp-3m-corrected-unic},
 *     {@code dpmpp-multistep-unic}, {@code dpm-solver-multistep-unic}, {@code deis-unic}</td>
 *     <td>multistep DPM-Solver(++) or DEIS predictor + UniC corrector</td><td>predictor's + 1</td><td>N</td>
 *     <td>arXiv:2302.04867, §3.3</td></tr>
 * </table>
 */
package io.samplerkit.solvers.multistep;
