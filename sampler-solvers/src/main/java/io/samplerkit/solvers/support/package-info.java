/**
 * Pieces shared by several solver families instead of being copied into each solver.
 *
 * <table>
 * <caption>Runge–Kutta tableaux in {@link io.samplerkit.solvers.support.ButcherTableau}</caption>
 * <tr><th>constant</th><th>method</th><th>order</th><th>stages</th><th>embedded</th><th>FSAL</th></tr>
 * <tr><td>{@code EULER}</td><td>Euler</td><td>1</td><td>1</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code HEUN}</td><td>Heun (explicit trapezoid)</td><td>2</td><td>2</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code MIDPOINT}</td><td>explicit midpoint</td><td>2</td><td>2</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code RK4}</td><td>classical Runge–Kutta</td><td>4</td><td>4</td><td>-</td><td>no</td></tr>
 * <tr><td>{@code BOGACKI_SHAMPINE}</td><td>Bogacki–Shampine 3(2)</td><td>3</td><td>4</td><td>2</td><td>yes</td></tr>
 * <tr><td>{@code DORMAND_PRINCE}</td><td>Dormand–Prince 5(4)</td><td>5</td><td>7</td><td>4</td><td>yes</td></tr>
 * </table>
 *
 * <p>{@link io.samplerkit.solvers.support.ExplicitRungeKutta} runs any tableau on preallocated buffers.
 */
package io.samplerkit.solvers.support;
