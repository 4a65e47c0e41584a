/**
 * A complete example of SamplerKit used as a library (docs/library.md): a user-written
 * {@link io.samplerkit.core.model.DiffusionModel} ({@link io.samplerkit.examples.PointSetDenoiser}), guided with
 * classifier-free guidance, thresholded, and sampled with a solver chosen from the registry
 * ({@link io.samplerkit.examples.GuidedSamplingExample}).
 */
package io.samplerkit.examples;
