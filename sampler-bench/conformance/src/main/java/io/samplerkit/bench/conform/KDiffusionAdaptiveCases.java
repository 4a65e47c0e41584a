package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * k-diffusion {@code sample_dpm_adaptive} (deterministic, {@code eta = 0}) → registry
 * {@code dpm-solver-adaptive-pid} with the case's order and any of {@code rtol, atol, h_init, pcoeff,
 * icoeff, dcoeff, accept_safety} it sets ({@code h_init} as our {@code initial-step}) (k-diffusion's defaults are the registry defaults).
 *
 * <p>k-diffusion steps in {@code t = -log sigma} on the denoiser with eps form
 * {@code (x - D(x; sigma))/sigma}: the noise-side DPM-Solver updates on an {@code EdmSchedule}
 * ({@code alpha = 1}, time = sigma, {@code lambda = -log sigma}). The problem runs from
 * {@code sigma_max} to {@code sigma_min}; the state needs no rescaling.
 */
public final class KDiffusionAdaptiveCases implements CaseTranslator {

    private static final String[] PASSED = {"rtol", "atol", "h_init", "pcoeff", "icoeff", "dcoeff", "accept_safety"};

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isKDiffusion("sample_dpm_adaptive");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        JsonNode s = referenceCase.solver();
        CaseRules.requireZeroEta(referenceCase, 0.0);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("order", s.path("order").asInt(3));
        for (String key : PASSED) {
            if (s.has(key)) {
                options.put(key.equals("h_init") ? "initial-step" : key.replace('_', '-'), s.path(key).asDouble());
            }
        }
        Solver solver = CaseTranslators.solver("dpm-solver-adaptive-pid", options);
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        double sigmaMax = s.path("sigma_max").asDouble();
        double sigmaMin = s.path("sigma_min").asDouble();
        Timesteps ends = CaseGrids.times(schedule, new double[] {sigmaMax, sigmaMin});
        SamplingProblem problem = referenceCase.problem(schedule, ends);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "sample_dpm_adaptive -> dpm-solver-adaptive-pid " + options + " on " + schedule.describe()
                        + " from sigma=" + sigmaMax + " to " + sigmaMin);
    }
}
