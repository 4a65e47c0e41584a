package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;

/**
 * Stop-gap for the DPM-Solver translators until {@link CaseSchedules} maps the VP cosine and discrete
 * schedules: asks {@link CaseSchedules} first and builds only the types it still reports as not
 * implemented. Remove once {@link CaseSchedules} covers them.
 */
final class InterimCaseSchedules {

    private InterimCaseSchedules() {
    }

    static NoiseSchedule of(ReferenceCase referenceCase) throws SkipCaseException {
        try {
            return CaseSchedules.of(referenceCase);
        } catch (SkipCaseException e) {
            if (e.kind() != SkipKind.NOT_IMPLEMENTED) {
                throw e;
            }
        }
        JsonNode s = referenceCase.schedule();
        switch (s.path("type").asText()) {
            case "vp-cosine":
                return new VpCosineSchedule(s.path("cosine_s").asDouble(), s.path("T").asDouble());
            case "vp-discrete":
                return VpDiscreteSchedule.fromLogAlphas(
                        ReferenceCase.vector(referenceCase.scheduleArrays().path("log_alpha_array")));
            case "vp-discrete-diffusers":
                return VpDiscreteSchedule.fromAlphasCumprod(
                        ReferenceCase.vector(referenceCase.scheduleArrays().path("alphas_cumprod")));
            default:
                return CaseSchedules.of(referenceCase);
        }
    }
}
