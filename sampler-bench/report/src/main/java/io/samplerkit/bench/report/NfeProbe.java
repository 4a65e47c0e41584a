package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds how many grid intervals a fixed-step solver can take within a budget of model evaluations,
 * without knowing its calls per step: it runs the solver on the same schedule and grid rule with the exact model of
 * one-dimensional standard normal data from {@code x = 1}, and counts the calls. (A model that returns zeros would
 * do for most solvers, but its score is 0 everywhere, where the predictor-corrector sampler's Langevin step size
 * {@code (snr ||z|| / ||score||)^2} is undefined: every {@code pc-sampler} configuration was reported n/a.) The number of intervals chosen for
 * a target NFE {@code T} is the largest {@code N <= T} whose run uses at most {@code T} calls
 * (every step calls the model at least once, so {@code N > T} cannot fit).
 *
 * <p>Results are cached by (solver, problem, grid, N); deterministic. Thread-safe.
 */
final class NfeProbe {

    /**
     * The choice for one target.
     *
     * @param steps grid intervals, 0 when none fits
     * @param nfe model evaluations of that run
     * @param reason why none fits (when {@code steps == 0})
     */
    record Choice(int steps, int nfe, String reason) {
    }

    private record Outcome(int nfe, String error) {
    }

    /** The probe's data: one-dimensional standard normal, whose score vanishes only at 0. */
    private static final GaussianData STANDARD_NORMAL = GaussianData.diagonal(new double[] {0.0}, new double[] {1.0});

    private final ConcurrentHashMap<String, Outcome> cache = new ConcurrentHashMap<>();

    /**
     * @param solver the solver
     * @param solverLabel its label (cache key)
     * @param problem the problem
     * @param grid the grid rule
     * @param target largest NFE allowed
     * @return the choice
     */
    Choice choose(Solver solver, String solverLabel, ProblemInstance problem, GridSpec grid, int target) {
        String lastError = null;
        int smallest = Integer.MAX_VALUE;
        for (int n = target; n >= 1; n--) {
            Outcome o = outcome(solver, solverLabel, problem, grid, n);
            if (o.error != null) {
                lastError = lastError == null ? o.error : lastError;
                continue;
            }
            if (o.nfe <= target) {
                return new Choice(n, o.nfe, "");
            }
            smallest = Math.min(smallest, o.nfe);
        }
        String reason = lastError != null && smallest == Integer.MAX_VALUE ? lastError
                : "needs more than " + target + " model calls (fewest seen: " + smallest + ")";
        return new Choice(0, 0, reason);
    }

    private Outcome outcome(Solver solver, String solverLabel, ProblemInstance problem, GridSpec grid, int n) {
        String key = solverLabel + "|" + problem.spec().id() + "|" + grid.label() + "|" + n;
        return cache.computeIfAbsent(key, k -> run(solver, problem, grid, n));
    }

    private static Outcome run(Solver solver, ProblemInstance problem, GridSpec grid, int n) {
        ProblemSpec spec = problem.spec();
        try {
            Timesteps ts = grid.timesteps(problem.schedule(), n, spec.tStart(), spec.tEnd());
            SamplingProblem sp = SamplingProblem.of(problem.schedule(),
                    STANDARD_NORMAL.model(problem.schedule(), spec.prediction()), ts);
            Batch start = Batch.zeros(1, 1);
            start.data()[0] = 1.0;
            return new Outcome(SamplingDriver.run(solver, sp, start).modelCalls(), null);
        } catch (RuntimeException e) {
            return new Outcome(-1, ConfigRunner.message(e));
        }
    }
}
