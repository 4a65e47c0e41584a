package io.samplerkit.bench.conform;

import java.util.Map;

/**
 * k-diffusion {@code sample_lms} (order from the case, default 4) → registry {@code lms} with that
 * {@code order} (see {@link KDiffusionOdeCases}). k-diffusion integrates the Lagrange basis with
 * {@code scipy.integrate.quad}; SamplerKit integrates it exactly, which agrees to ~1e-15.
 */
public final class KDiffusionLmsCases extends KDiffusionOdeCases {

    /** k-diffusion's default order. */
    private static final int DEFAULT_ORDER = 4;

    /** The translator. */
    public KDiffusionLmsCases() {
        super("sample_lms", "lms");
    }

    @Override
    Map<String, ?> options(ReferenceCase referenceCase) {
        return Map.of("order", referenceCase.solver().path("order").asInt(DEFAULT_ORDER));
    }
}
