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
 * k-diffusion {@code sample_dpm_fast} ({@code eta = 0}) → registry {@code dpm-solver-fast}.
 *
 * <p>k-diffusion runs DPM-Solver-fast in {@code t = -log sigma}: {@code floor(n/3) + 1} uniform steps
 * from {@code sigma_max} to {@code sigma_min} with the fast order allocation, noise-prediction updates
 * ({@code eps = (x - D)/sigma}) and inner stages at {@code r = 1/2} or {@code (1/3, 2/3)}. On an
 * {@code EdmSchedule} that is our noise-side singlestep solver on the stage grid nested uniformly in
 * lambda inside the stored outer sigmas; it ends at {@code sigma_min}.
 */
public final class KDiffusionDpmFastCases implements CaseTranslator {

    @Override
    public boolean accepts(ReferenceCase referenceCase) {
        return referenceCase.isKDiffusion("sample_dpm_fast");
    }

    @Override
    public PreparedCase prepare(ReferenceCase referenceCase) throws SkipCaseException {
        CaseRules.requireZeroEta(referenceCase, 0.0);
        NoiseSchedule schedule = CaseSchedules.of(referenceCase);
        int nfe = referenceCase.solver().path("n").asInt();
        int[] orders = DpmSolverCases.orders(referenceCase.solver().path("orders"));
        if (!Arrays.equals(orders, OrderAllocation.FAST.orders(3, nfe))) {
            throw SkipCaseException.unsupported("solver.orders " + Arrays.toString(orders)
                    + " is not the fast allocation of order 3 for n = " + nfe);
        }
        Timesteps grid = Timesteps.of(schedule,
                SinglestepPlan.nest(schedule, referenceCase.timesteps(), orders, new LogSnrGrid()));
        Solver solver = CaseTranslators.solver("dpm-solver-fast", Map.of());
        SamplingProblem problem = referenceCase.problem(schedule, grid);
        return new PreparedCase(solver, problem, referenceCase.xT(), 1.0,
                "sample_dpm_fast -> dpm-solver-fast on " + schedule.describe() + ", orders " + Arrays.toString(orders)
                        + " on the stored outer sigmas, inner stages uniform in log sigma");
    }
}
