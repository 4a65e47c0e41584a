package io.samplerkit.bench.conform;

import java.util.Map;

/**
 * k-diffusion {@code sample_euler_ancestral} → registry {@code euler-ancestral} with the case's {@code eta} and
 * {@code s_noise} (both default 1, as in k-diffusion). With {@code eta > 0} each step draws noise, so the case
 * must inject its draws ({@code noise}, FORMAT.md); without them it is skipped.
 */
final class KDiffusionEulerAncestralCases extends KDiffusionOdeCases {

    KDiffusionEulerAncestralCases() {
        super("sample_euler_ancestral", "euler-ancestral");
    }

    @Override
    Map<String, ?> options(ReferenceCase referenceCase) throws SkipCaseException {
        double eta = referenceCase.solver().path("eta").asDouble(1.0);
        if (eta != 0.0 && !referenceCase.hasNoise()) {
            throw SkipCaseException.unsupported("eta > 0 draws torch noise and the case injects none (noise)");
        }
        return Map.of("eta", eta, "s-noise", referenceCase.solver().path("s_noise").asDouble(1.0));
    }
}
