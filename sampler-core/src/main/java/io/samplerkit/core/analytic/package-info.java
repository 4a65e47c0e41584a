/**
 * Analytic data laws whose diffusion quantities are known exactly: the ground truth that samplers are
 * measured against.
 *
 * <table>
 * <caption>Analytic models</caption>
 * <tr><th>type</th><th>exact</th><th>reference (numerical)</th></tr>
 * <tr><td>{@link io.samplerkit.core.analytic.GaussianData}</td>
 *     <td>model in every prediction, PF-ODE flow map, marginals, reverse-SDE laws (any eta), one-step
 *     reverse transition</td><td>none needed</td></tr>
 * <tr><td>{@link io.samplerkit.core.analytic.GaussianMixtureData}</td>
 *     <td>model in every prediction, score, posterior mean, responsibilities, log density</td>
 *     <td>PF-ODE flow by Dormand–Prince 8(5,3), relative error about 0.5 rtol</td></tr>
 * <tr><td>{@link io.samplerkit.core.analytic.FrechetDistance}</td>
 *     <td>Fréchet distance of Gaussians (shared eigenbasis and general)</td><td>-</td></tr>
 * </table>
 *
 * <p>All types are immutable and thread-safe. See {@code docs/analytic-models.md} for the formulas.
 */
package io.samplerkit.core.analytic;
