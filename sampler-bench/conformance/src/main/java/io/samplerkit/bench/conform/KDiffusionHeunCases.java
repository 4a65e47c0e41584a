package io.samplerkit.bench.conform;

/**
 * k-diffusion {@code sample_heun} (EDM Algorithm 2, deterministic {@code s_churn = 0}; Euler on the
 * step to sigma = 0, so NFE = 2n - 1) → registry {@code heun} (see {@link KDiffusionOdeCases}).
 */
public final class KDiffusionHeunCases extends KDiffusionOdeCases {

    /** The translator. */
    public KDiffusionHeunCases() {
        super("sample_heun", "heun");
    }
}
