/**
 * SamplerKit core: everything a sampler needs except the sampler.
 *
 * <table>
 * <caption>Packages</caption>
 * <tr><th>package</th><th>contents</th></tr>
 * <tr><td>{@code schedule}</td><td>noise schedules: VP linear/cosine/discrete, sub-VP, VE, EDM, flow matching</td></tr>
 * <tr><td>{@code model}</td><td>predictions, exact conversions, the model interface and its wrappers</td></tr>
 * <tr><td>{@code grid}</td><td>time-grid rules and the evaluated {@code Timesteps}</td></tr>
 * <tr><td>{@code dynamics}</td><td>probability-flow ODE and reverse SDE</td></tr>
 * <tr><td>{@code state}, {@code kernel}</td><td>batch state and fused allocation-free kernels</td></tr>
 * <tr><td>{@code noise}</td><td>seeded counter-based noise and Brownian paths</td></tr>
 * <tr><td>{@code analytic}</td><td>Gaussian and Gaussian-mixture data with exact answers</td></tr>
 * </table>
 *
 * <p>This package itself holds the shared argument checks ({@link io.samplerkit.core.Checks}) and the structured
 * run-time failure ({@link io.samplerkit.core.SamplingException}).
 */
package io.samplerkit.core;
