package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * diffusers {@code DEISMultistepScheduler} ({@code algorithm_type="deis"}, {@code solver_type="logrho"})
 * → registry {@code deis} with {@code order = solver_order} and {@code lower-order-final}; with
 * {@code thresholding} the model is wrapped in {@link DynamicThresholding} (diffusers variant), whose
 * data output the noise-side solver converts back to {@code epshat}, diffusers' own path.
 *
 * <p>The scheduler steps the VP sample through its {@code sigmas} (noise-to-signal ratios, the last
 * one the smallest training sigma, never 0; after Karras or exponential sigmas, which already end
 * there, it repeats the one before: a zero-length last step, see {@link CaseGrids#rhos}) and converts the model at each to {@code epshat} with
 * {@code alpha = 1/sqrt(rho^2 + 1)}, {@code sigma = rho alpha}. SamplerKit runs on the case's discrete
 * schedule at {@code t_i = timeOfLambda(-log rho_i)}; the state is the VP sample on both sides.
 */
public final class DiffusersDeisCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers("DEISMultistepScheduler");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode config = referenceCase.solver().path("config");
        if (!"deis".equals(config.path("algorithm_type").asText("deis"))
                || !"logrho".equals(config.path("solver_type").asText("logrho"))) {
            throw SkipCaseException.unsupported("only algorithm_type=deis, solver_type=logrho exists in diffusers");
        }
        CaseRules.requireNoStepArguments(referenceCase);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", config.path("solver_order").asInt(2));
        options.put("lower-order-final", config.path("lower_order_final").asBoolean(true));
        Solver solver = CaseTranslators.solver("deis", options);
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        double[] rho = ReferenceCase.vector(referenceCase.root().path("sigmas"));
        Timesteps grid = CaseGrids.rhos(schedule, rho);
        // diffusers thresholds x0 and converts back to eps, which is what a noise-side solver makes of a DATA output
        DiffusionModel model = CaseRules.diffusersThresholding(referenceCase.exactModel(schedule), schedule, config);
        SamplingProblem problem = SamplingProblem.of(schedule, model, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "DEISMultistepScheduler -> deis " + options + " on " + schedule.describe() + ", "
                        + grid.steps() + " steps at t_i = timeOfLambda(-log sigma_i)");
    }
}
