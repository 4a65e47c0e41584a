/**
 * Multistep and predictor–corrector samplers: PNDM/PLMS (pseudo numerical methods on the DDIM
 * transfer) and UniPC (unified predictor–corrector; its corrector UniC also runs on top of other
 * multistep predictors).
 *
 * <table>
 * <caption>Methods, orders and model calls (N steps)</caption>
 * <tr><th>registry name</th><th>method</th><th>order</th><th>model calls</th><th>reference</th></tr>
 * <tr><td>{@code pndm}</td><td>F-PNDM: 3 pseudo RK4 steps, then PLMS (AB4)</td>
 *     <td>4 on uniform-rho steps, 2 on uniform-lambda steps</td><td>N + 9</td><td>arXiv:2202.09778</td></tr>
 * <tr><td>{@code s-pndm}</td><td>S-PNDM: pseudo improved Euler, then AB2</td><td>2</td><td>N + 1</td>
 *     <td>arXiv:2202.09778</td></tr>
 * <tr><td>{@code plms}</td><td>PLMS (diffusers skip_prk_steps): pseudo improved Euler, AB2, AB3, AB4</td>
 *     <td>4 on uniform-rho steps, 2 on uniform-lambda steps</td><td>N + 1</td><td>arXiv:2202.09778</td></tr>
 * </table>
 */
package io.samplerkit.solvers.multistep;
