package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * diffusers {@code UniPCMultistepScheduler} → registry {@code unipc-bh1} / {@code unipc-bh2} with
 * {@code order = solver_order}, {@code prediction} from {@code predict_x0}, {@code lower-order-final}
 * and {@code disable-corrector}.
 *
 * <p>The scheduler steps the VP sample through its {@code sigmas} (noise-to-signal ratios; the last is
 * 0 for {@code final_sigmas_type="zero"} or the smallest training sigma for {@code "sigma_min"}, which
 * repeats the last of Karras or exponential sigmas: a zero-length last step, {@link CaseGrids#rhos}) and
 * converts the model with {@code alpha = 1/sqrt(rho^2 + 1)}, {@code sigma = rho alpha}. SamplerKit runs
 * on the case's discrete schedule at {@code t_i = timeOfLambda(-log rho_i)}, a final 0 being the
 * zero-noise end. diffusers runs the corrector for step {@code i} at the start of call {@code i + 1}
 * with the model value of that call and the order of predictor {@code i}; SamplerKit corrects right
 * after the predictor with the same value and order, which is the same arithmetic. With
 * {@code thresholding=True} the data-prediction model is wrapped in diffusers' dynamic thresholding
 * (diffusers thresholds only when {@code predict_x0}).
 */
public final class DiffusersUniPcCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isDiffusers("UniPCMultistepScheduler");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode config = referenceCase.solver().path("config");
        CaseRules.requireNoStepArguments(referenceCase);
        if (config.path("use_flow_sigmas").asBoolean(false)) {
            throw SkipCaseException.unsupported("flow-matching sigmas (use_flow_sigmas) need a flow schedule; "
                    + "not mapped by this translator");
        }
        String type = config.path("solver_type").asText("bh2");
        if (!type.equals("bh1") && !type.equals("bh2")) {
            throw SkipCaseException.unsupported("unknown solver_type '" + type + "'");
        }
        boolean data = config.path("predict_x0").asBoolean(true);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", config.path("solver_order").asInt(2));
        options.put("prediction", data ? "data" : "noise");
        options.put("lower-order-final", config.path("lower_order_final").asBoolean(true));
        List<Integer> disabled = new ArrayList<>();
        for (JsonNode n : config.path("disable_corrector")) {
            disabled.add(n.asInt());
        }
        options.put("disable-corrector", disabled);
        Solver solver = CaseTranslators.solver("unipc-" + type, options);

        double[] rho = ReferenceCase.vector(referenceCase.root().path("sigmas"));
        if (rho[rho.length - 1] == 0.0 && !data) {
            throw SkipCaseException.unsupported("predict_x0=False with final_sigmas_type='zero': diffusers returns "
                    + "NaN (lambda = +inf in the last step, reference README findings); SamplerKit rejects a "
                    + "noise-prediction step to zero noise");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        Timesteps grid = CaseGrids.rhos(schedule, rho);
        DiffusionModel model = referenceCase.exactModel(schedule);
        if (data) {
            model = CaseRules.diffusersThresholding(model, schedule, config);
        }
        SamplingProblem problem = SamplingProblem.of(schedule, model, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "UniPCMultistepScheduler -> unipc-" + type + " " + options + " on " + schedule.describe() + ", "
                        + grid.steps() + " steps at t_i = timeOfLambda(-log sigma_i)"
                        + (grid.endsAtZeroNoise() ? ", last to zero noise" : ""));
    }
}
