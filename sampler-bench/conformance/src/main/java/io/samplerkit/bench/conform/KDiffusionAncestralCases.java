package io.samplerkit.bench.conform;

import java.util.Map;

/**
 * k-diffusion's ancestral samplers → the registry's solver of the same step with the case's {@code eta} and
 * {@code s_noise} (both default 1, as in k-diffusion): {@code sample_euler_ancestral} → {@code euler-ancestral},
 * {@code sample_dpm_2_ancestral} → {@code dpm-2-ancestral}, {@code sample_dpmpp_2s_ancestral} →
 * {@code dpmpp-2s-ancestral} (its {@code eta = 0} cases are taken earlier by {@link KDiffusionDpmpp2sAncestralCases}).
 * With {@code eta > 0} each step but the last draws noise, so the case must inject its draws ({@code noise},
 * FORMAT.md); without them it is skipped.
 *
 * <p>{@code sample_dpm_2_ancestral} adds its noise only on steps whose {@code sigma_down} is positive. For
 * {@code eta <= 1} that is every step whose next sigma is positive, as in the registry's solvers; with
 * {@code eta > 1} a step whose {@code sigma_up} is capped at the next sigma has {@code sigma_down = 0}, and
 * k-diffusion then ends that step at sigma 0 without any noise although the next sigma is positive. That is not
 * reproduced ({@code dpm-2-ancestral} adds the capped noise, as the other two samplers do): such cases are skipped.
 */
final class KDiffusionAncestralCases extends KDiffusionOdeCases {

    private final boolean noiseOnlyAboveZeroDown;

    private KDiffusionAncestralCases(String sampler, String registryName, boolean noiseOnlyAboveZeroDown) {
        super(sampler, registryName);
        this.noiseOnlyAboveZeroDown = noiseOnlyAboveZeroDown;
    }

    /** @return {@code sample_euler_ancestral} → {@code euler-ancestral} */
    static KDiffusionAncestralCases euler() {
        return new KDiffusionAncestralCases("sample_euler_ancestral", "euler-ancestral", false);
    }

    /** @return {@code sample_dpm_2_ancestral} → {@code dpm-2-ancestral} */
    static KDiffusionAncestralCases dpm2() {
        return new KDiffusionAncestralCases("sample_dpm_2_ancestral", "dpm-2-ancestral", true);
    }

    /** @return {@code sample_dpmpp_2s_ancestral} → {@code dpmpp-2s-ancestral} */
    static KDiffusionAncestralCases dpmpp2s() {
        return new KDiffusionAncestralCases("sample_dpmpp_2s_ancestral", "dpmpp-2s-ancestral", false);
    }

    @Override
    Map<String, ?> options(ReferenceCase referenceCase) throws SkipCaseException {
        double eta = referenceCase.solver().path("eta").asDouble(1.0);
        if (eta != 0.0 && !referenceCase.hasNoise()) {
            throw SkipCaseException.unsupported("eta > 0 draws torch noise and the case injects none (noise)");
        }
        if (noiseOnlyAboveZeroDown && eta > 1.0) {
            throw SkipCaseException.unsupported("sample_dpm_2_ancestral with eta > 1 drops the noise of a step whose "
                    + "sigma_up is capped at the next sigma (sigma_down = 0); dpm-2-ancestral adds it");
        }
        return Map.of("eta", eta, "s-noise", referenceCase.solver().path("s_noise").asDouble(1.0));
    }
}
