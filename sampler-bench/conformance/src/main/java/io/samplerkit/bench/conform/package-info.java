/**
 * Conformance against the official Python samplers: reference cases (sampler-bench's test resources,
 * format in {@code reference/FORMAT.md}) are translated into SamplerKit runs and judged to {@code 1e-10}
 * relative with identical model-evaluation counts.
 *
 * <ul>
 * <li>{@link io.samplerkit.bench.conform.ReferenceCase}: one case file, typed access.</li>
 * <li>{@link io.samplerkit.bench.conform.CaseTranslator}: one class per reference sampler, listed
 *     in {@link io.samplerkit.bench.conform.CaseTranslators#all()}; shared helpers
 *     {@link io.samplerkit.bench.conform.CaseSchedules} (the schedule of a case) and
 *     {@link io.samplerkit.bench.conform.CaseGrids} (its stored grid as Timesteps).</li>
 * <li>{@link io.samplerkit.bench.conform.ConformanceRunner}: runs and judges cases; the
 *     {@code samplerkit conform} command and the test suite both use it.</li>
 * <li>{@link io.samplerkit.bench.conform.CaseVariants}: the variants a case's {@code convergence_check}
 *     describes (the case re-run with another step count or tolerance pair), built by one rule per family
 *     ({@code DpmSolverVariants}, {@code AdaptiveVariants}, {@code KDiffusionVariants},
 *     {@code DiffusersVariants}) that regenerates the stored grids;
 *     {@link io.samplerkit.bench.conform.ConvergenceRunner} runs them through the same translators and
 *     judges our error against the exact PF-ODE solution and our NFE against the reference's
 *     ({@code samplerkit conform --convergence}).</li>
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
 * <tr><td>official DPM-Solver (multistep, singlestep, singlestep_fixed)</td>
 *     <td>{@link io.samplerkit.bench.conform.DpmSolverCases}</td>
 *     <td>{@code dpm-solver-multistep}, {@code dpmpp-multistep}, {@code dpm-solver-singlestep}, {@code dpmpp-singlestep}</td></tr>
 * <tr><td>k-diffusion {@code sample_dpmpp_2m}, {@code sample_dpmpp_2m_sde}, {@code sample_dpmpp_3m_sde} (eta 0)</td>
 *     <td>{@link io.samplerkit.bench.conform.KDiffusionDpmppMultistepCases}</td><td>{@code dpmpp-2m}, {@code dpmpp-3m}</td></tr>
 * <tr><td>k-diffusion {@code sample_dpm_fast}</td><td>{@link io.samplerkit.bench.conform.KDiffusionDpmFastCases}</td>
 *     <td>{@code dpm-solver-fast}</td></tr>
 * <tr><td>k-diffusion {@code sample_dpmpp_2s_ancestral} (eta 0)</td>
 *     <td>{@link io.samplerkit.bench.conform.KDiffusionDpmpp2sAncestralCases}</td><td>{@code dpmpp-2s}</td></tr>
 * <tr><td>k-diffusion {@code sample_euler_ancestral}, {@code sample_dpm_2_ancestral},
 *     {@code sample_dpmpp_2s_ancestral} (eta &gt; 0, injected noise)</td>
 *     <td>{@code KDiffusionAncestralCases}</td>
 *     <td>{@code euler-ancestral}, {@code dpm-2-ancestral}, {@code dpmpp-2s-ancestral}</td></tr>
 * <tr><td>diffusers {@code DDPMScheduler} (injected noise)</td><td>{@code DiffusersDdpmCases}</td>
 *     <td>{@code ddpm}</td></tr>
 * <tr><td>diffusers {@code EulerAncestralDiscreteScheduler} (injected noise; through the config loader)</td>
 *     <td>{@code DiffusersLoaderNoiseCases}</td><td>{@code euler-ancestral} (eta 1)</td></tr>
 * <tr><td>diffusers {@code SASolverScheduler} (injected noise; through the config loader)</td>
 *     <td>{@code DiffusersLoaderNoiseCases}</td><td>{@code sa-solver} (the class's orders, algorithm, tau window)</td></tr>
 * <tr><td>diffusers {@code DPMSolverMultistepScheduler}</td>
 *     <td>{@link io.samplerkit.bench.conform.DiffusersDpmSolverMultistepCases}</td>
 *     <td>{@code dpmpp-multistep}, {@code dpm-solver-multistep}</td></tr>
 * </table>
 */
package io.samplerkit.bench.conform;
