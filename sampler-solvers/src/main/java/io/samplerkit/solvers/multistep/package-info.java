/**
 * Multistep and predictor–corrector solvers that reuse earlier model evaluations.
 *
 * <table>
 * <caption>Methods</caption>
 * <tr><th>class</th><th>registry name</th><th>order</th><th>model calls per step</th></tr>
 * <tr><td>{@link io.samplerkit.solvers.multistep.LinearMultistep}</td><td>{@code lms}</td><td>1 – 4 (option {@code order})</td><td>1</td></tr>
 * </table>
 */
package io.samplerkit.solvers.multistep;
