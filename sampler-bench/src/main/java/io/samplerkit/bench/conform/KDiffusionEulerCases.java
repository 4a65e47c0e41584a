package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Map;

/**
 * k-diffusion {@code sample_euler} (deterministic, {@code s_churn = 0}) → registry {@code euler}.
 *
 * <p>k-diffusion integrates {@code dx/dsigma = (x - D(x; sigma))/sigma} on the stored sigmas,
 * the last step going to {@code sigma = 0}. SamplerKit runs the same steps on an
 * {@code EdmSchedule} (alpha = 1, time = sigma) over the stored sigmas with the zero-noise end;
 * the state needs no rescaling.
 */
public final class KDiffusionEulerCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "k-diffusion".equals(referenceCase.family())
                && "sample_euler".equals(referenceCase.solver().path("sampler").asText());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode solver = referenceCase.solver();
        if (solver.path("s_churn").asDouble(0.0) != 0.0) {
            throw SkipCaseException.unsupported("s_churn > 0 draws torch noise, which is not reproduced");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        Timesteps grid = CaseGrids.times(referenceCase, schedule);
        Solver euler = CaseTranslators.solver("euler", Map.of());
        SamplingProblem problem = SamplingProblem.of(schedule,
                referenceCase.gaussian().model(schedule, referenceCase.modelPrediction()), grid);
        return new PreparedCase(euler, problem, referenceCase.xT(), 1.0,
                "sample_euler -> euler on " + schedule.describe() + ", " + grid.steps() + " steps over the stored sigmas"
                        + (grid.endsAtZeroNoise() ? " (last to sigma=0)" : ""));
    }
}
