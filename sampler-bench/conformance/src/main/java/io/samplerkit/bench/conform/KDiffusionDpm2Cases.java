package io.samplerkit.bench.conform;

/**
 * k-diffusion {@code sample_dpm_2} (midpoint in log sigma, deterministic {@code s_churn = 0}; Euler on
 * the step to sigma = 0) → registry {@code dpm-2} (see {@link KDiffusionOdeCases}).
 */
public final class KDiffusionDpm2Cases extends KDiffusionOdeCases {

    /** The translator. */
    public KDiffusionDpm2Cases() {
        super("sample_dpm_2", "dpm-2");
    }
}
