package io.samplerkit.solvers.sde;

/**
 * How the Langevin corrector of Song et al. (arXiv:2011.13456, Algorithm 4/5) measures the score and noise norms
 * in its step size {@code eps = 2 a^2 (snr ||z|| / ||score||)^2}.
 */
public enum LangevinNorm {
    /**
     * Each sample's own norms: a sample's result does not depend on the batch it was drawn in. In low dimension a
     * sample near the mode has a small score norm and gets a huge step: on the 4-dimensional contract problem the
     * variance of the smallest eigen-coordinate came out 8 times too large (measured, 100 steps, snr 0.16). In
     * high dimension (images) the norms concentrate and the two choices agree.
     */
    PER_SAMPLE,
    /**
     * The batch means of the per-sample norms, as score_sde computes them: a sample's step size depends on the
     * rest of its batch. The registry's default, because it is the reference behaviour and stable.
     */
    BATCH_MEAN
}
