package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.Checks;

/**
 * Tolerance variants of the adaptive solvers (official DPM-Solver {@code method='adaptive'},
 * k-diffusion {@code sample_dpm_adaptive}): the convergence values are {@code [rtol, atol]} pairs,
 * written to {@code solver.rtol} and {@code solver.atol} (k-diffusion's defaults, 0.05 and 0.0078, when
 * the case does not set them). The solvers choose their own steps, so no grid is regenerated; the
 * recorded accepted times and attempts of the stored run ({@code timesteps}, {@code adaptive_attempts},
 * {@code adaptive_rejected}, {@code solver.adaptive_info}) do not describe the variant and are removed.
 */
final class AdaptiveVariants implements VariantRule {

    /** k-diffusion {@code sample_dpm_adaptive} defaults. */
    private static final double KDIFFUSION_RTOL = 0.05;
    private static final double KDIFFUSION_ATOL = 0.0078;

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        JsonNode s = referenceCase.solver();
        return "dpm-solver".equals(referenceCase.family()) && "adaptive".equals(s.path("method").asText())
                || "k-diffusion".equals(referenceCase.family())
                && "sample_dpm_adaptive".equals(s.path("sampler").asText());
    }

    @Override
    public JsonNode baseValue(ReferenceCase base) {
        JsonNode s = base.solver();
        ArrayNode pair = JsonNodeFactory.instance.arrayNode();
        pair.add(s.path("rtol").asDouble(KDIFFUSION_RTOL));
        pair.add(s.path("atol").asDouble(KDIFFUSION_ATOL));
        return pair;
    }

    @Override
    public void apply(ReferenceCase base, ObjectNode variant, JsonNode value) throws SkipCaseException {
        if (!value.isArray() || value.size() != 2 || !value.get(0).isNumber() || !value.get(1).isNumber()) {
            throw SkipCaseException.unsupported("an adaptive convergence value must be [rtol, atol], got " + value);
        }
        double rtol = value.get(0).doubleValue();
        double atol = value.get(1).doubleValue();
        Checks.requirePositive(rtol, "rtol");
        Checks.requirePositive(atol, "atol");
        ObjectNode solver = (ObjectNode) variant.get("solver");
        solver.put("rtol", rtol);
        solver.put("atol", atol);
        solver.remove("adaptive_info");
        variant.remove("timesteps");
        variant.remove("adaptive_attempts");
        variant.remove("adaptive_rejected");
    }
}
