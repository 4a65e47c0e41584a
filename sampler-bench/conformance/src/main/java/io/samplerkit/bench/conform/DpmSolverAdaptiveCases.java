package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Official DPM-Solver {@code sample(..., method='adaptive')} → registry {@code dpm-solver-adaptive}
 * ({@code algorithm_type='dpmsolver'}) or {@code dpmpp-adaptive} ({@code 'dpmsolver++'}), with the
 * case's {@code order}, {@code atol}, {@code rtol} and {@code solver_type}; the official
 * {@code h_init = 0.05}, {@code theta = 0.9} and {@code t_err = 1e-5} are the registry defaults; a case that sets
 * them gets them as our {@code initial-step}, {@code safety} and {@code t-err}.
 * The problem runs from {@code t_start_effective} to {@code t_end_effective} (two points: the
 * adaptive solver chooses its own steps), with the case's {@code denoise_to_zero}.
 */
public final class DpmSolverAdaptiveCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return "dpm-solver".equals(referenceCase.family())
                && "adaptive".equals(referenceCase.solver().path("method").asText());
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.solver();
        String algorithm = s.path("algorithm_type").asText("dpmsolver++");
        String name;
        switch (algorithm) {
            case "dpmsolver":
                name = "dpm-solver-adaptive";
                break;
            case "dpmsolver++":
                name = "dpmpp-adaptive";
                break;
            default:
                throw SkipCaseException.unsupported("algorithm_type " + algorithm + " has no adaptive solver");
        }
        String type = s.path("solver_type").asText("dpmsolver");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", s.path("order").asInt());
        options.put("atol", s.path("atol").asDouble());
        options.put("rtol", s.path("rtol").asDouble());
        options.put("solver-type", type.equals("dpmsolver") ? "midpoint" : type);
        // the official names of the remaining settings, when a case sets them, under ours
        for (String[] official : new String[][] {{"h_init", "initial-step"}, {"theta", "safety"}, {"t_err", "t-err"}}) {
            if (s.has(official[0])) {
                options.put(official[1], s.path(official[0]).asDouble());
            }
        }
        Solver solver = CaseTranslators.solver(name, options);
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        double tStart = s.path("t_start_effective").asDouble();
        double tEnd = s.path("t_end_effective").asDouble();
        Timesteps ends = CaseGrids.times(schedule, new double[] {tStart, tEnd});
        SamplingProblem problem = referenceCase.problem(schedule, ends)
                .withDenoiseToZero(s.path("denoise_to_zero").asBoolean(false));
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "method='adaptive' -> " + name + " " + options + " on " + schedule.describe() + " from t=" + tStart
                        + " to t=" + tEnd);
    }
}
