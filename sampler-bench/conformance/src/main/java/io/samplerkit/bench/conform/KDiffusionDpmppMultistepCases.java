package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * k-diffusion {@code sample_dpmpp_2m}, and {@code sample_dpmpp_2m_sde} / {@code sample_dpmpp_3m_sde}
 * with {@code eta = 0} (then no noise is drawn) → registry {@code dpmpp-2m} / {@code dpmpp-3m}.
 *
 * <p>All three are the data-prediction multistep exponential integrator written in
 * {@code (x, sigma)} with {@code t = -log sigma}; on an {@code EdmSchedule} (alpha = 1, time = sigma)
 * our {@code lambda = -log sigma} is their {@code t}. They warm up (first step first order, 3M's second
 * step second order in the Taylor/"heun" form), have no lower_order_final, and return the denoised value
 * on the step to sigma = 0, which is our first-order step to zero noise. 3M uses the reference third
 * order. {@code dpmpp_2m} is the midpoint form; 2M-SDE takes its {@code solver_type}.
 */
public final class KDiffusionDpmppMultistepCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        if (!"k-diffusion".equals(referenceCase.family())) {
            return false;
        }
        String sampler = referenceCase.solver().path("sampler").asText();
        return sampler.equals("sample_dpmpp_2m") || sampler.equals("sample_dpmpp_2m_sde")
                || sampler.equals("sample_dpmpp_3m_sde");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.solver();
        String sampler = s.path("sampler").asText();
        CaseRules.requireZeroEta(referenceCase, 0.0);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("lower-order-final", false);
        String name;
        if (sampler.equals("sample_dpmpp_3m_sde")) {
            name = "dpmpp-3m";
            options.put("solver-type", "taylor");
        } else {
            name = "dpmpp-2m";
            options.put("solver-type", sampler.equals("sample_dpmpp_2m_sde")
                    && "heun".equals(s.path("solver_type").asText("midpoint")) ? "taylor" : "midpoint");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        Timesteps grid = CaseGrids.times(referenceCase, schedule);
        Solver solver = CaseTranslators.solver(name, options);
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                sampler + " -> " + name + " " + options + " on " + schedule.describe() + ", " + grid.steps()
                        + " steps over the stored sigmas" + (grid.endsAtZeroNoise() ? " (last to sigma=0)" : ""));
    }
}
