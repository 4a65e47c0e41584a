/**
 * Conformance against the official Python samplers: reference cases ({@code shared/reference},
 * FORMAT.md) are translated into SamplerKit runs and judged to {@code 1e-10} relative with identical
 * model-evaluation counts.
 *
 * <ul>
 * <li>{@link io.samplerkit.bench.conform.ReferenceCase}: one case file, typed access.</li>
 * <li>{@link io.samplerkit.bench.conform.CaseTranslator}: one class per reference sampler, listed
 *     in {@link io.samplerkit.bench.conform.CaseTranslators#all()}; shared helpers
 *     {@link io.samplerkit.bench.conform.CaseSchedules} (the schedule of a case) and
 *     {@link io.samplerkit.bench.conform.CaseGrids} (its stored grid as Timesteps).</li>
 * <li>{@link io.samplerkit.bench.conform.ConformanceRunner}: runs and judges cases; the
 *     {@code samplerkit conform} command and the test suite both use it.</li>
 * </ul>
 *
 * <table>
 * <caption>translators and the solvers they map to</caption>
 * <tr><th>reference</th><th>translator</th><th>registry solver</th></tr>
 * <tr><td>k-diffusion {@code sample_euler}</td><td>{@link io.samplerkit.bench.conform.KDiffusionEulerCases}</td>
 *     <td>{@code euler}</td></tr>
 * <tr><td>diffusers {@code EulerDiscreteScheduler}</td><td>{@link io.samplerkit.bench.conform.DiffusersEulerCases}</td>
 *     <td>{@code euler}</td></tr>
 * <tr><td>diffusers {@code DDIMScheduler}</td><td>{@link io.samplerkit.bench.conform.DiffusersDdimCases}</td>
 *     <td>{@code ddim}</td></tr>
 * </table>
 */
package io.samplerkit.bench.conform;
