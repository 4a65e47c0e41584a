package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.DiffusersSpacing;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Locale;
import java.util.Map;

/**
 * diffusers {@code DDIMScheduler} (eta = 0, no clipping or thresholding) → registry {@code ddim}.
 *
 * <p>The scheduler's integer timesteps come from {@link DiffusersSpacing} (DDIM family); each step
 * goes from {@code t} to {@code t - N div K}, which is the next timestep only when the spacing is
 * evenly strided (always for {@code leading}); other cases are UNSUPPORTED skips. The last step goes
 * to {@code final_alpha_cumprod}: with {@code set_alpha_to_one} that is the zero-noise end.
 */
public final class DiffusersDdimCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "diffusers".equals(referenceCase.family())
                && "DDIMScheduler".equals(referenceCase.solver().path("scheduler").asText());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode cfg = referenceCase.solver().path("config");
        if (cfg.path("clip_sample").asBoolean(true) || cfg.path("thresholding").asBoolean(false)
                || cfg.path("rescale_betas_zero_snr").asBoolean(false)) {
            throw SkipCaseException.unsupported("DDIM with clip_sample, thresholding or rescale_betas_zero_snr");
        }
        if (referenceCase.solver().path("step_kwargs").path("eta").asDouble(0.0) != 0.0) {
            throw SkipCaseException.unsupported("DDIM with eta > 0 (stochastic)");
        }
        if (!cfg.path("set_alpha_to_one").asBoolean(true)) {
            throw SkipCaseException.unsupported("DDIM with set_alpha_to_one=False (final alpha-bar of index 0)");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        if (!(schedule instanceof VpDiscreteSchedule discrete)) {
            throw SkipCaseException.unsupported("DDIM needs a discrete schedule, got " + schedule.describe());
        }
        DiffusersSpacing spacing = new DiffusersSpacing(
                DiffusersSpacing.Spacing.valueOf(cfg.path("timestep_spacing").asText("leading").toUpperCase(Locale.ROOT)),
                DiffusersSpacing.Family.DDIM, cfg.path("steps_offset").asInt(0), Double.NEGATIVE_INFINITY);
        int k = referenceCase.solver().path("num_inference_steps").asInt();
        int[] ts = spacing.trainTimesteps(discrete, k);
        int stride = DiffusersSpacing.ddimStride(discrete.size(), k);
        for (int i = 1; i < ts.length; i++) {
            if (ts[i] != ts[i - 1] - stride) {
                throw SkipCaseException.unsupported("DDIM steps to t - " + stride + " but the next timestep is "
                        + ts[i] + " (" + spacing.describe() + "); not a grid SamplerKit steps through");
            }
        }
        Timesteps grid = Timesteps.ofZeroNoiseEnd(discrete, spacing.inferenceTimes(discrete, k));
        Solver ddim = CaseTranslators.solver("ddim", Map.of());
        SamplingProblem problem = SamplingProblem.of(schedule,
                referenceCase.gaussian().model(schedule, referenceCase.modelPrediction()), grid);
        return new PreparedCase(ddim, problem, referenceCase.xT(), 1.0,
                "DDIMScheduler -> ddim on " + schedule.describe() + ", " + spacing.describe() + " timesteps "
                        + ts[0] + ".." + ts[ts.length - 1] + " at t = (n+1)/N, then zero noise");
    }
}
