package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds how many grid intervals a fixed-step solver can take within a budget of model evaluations,
 * without knowing its calls per step: it runs the solver on the same schedule and grid rule with a
 * one-dimensional model that returns zeros, and counts the calls. The number of intervals chosen for
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
            SamplingProblem sp = SamplingProblem.of(problem.schedule(), new ZeroModel(spec.prediction()), ts);
            return new Outcome(SamplingDriver.run(solver, sp, Batch.zeros(1, 1)).modelCalls(), null);
        } catch (RuntimeException e) {
            return new Outcome(-1, ConfigRunner.message(e));
        }
    }

    /** A model of any dimension that returns zeros in the given parameterization. */
    private record ZeroModel(Prediction prediction) implements DiffusionModel {
        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            java.util.Arrays.fill(out.data(), 0.0);
        }
    }
}
