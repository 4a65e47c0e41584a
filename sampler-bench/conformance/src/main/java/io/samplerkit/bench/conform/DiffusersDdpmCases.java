package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Map;

/**
 * diffusers {@code DDPMScheduler} ({@code variance_type} {@code fixed_small} or {@code fixed_large}, no clipping
 * or thresholding) → registry {@code ddpm} with {@code variance}.
 *
 * <p>diffusers evaluates the model at timestep {@code n_i} and steps to {@code n_i - N // K}
 * ({@code previous_timestep}; N training steps, K inference steps), the last step from timestep 0 to
 * {@code alpha_bar = 1} without noise. The translation runs {@code ddpm} on the case's
 * {@code VpDiscreteSchedule} over {@code timeOfIndex(n_i)} with the zero-noise end, which needs every step to end
 * on the next timestep and the last timestep to be 0 (leading spacing with K dividing N); other grids are skipped.
 * Each step but the last draws noise, so the case must inject its draws ({@code noise}, FORMAT.md).
 */
final class DiffusersDdpmCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers("DDPMScheduler");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode config = referenceCase.solver().path("config");
        if (config.path("clip_sample").asBoolean(true)) {
            throw SkipCaseException.unsupported("clip_sample=true clamps x0 to a box; not reproduced");
        }
        if (config.path("thresholding").asBoolean(false)) {
            throw SkipCaseException.unsupported("DDPM with dynamic thresholding is not translated");
        }
        CaseRules.requireNoStepArguments(referenceCase);
        String variance = config.path("variance_type").asText("fixed_small");
        if (!variance.equals("fixed_small") && !variance.equals("fixed_large")) {
            throw SkipCaseException.unsupported("variance_type " + variance + " is not offered (fixed_small, fixed_large)");
        }
        if (!referenceCase.hasNoise()) {
            throw SkipCaseException.unsupported("DDPM draws torch noise and the case injects none (noise)");
        }
        NoiseSchedule generic = CaseSchedules.of(referenceCase);
        if (!(generic instanceof VpDiscreteSchedule)) {
            throw new IllegalArgumentException("DDPM case " + referenceCase.id() + " needs a discrete schedule, got "
                    + generic.describe());
        }
        VpDiscreteSchedule schedule = (VpDiscreteSchedule) generic;
        double[] n = referenceCase.timesteps();
        int stride = config.path("num_train_timesteps").asInt() / n.length;
        for (int i = 0; i + 1 < n.length; i++) {
            if (n[i] - stride != n[i + 1]) {
                throw SkipCaseException.unsupported(Checks.format(
                        "timestep %s steps to %s, not to the next timestep %s", n[i], n[i] - stride, n[i + 1]));
            }
        }
        if (n[n.length - 1] != 0) {
            throw SkipCaseException.unsupported("the last timestep must be 0 (a noise-free step to alpha_bar = 1), got "
                    + n[n.length - 1]);
        }
        Timesteps grid = Timesteps.ofZeroNoiseEnd(schedule, CaseGrids.trainIndices(schedule, n));
        Solver solver = CaseTranslators.solver("ddpm", Map.of("variance", variance));
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                Checks.format("DDPMScheduler(%s) -> ddpm on %s, timesteps n at timeOfIndex(n), steps to n-%d, last to"
                        + " zero noise; injected noise", variance, schedule.describe(), stride));
    }
}
