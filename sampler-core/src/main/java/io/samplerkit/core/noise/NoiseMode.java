package io.samplerkit.core.noise;

/**
 * How a stochastic solver turns a {@link NoiseSource} into the standard normals of its steps.
 */
public enum NoiseMode {
    /**
     * Fresh independent normals per draw, keyed by the solver's stream number (step index and
     * sub-draw), as diffusers and k-diffusion's default noise sampler do. Refining the grid changes
     * every draw.
     */
    FRESH,
    /**
     * Normalized increments {@code (W(s) - W(t)) / sqrt(s - t)} of one Brownian path over the run's time
     * interval (a {@link VirtualBrownianTree}), as k-diffusion's {@code BrownianTreeNoiseSampler} does:
     * refining the grid refines the same path, so runs with different step counts (or different solvers)
     * see the same noise.
     */
    BROWNIAN
}
