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
 * What diffusers' sigma-based ODE schedulers ({@code EulerDiscreteScheduler},
 * {@code HeunDiscreteScheduler}) share. They work on the unscaled VE sample {@code x~ = x/alpha} with
 * noise level {@code rho = sigma/alpha} (their {@code sigmas}) and feed the model
 * {@code x~/sqrt(rho^2 + 1)}, the VP state. SamplerKit's state is the VP state {@code x = alpha x~}
 * on the case's discrete schedule at {@code t_i = timeOfLambda(-log rho_i)}, and its EDM-coordinate
 * solvers take the same steps in {@code (x~, rho)}. So {@code xStart = alpha(t_0) x_T} and the output
 * is divided by the final alpha (1 at the zero-noise end). A subclass names the scheduler and the
 * registry solver and may rewrite the stored sigmas into the grid of noise levels.
 */
abstract class DiffusersSigmaCases implements CaseTranslator {

    private final String scheduler;
    private final String registryName;

    /**
     * @param scheduler diffusers class name
     * @param registryName SamplerKit registry name
     */
    DiffusersSigmaCases(String scheduler, String registryName) {
        this.scheduler = scheduler;
        this.registryName = registryName;
    }

    @Override
    public final boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers(scheduler);
    }

    /**
     * The noise levels the solver steps through, from the stored {@code scheduler.sigmas}.
     *
     * @param sigmas the stored sigmas
     * @return decreasing {@code rho} values, a final 0 for the zero-noise end
     * @throws SkipCaseException if the sigmas do not have the expected layout
     */
    double[] grid(double[] sigmas) throws SkipCaseException {
        return sigmas;
    }

    @Override
    public final PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode kwargs = referenceCase.solver().path("step_kwargs");
        for (Iterator<Map.Entry<String, JsonNode>> it = kwargs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("s_churn") && e.getValue().asDouble() == 0.0) {
                continue;
            }
            throw SkipCaseException.unsupported("step() argument " + e.getKey() + "=" + e.getValue()
                    + " is not reproduced (only the deterministic s_churn = 0 step is)");
        }
        if (referenceCase.solver().path("config").path("clip_sample").asBoolean(false)) {
            throw SkipCaseException.unsupported("clip_sample=True clips x0 and is not an ODE step");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        double[] rho = grid(ReferenceCase.vector(referenceCase.root().path("sigmas")));
        Timesteps grid = CaseGrids.rhos(schedule, rho);
        Solver solver = CaseTranslators.solver(registryName, Map.of());
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        Batch xStart = referenceCase.xT();
        Kernels.scale(xStart, grid.alpha(0), xStart);
        double endAlpha = grid.alpha(grid.points() - 1);
        return new PreparedCase(solver, problem, xStart, 1.0 / endAlpha,
                scheduler + " -> " + registryName + " on " + schedule.describe() + ", t_i = timeOfLambda(-log sigma_i), "
                        + grid.steps() + " steps, state scaled by alpha (VE sample <-> VP state)");
    }
}
