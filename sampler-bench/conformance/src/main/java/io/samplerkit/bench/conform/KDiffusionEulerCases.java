package io.samplerkit.bench.conform;

/**
 * k-diffusion {@code sample_euler} (deterministic, {@code s_churn = 0}) → registry {@code euler}
 * (see {@link KDiffusionOdeCases} for the mapping).
 */
public final class KDiffusionEulerCases extends KDiffusionOdeCases {

    /** The translator. */
    public KDiffusionEulerCases() {
        super("sample_euler", "euler");
    }
}
