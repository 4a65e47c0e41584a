package io.samplerkit.solvers.internal;

import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.SkipType;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.TestModels;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.function.DoubleUnaryOperator;

/**
 * Exact-history starts for the order tests of multistep solvers (docs/math.md section 12, caveat 1): the
 * warm-up of a multistep method has lower order, so an order test starts it from exact history and only
 * full-order steps contribute error. Two ways, both on a {@link GaussianFlowCase}:
 * <ul>
 * <li>{@link #warmSteps}: for any solver. At the grid points {@code t_1 .. t_warm} the model answers with
 *     its value on the exact trajectory, and the state after each of the first {@code warm} steps is
 *     replaced by the exact one.</li>
 * <li>{@link #priorHistory}: for solvers built on {@link MultistepExponentialRun}. Before the first step
 *     the run's history is filled with the model at the exact states at earlier ("prior") times that
 *     continue the grid, so every step, the first included, has full order.</li>
 * </ul>
 */
public final class ExactHistoryStart {

    private ExactHistoryStart() {
    }

    /**
     * Runs {@code solver} with the first {@code warm} steps started exactly.
     *
     * @param solver the solver
     * @param c the case; {@code xStart} is the state at {@code times[0]}
     * @param times the grid
     * @param prediction what the model returns
     * @param warm number of leading steps started exactly
     * @return the final state
     */
    public static Batch warmSteps(Solver solver, GaussianFlowCase c, double[] times, Prediction prediction,
            int warm) {
        NoiseSchedule schedule = c.schedule();
        DiffusionModel exact = c.model(prediction);
        DiffusionModel model = TestModels.of(prediction, (x, t, out) -> {
            for (int k = 1; k <= warm; k++) {
                if (t == times[k]) {
                    exact.evaluate(c.exact(times[0], t), t, out);
                    return;
                }
            }
            exact.evaluate(x, t, out);
        });
        SamplingProblem p = SamplingProblem.of(schedule, model, c.timesteps(times));
        Batch x = c.xStart().copy();
        SolverRun run = solver.start(context(solver, p, x));
        for (int k = 1; !run.done(); k++) {
            run.step(x);
            if (k <= warm) {
                x.copyFrom(c.exact(times[0], times[k]));
            }
        }
        return x;
    }

    /**
     * @param solver the solver
     * @param c the case
     * @param times the grid
     * @param prediction what the model returns
     * @param warm number of leading steps started exactly
     * @return max-abs error of {@link #warmSteps} against the exact flow over the grid
     */
    public static double warmStepsError(Solver solver, GaussianFlowCase c, double[] times, Prediction prediction,
            int warm) {
        return c.error(warmSteps(solver, c, times, prediction, warm), c.timesteps(times));
    }

    /**
     * Runs a solver built on {@link MultistepExponentialRun} with its history filled at prior times.
     *
     * @param solver the solver
     * @param c the case
     * @param problem a problem of the case's model; {@code xStart} is the state at its first time
     * @param prior earlier (noisier) times, oldest first
     * @return the final state
     */
    public static Batch priorHistory(Solver solver, GaussianFlowCase c, SamplingProblem problem, double[] prior) {
        Batch x = c.xStart().copy();
        SolverContext context = context(solver, problem, x);
        MultistepExponentialRun run = (MultistepExponentialRun) solver.start(context);
        NoiseSchedule schedule = problem.schedule();
        for (double tp : prior) {
            run.side.evaluate(context, c.exact(problem.tStart(), tp), tp, run.history.slot());
            run.history.push(tp, schedule.alpha(tp), schedule.sigma(tp), schedule.lambda(tp));
        }
        while (!run.done()) {
            run.step(x);
        }
        return x;
    }

    /**
     * Errors of {@link #priorHistory} starts on a grid rule, noise-prediction model.
     *
     * @param solver a solver built on {@link MultistepExponentialRun}
     * @param c the case
     * @param grid the grid rule, from the case's {@code tStart} to {@code tEnd}
     * @param count number of prior points (history length - 1)
     * @param steps step counts
     * @return the max-abs error for each step count
     */
    public static double[] priorHistoryErrors(Solver solver, GaussianFlowCase c, SkipType grid, int count,
            int[] steps) {
        double[] e = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            SamplingProblem p = GaussianRuns.problem(c, Prediction.NOISE, grid.grid(), steps[k]);
            double[] prior = priorTimes(grid, c.schedule(), c.tStart(), c.tEnd(), steps[k], count);
            e[k] = c.error(priorHistory(solver, c, p, prior), p.timesteps());
        }
        return e;
    }

    /**
     * The {@code count} points that continue a grid backwards (noisier), oldest first: the grid is
     * uniform in {@code u(t)} (lambda, t or sqrt t), so they are {@code u^-1(u(tStart) - j h)}.
     *
     * @param grid the grid rule
     * @param schedule the schedule
     * @param tStart first time of the grid
     * @param tEnd last time of the grid
     * @param steps intervals of the grid
     * @param count number of points
     * @return the prior times
     */
    public static double[] priorTimes(SkipType grid, NoiseSchedule schedule, double tStart, double tEnd, int steps,
            int count) {
        DoubleUnaryOperator u;
        DoubleUnaryOperator inverse;
        switch (grid) {
            case LOG_SNR:
                u = schedule::lambda;
                inverse = schedule::timeOfLambda;
                break;
            case TIME_QUADRATIC:
                u = Math::sqrt;
                inverse = r -> r * r;
                break;
            default:
                u = t -> t;
                inverse = t -> t;
                break;
        }
        double u0 = u.applyAsDouble(tStart);
        double h = (u.applyAsDouble(tEnd) - u0) / steps;
        double[] p = new double[count];
        for (int j = 0; j < count; j++) {
            p[j] = inverse.applyAsDouble(u0 - (count - j) * h);
        }
        return p;
    }

    /** Validates the problem and makes the run's context, as the sampling driver does. */
    private static SolverContext context(Solver solver, SamplingProblem problem, Batch x) {
        solver.validate(problem);
        return new SolverContext(solver.name(), problem, x.size(), x.dim());
    }
}
