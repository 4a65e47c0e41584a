package io.samplerkit.bench.conform;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.Map;

/**
 * What every k-diffusion sigma-grid sampler ({@code sample_euler}, {@code sample_heun},
 * {@code sample_dpm_2}, {@code sample_lms}, {@code sample_euler_ancestral}) shares: k-diffusion integrates
 * {@code dx/dsigma = (x - D(x; sigma))/sigma} on the stored sigmas, the last step going to
 * {@code sigma = 0}. SamplerKit runs the registered solver on an {@code EdmSchedule} (alpha = 1,
 * time = sigma) over the stored sigmas with the zero-noise end; the state needs no rescaling.
 * A subclass names the sampler, the registry solver and its options. An ancestral sampler's noise comes
 * from the case ({@code noise}, through {@link ReferenceCase#problem}).
 */
abstract class KDiffusionOdeCases implements CaseTranslator {

    private final String sampler;
    private final String registryName;

    /**
     * @param sampler k-diffusion function name, e.g. {@code sample_heun}
     * @param registryName SamplerKit registry name
     */
    KDiffusionOdeCases(String sampler, String registryName) {
        this.sampler = sampler;
        this.registryName = registryName;
    }

    @Override
    public final boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isKDiffusion(sampler);
    }

    /**
     * @param referenceCase the case
     * @return registry options matching the case's solver arguments
     * @throws SkipCaseException if an argument cannot be reproduced
     */
    Map<String, ?> options(ReferenceCase referenceCase) throws SkipCaseException {
        return Map.of();
    }

    @Override
    public final PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        if (referenceCase.solver().path("s_churn").asDouble(0.0) != 0.0) {
            throw SkipCaseException.unsupported("s_churn > 0 draws torch noise, which is not reproduced");
        }
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        Timesteps grid = CaseGrids.times(referenceCase, schedule);
        Map<String, ?> options = options(referenceCase);
        Solver solver = CaseTranslators.solver(registryName, options);
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                sampler + " -> " + registryName + (options.isEmpty() ? "" : " " + options) + " on "
                        + schedule.describe() + ", " + grid.steps() + " steps over the stored sigmas"
                        + (grid.endsAtZeroNoise() ? " (last to sigma=0)" : ""));
    }
}
