package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Iterator;
import java.util.Map;

/**
 * diffusers {@code EulerDiscreteScheduler} (deterministic: {@code s_churn = 0}) → registry {@code euler}.
 *
 * <p>The scheduler works on the unscaled VE sample {@code x~ = x/alpha} with noise level
 * {@code rho = sigma/alpha} (its {@code sigmas}) and feeds the model {@code x~/sqrt(rho^2 + 1)},
 * the VP state. SamplerKit's state is the VP state {@code x = alpha x~} on the case's discrete
 * schedule at {@code t_i = timeOfLambda(-log rho_i)}; its Euler step is the same step in
 * {@code (x~, rho)}. So {@code xStart = alpha(t_0) x_T} and the output is divided by the final
 * alpha (1 at the zero-noise end).
 */
public final class DiffusersEulerCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "diffusers".equals(referenceCase.family())
                && "EulerDiscreteScheduler".equals(referenceCase.solver().path("scheduler").asText());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode kwargs = referenceCase.solver().path("step_kwargs");
        for (Iterator<Map.Entry<String, JsonNode>> it = kwargs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("s_churn") && e.getValue().asDouble() == 0.0) {
                continue;
            }
            throw SkipCaseException.unsupported("step() argument " + e.getKey() + "=" + e.getValue()
                    + " is not reproduced (only the deterministic s_churn = 0 step is)");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        double[] rho = ReferenceCase.vector(referenceCase.root().path("sigmas"));
        Timesteps grid = CaseGrids.rhos(schedule, rho);
        Solver euler = CaseTranslators.solver("euler", Map.of());
        SamplingProblem problem = SamplingProblem.of(schedule,
                referenceCase.gaussian().model(schedule, referenceCase.modelPrediction()), grid);
        Batch xStart = referenceCase.xT();
        Kernels.scale(xStart, grid.alpha(0), xStart);
        double endAlpha = grid.alpha(grid.points() - 1);
        return new PreparedCase(euler, problem, xStart, 1.0 / endAlpha,
                "EulerDiscreteScheduler -> euler on " + schedule.describe() + ", t_i = timeOfLambda(-log sigma_i), "
                        + grid.steps() + " steps, state scaled by alpha (VE sample <-> VP state)");
    }
}
