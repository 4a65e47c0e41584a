/**
 * Reproducible randomness: counter-based normal draws addressed by (seed, stream, row)
 * ({@link io.samplerkit.core.noise.SeededNoise}), independent of thread count and request order, and
 * Brownian paths queried by increments ({@link io.samplerkit.core.noise.BrownianPath},
 * {@link io.samplerkit.core.noise.VirtualBrownianTree}) so that stochastic solvers see the same path at every
 * step size.
 */
package io.samplerkit.core.noise;
