package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;

/**
 * The noise schedule of a reference case ({@code schedule.type}, FORMAT.md), built exactly as the
 * reference held it:
 * <table>
 * <caption>schedule types</caption>
 * <tr><th>{@code type}</th><th>SamplerKit schedule</th></tr>
 * <tr><td>{@code vp-linear}</td><td>{@link VpLinearSchedule}({@code beta_min, beta_max, T})</td></tr>
 * <tr><td>{@code vp-cosine}</td><td>{@link VpCosineSchedule}({@code cosine_s, T})</td></tr>
 * <tr><td>{@code vp-discrete}</td><td>{@link VpDiscreteSchedule#fromLogAlphas} of the arrays file's
 *     {@code log_alpha_array} (already clipped by DPM-Solver; unclipped for UniPC), knots
 *     {@code t_n = (n+1)/N} with N its length</td></tr>
 * <tr><td>{@code vp-discrete-diffusers}</td><td>{@link VpDiscreteSchedule#fromAlphasCumprod} of the
 *     arrays file's {@code alphas_cumprod}; training index n at {@code timeOfIndex(n)}</td></tr>
 * <tr><td>{@code ve}, {@code ve-*} (k-diffusion)</td><td>{@link EdmSchedule}: {@code alpha = 1},
 *     {@code sigma = t}, so time is k-diffusion's sigma</td></tr>
 * </table>
 * An unknown type is an {@link SkipKind#UNSUPPORTED} skip.
 */
public final class CaseSchedules {

    private CaseSchedules() {
    }

    /**
     * @param referenceCase a case
     * @return its schedule
     * @throws SkipCaseException (UNSUPPORTED) if the schedule type is unknown
     */
    public static NoiseSchedule of(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.schedule();
        String type = s.path("type").asText();
        switch (type) {
            case "vp-linear":
                return new VpLinearSchedule(number(s, "beta_min"), number(s, "beta_max"), number(s, "T"));
            case "vp-cosine":
                return new VpCosineSchedule(number(s, "cosine_s"), number(s, "T"));
            case "vp-discrete":
                return VpDiscreteSchedule.fromLogAlphas(
                        ReferenceCase.vector(referenceCase.scheduleArrays().path("log_alpha_array")));
            case "vp-discrete-diffusers":
                return VpDiscreteSchedule.fromAlphasCumprod(
                        ReferenceCase.vector(referenceCase.scheduleArrays().path("alphas_cumprod")));
            default:
                if (type.equals("ve") || type.startsWith("ve-")) {
                    return edm(referenceCase);
                }
                throw SkipCaseException.unsupported("unknown schedule.type '" + type + "'");
        }
    }

    /**
     * k-diffusion's VE/EDM view: {@code alpha = 1}, {@code sigma = t}. The domain spans
     * {@code schedule.sigma_min..sigma_max} (when given) and every positive stored sigma.
     */
    private static EdmSchedule edm(ReferenceCase referenceCase) {
        JsonNode s = referenceCase.schedule();
        double lo = s.has("sigma_min") ? number(s, "sigma_min") : Double.POSITIVE_INFINITY;
        double hi = s.has("sigma_max") ? number(s, "sigma_max") : 0.0;
        JsonNode ts = referenceCase.root().path("timesteps");
        if (ts.isArray()) {
            for (JsonNode n : ts) {
                double v = ReferenceCase.number(n);
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new EdmSchedule(lo, hi);
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new IllegalArgumentException("schedule." + field + " is missing");
        }
        return ReferenceCase.number(v);
    }
}
