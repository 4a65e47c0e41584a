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
 * Official UniPC ({@code wl-zhao/UniPC}, {@code UniPC(...).sample(method='multistep')}) → registry
 * {@code unipc-bh1}, {@code unipc-bh2} or {@code unipc-vary-coeff-reference} with {@code order},
 * {@code prediction} ({@code algorithm_type}) and {@code lower-order-final}; {@code denoise_to_zero}
 * is the problem's final denoising evaluation.
 *
 * <p>The case's schedule is UniPC's own {@code NoiseScheduleVP} (continuous linear or cosine, or the
 * discrete table without lambda clipping) and its stored {@code timesteps} are continuous times, used
 * as they are; the model is the case's noise model in that time. With {@code thresholding=True} the
 * data-prediction model is wrapped in the official dynamic thresholding (UniPC thresholds only its data
 * prediction).
 */
public final class UniPcCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "unipc".equals(referenceCase.family());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.solver();
        String method = s.path("method").asText("multistep");
        if (!"multistep".equals(method)) {
            throw SkipCaseException.unsupported("UniPC method '" + method + "' does not exist in the official code "
                    + "(only multistep)");
        }
        String variant = s.path("variant").asText("bh1");
        String name;
        switch (variant) {
            case "bh1":
                name = "unipc-bh1";
                break;
            case "bh2":
                name = "unipc-bh2";
                break;
            case "vary_coeff":
                name = "unipc-vary-coeff-reference";
                break;
            default:
                throw SkipCaseException.unsupported("unknown UniPC variant '" + variant + "'");
        }
        boolean data = "data_prediction".equals(s.path("algorithm_type").asText("data_prediction"));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", s.path("order").asInt(2));
        options.put("prediction", data ? "data" : "noise");
        options.put("lower-order-final", s.path("lower_order_final").asBoolean(true));
        Solver solver = CaseTranslators.solver(name, options);

        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        Timesteps grid = CaseGrids.times(referenceCase, schedule);
        DiffusionModel model = referenceCase.exactModel(schedule);
        String thresholdNote = "";
        if (s.path("thresholding").asBoolean(false) && data) {
            model = new DynamicThresholding(model, schedule, s.path("dynamic_thresholding_ratio").asDouble(0.995),
                    s.path("max_val").asDouble(1.0), DynamicThresholding.Variant.OFFICIAL);
            thresholdNote = ", official dynamic thresholding";
        }
        boolean denoise = s.path("denoise_to_zero").asBoolean(false);
        SamplingProblem problem = SamplingProblem.of(schedule, model, grid).withDenoiseToZero(denoise);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "UniPC " + variant + " -> " + name + " " + options + " on " + schedule.describe() + ", "
                        + grid.steps() + " steps at the stored times" + (denoise ? ", denoise_to_zero" : "")
                        + thresholdNote);
    }
}
