package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import java.util.Arrays;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

/**
 * Minimises an objective over the interior points of an {@code N}-step grid with fixed end points by a
 * trust-region search, as the search of Xue et al. 2024 ("Accelerating Diffusion Sampling with Optimized Time Steps", CVPR 2024) does.
 *
 * <p>Parameterisation: the half log-SNR increments {@code h_j = (lambda_end - lambda_start) softmax(w)_j},
 * {@code j = 0..N-1}, with {@code w_0 = 0} fixed and {@code w_1..w_{N-1}} free in {@code [-B, B]}; every
 * parameter vector is a strictly monotone grid, and no constraint is needed. The objective is minimised in
 * {@code log} (errors span decades). Powell's BOBYQA (a derivative-free trust-region method, Hipparchus)
 * runs from each start; one free parameter uses Brent's method. Everything is deterministic.
 *
 * <p>Immutable and thread-safe given a thread-safe objective.
 */
public final class LambdaGridSearch {

    /** Bound {@code B} on the free log-increment ratios: increments differ by at most {@code e^(2B)}. */
    static final double BOUND = 9.0;

    private final CalibrationTarget target;
    private final int maxEvaluations;

    /**
     * @param target the problem (end points, schedule)
     * @param maxEvaluations objective evaluations allowed per start, at least 10
     */
    public LambdaGridSearch(CalibrationTarget target, int maxEvaluations) {
        this.target = Checks.requireNonNull(target, "target");
        this.maxEvaluations = Checks.requireInRange(maxEvaluations, 10, Integer.MAX_VALUE, "maxEvaluations");
    }

    /**
     * The result of a search.
     *
     * @param times the best grid's times
     * @param value the objective there
     * @param evaluations objective evaluations spent
     */
    public record Result(double[] times, double value, int evaluations) {
    }

    /**
     * Minimises from several starting grids (each with {@code N + 1} times and the target's end points).
     *
     * @param objective what to minimise
     * @param starts starting grids, at least one
     * @return the best grid found
     */
    public Result minimise(GridObjective objective, double[]... starts) {
        Checks.requireNonNull(starts, "starts");
        if (starts.length == 0) {
            throw new IllegalArgumentException("starts must hold at least one grid, got 0");
        }
        int steps = starts[0].length - 1;
        Checks.requirePositive(steps, "steps");
        int[] evaluations = {0};
        java.util.function.ToDoubleFunction<double[]> logObjective = w -> {
            evaluations[0]++;
            double v;
            try {
                v = objective.value(Timesteps.of(target.schedule(), times(w, steps)));
            } catch (IllegalArgumentException e) {
                // increments below the schedule's time resolution repeat a time: not a usable grid
                v = Double.POSITIVE_INFINITY;
            }
            return v > 0 ? Math.log(v) : (v == 0 ? -1e300 : Double.POSITIVE_INFINITY);
        };
        double[] bestW = null;
        double best = Double.POSITIVE_INFINITY;
        for (double[] start : starts) {
            if (start.length != steps + 1) {
                throw new IllegalArgumentException(Checks.format("every start must have %d times, got %d",
                        steps + 1, start.length));
            }
            double[] w = parameters(start);
            double[] found = steps == 1 ? w : search(logObjective, w);
            double v = logObjective.applyAsDouble(found);
            if (v < best || bestW == null) {
                best = v;
                bestW = found;
            }
        }
        double[] times = times(bestW, steps);
        return new Result(times, objective.value(Timesteps.of(target.schedule(), times)), evaluations[0]);
    }

    private double[] search(java.util.function.ToDoubleFunction<double[]> f, double[] w0) {
        int n = w0.length;
        // the optimisers keep no best point when their budget runs out: remember it here
        double[][] bestPoint = {w0.clone()};
        double[] bestValue = {f.applyAsDouble(w0)};
        java.util.function.ToDoubleFunction<double[]> tracked = w -> {
            double v = f.applyAsDouble(w);
            if (v < bestValue[0]) {
                bestValue[0] = v;
                bestPoint[0] = w.clone();
            }
            return v;
        };
        try {
            if (n == 1) {
                new BrentOptimizer(1e-8, 1e-10).optimize(new MaxEval(maxEvaluations),
                        new UnivariateObjectiveFunction(x -> tracked.applyAsDouble(new double[] {x})),
                        GoalType.MINIMIZE, new SearchInterval(-BOUND, BOUND, w0[0]));
            } else {
                double[] lo = new double[n];
                double[] hi = new double[n];
                Arrays.fill(lo, -BOUND);
                Arrays.fill(hi, BOUND);
                new BOBYQAOptimizer(2 * n + 1, 0.5, 1e-6).optimize(new MaxEval(maxEvaluations),
                        new ObjectiveFunction(tracked::applyAsDouble), GoalType.MINIMIZE, new InitialGuess(w0),
                        new SimpleBounds(lo, hi));
            }
        } catch (org.hipparchus.exception.MathIllegalStateException e) {
            // budget spent: the best point seen is the answer
        }
        return bestPoint[0];
    }

    /**
     * The free parameters of a grid: {@code w_j = log(h_j / h_0)}, clamped to {@code [-B, B]}.
     *
     * @param times {@code N + 1} decreasing times
     * @return {@code N - 1} parameters
     */
    double[] parameters(double[] times) {
        int steps = times.length - 1;
        double[] lambda = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            lambda[i] = i == 0 ? target.lambdaStart() : i == steps ? target.lambdaEnd() : target.schedule().lambda(times[i]);
        }
        double h0 = lambda[1] - lambda[0];
        double[] w = new double[steps - 1];
        for (int j = 1; j < steps; j++) {
            double r = Math.log((lambda[j + 1] - lambda[j]) / h0);
            w[j - 1] = Double.isFinite(r) ? Math.max(-BOUND, Math.min(BOUND, r)) : 0.0;
        }
        return w;
    }

    /**
     * The grid of a parameter vector.
     *
     * @param w {@code N - 1} parameters
     * @param steps {@code N}
     * @return {@code N + 1} decreasing times with the target's end points
     */
    double[] times(double[] w, int steps) {
        double max = 0;
        for (double v : w) {
            max = Math.max(max, v);
        }
        double[] weight = new double[steps];
        double total = 0;
        for (int j = 0; j < steps; j++) {
            weight[j] = Math.exp((j == 0 ? 0 : w[j - 1]) - max);
            total += weight[j];
        }
        double l0 = target.lambdaStart();
        double span = target.lambdaEnd() - l0;
        double[] lambda = new double[steps + 1];
        lambda[0] = l0;
        double cumulative = 0;
        for (int j = 0; j < steps; j++) {
            cumulative += weight[j];
            lambda[j + 1] = l0 + span * (cumulative / total);
        }
        lambda[steps] = target.lambdaEnd();
        return target.timesOfLambdas(lambda);
    }
}
