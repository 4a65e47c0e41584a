package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Checks and model wrappers that several translators apply to a reference case in the same way.
 * Stateless.
 */
final class CaseRules {

    private CaseRules() {
    }

    /**
     * k-diffusion samplers with {@code eta > 0} draw noise from torch, which SamplerKit does not reproduce.
     *
     * @param referenceCase the case
     * @param defaultEta the sampler's default {@code eta} (when the case does not store one)
     * @throws SkipCaseException ({@link SkipKind#UNSUPPORTED}) unless {@code eta = 0}
     */
    static void requireZeroEta(ReferenceCase referenceCase, double defaultEta) throws SkipCaseException {
        if (referenceCase.solver().path("eta").asDouble(defaultEta) != 0.0) {
            throw SkipCaseException.unsupported("eta > 0 draws torch noise, which is not reproduced");
        }
    }

    /**
     * A diffusers scheduler case must call {@code step()} without extra arguments.
     *
     * @param referenceCase the case
     * @throws SkipCaseException ({@link SkipKind#UNSUPPORTED}) if {@code solver.step_kwargs} is not empty
     */
    static void requireNoStepArguments(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode kwargs = referenceCase.solver().path("step_kwargs");
        if (kwargs.size() > 0) {
            throw SkipCaseException.unsupported("step() arguments " + kwargs + " are not reproduced");
        }
    }

    /**
     * diffusers' dynamic thresholding ({@code thresholding=True} in the scheduler config, with the
     * scheduler defaults {@code dynamic_thresholding_ratio=0.995}, {@code sample_max_value=1.0}), as
     * {@link DynamicThresholding.Variant#DIFFUSERS}.
     *
     * @param model the case's model
     * @param schedule the schedule it runs on
     * @param config the scheduler config
     * @return the wrapped model, or {@code model} when thresholding is off
     */
    static DiffusionModel diffusersThresholding(DiffusionModel model, NoiseSchedule schedule, JsonNode config) {
        if (!config.path("thresholding").asBoolean(false)) {
            return model;
        }
        return new DynamicThresholding(model, schedule, config.path("dynamic_thresholding_ratio").asDouble(0.995),
                config.path("sample_max_value").asDouble(1.0), DynamicThresholding.Variant.DIFFUSERS);
    }
}
