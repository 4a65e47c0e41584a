package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.ExponentialSolvers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * diffusers {@code DPMSolverMultistepScheduler} (ODE algorithms {@code dpmsolver++} and {@code dpmsolver};
 * {@code thresholding=True} wraps the model in diffusers' dynamic thresholding of x0) → registry {@code dpmpp-multistep} / {@code dpm-solver-multistep}.
 *
 * <p>The scheduler steps through its {@code sigmas} (noise-to-signal ratios, Karras or interpolated
 * from the training table, then 0 or sigma_min; sigma_min after Karras or exponential sigmas repeats
 * their last value, a zero-length last step that still counts in the order rules, see
 * {@link CaseGrids#rhos}) and converts the model output with
 * {@code alpha = 1/sqrt(1 + rho^2)}, {@code sigma = rho alpha}. SamplerKit runs on the case's discrete
 * VP schedule at {@code t_i = timeOfLambda(-log rho_i)}, where alpha and sigma are those values to
 * round-off, and the analytic model answers at that time (the reference's model used the same pair).
 * Orders: warm-up, lower_order_final below 15 steps, first order to sigma = 0, euler_at_final;
 * {@code solver_type} midpoint / heun → midpoint / taylor; reference third order; v-prediction is
 * converted exactly.
 */
public final class DiffusersDpmSolverMultistepCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers("DPMSolverMultistepScheduler");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.solver();
        JsonNode c = s.path("config");
        CaseRules.requireNoStepArguments(referenceCase);
        String algorithm = c.path("algorithm_type").asText();
        String name;
        switch (algorithm) {
            case "dpmsolver++":
                name = DpmSolverMultistep.DATA_NAME;
                break;
            case "dpmsolver":
                name = DpmSolverMultistep.NOISE_NAME;
                break;
            default:
                throw SkipCaseException.unsupported("algorithm_type '" + algorithm
                        + "' (SDE variants draw torch noise) is not reproduced");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", c.path("solver_order").asInt());
        options.put("solver-type", "heun".equals(c.path("solver_type").asText()) ? "taylor" : "midpoint");
        options.put("third-order", "reference");
        options.put("lower-order-final", c.path("lower_order_final").asBoolean(true));
        options.put("lower-order-final-below", ExponentialSolvers.LOWER_ORDER_FINAL_BELOW_DIFFUSERS);
        options.put("euler-at-final", c.path("euler_at_final").asBoolean(false));
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        Timesteps grid = CaseGrids.rhos(schedule, ReferenceCase.vector(referenceCase.root().path("sigmas")));
        Solver solver = CaseTranslators.solver(name, options);
        boolean threshold = c.path("thresholding").asBoolean(false);
        // convert_model_output thresholds x0 for both algorithm types (the noise side re-derives eps from it)
        DiffusionModel model = CaseRules.diffusersThresholding(referenceCase.exactModel(schedule), schedule, c);
        SamplingProblem problem = SamplingProblem.of(schedule, model, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "DPMSolverMultistepScheduler -> " + name + " " + options + " on " + schedule.describe()
                        + ", t_i = timeOfLambda(-log sigma_i), " + grid.steps() + " steps"
                        + (grid.endsAtZeroNoise() ? " (last to sigma=0)" : "")
                        + (threshold ? ", diffusers dynamic thresholding" : ""));
    }
}
