package io.samplerkit.bench.conform;

import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.exponential.OrderAllocation;
import io.samplerkit.solvers.exponential.SinglestepPlan;
import java.util.Arrays;
import java.util.Map;

/**
 * k-diffusion {@code sample_dpmpp_2s_ancestral} with {@code eta = 0} → registry {@code dpmpp-2s} (with
 * {@code eta > 0}: {@link KDiffusionAncestralCases}).
 *
 * <p>With {@code eta = 0} the ancestral split gives {@code sigma_down = sigma_next}, {@code sigma_up = 0}:
 * each step is DPM-Solver++(2S) with {@code r = 1/2} (stage at the midpoint of {@code -log sigma}),
 * the step to sigma = 0 an Euler step (our first-order data step to zero noise). The stage grid is the
 * stored sigmas with a lambda-midpoint inside every interval but the last; the fast allocation of
 * order 2 over its {@code 2n - 1} intervals is exactly {@code [2]*(n-1) + [1]}.
 */
public final class KDiffusionDpmpp2sAncestralCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isKDiffusion("sample_dpmpp_2s_ancestral")
                && referenceCase.solver().path("eta").asDouble(1.0) == 0.0;
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        double[] sigmas = referenceCase.timesteps();
        int steps = sigmas.length - 1;
        int[] orders = OrderAllocation.FAST.orders(2, 2 * steps - 1);
        double[] stages = SinglestepPlan.nest(schedule, sigmas, orders, new LogSnrGrid());
        Timesteps grid = CaseGrids.times(schedule, stages);
        if (!grid.endsAtZeroNoise()) {
            throw SkipCaseException.unsupported("the stored sigmas must end at 0, got " + sigmas[steps]);
        }
        Solver solver = CaseTranslators.solver("dpmpp-2s", Map.of("solver-type", "midpoint"));
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "sample_dpmpp_2s_ancestral(eta=0) -> dpmpp-2s on " + schedule.describe() + ", orders "
                        + Arrays.toString(orders) + ", stages at the log-sigma midpoints");
    }
}
