package io.samplerkit.bench.conform;

/**
 * Why a conformance case was skipped. The test suite tolerates only {@link #NOT_IMPLEMENTED}; any
 * other skip fails it, so a translator cannot quietly drop a case it should run.
 */
public enum SkipKind {
    /**
     * The solver, schedule or translator the case needs does not exist yet (a later issue, or a
     * piece another branch has not delivered). Also used when no translator accepts the case.
     */
    NOT_IMPLEMENTED,
    /**
     * The case uses a feature SamplerKit deliberately does not reproduce (e.g. torch's random
     * stream for a stochastic sampler); always needs a justification in the reason.
     */
    UNSUPPORTED
}
