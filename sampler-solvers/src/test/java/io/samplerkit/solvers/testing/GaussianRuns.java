package io.samplerkit.solvers.testing;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;

/**
 * Solver runs on the exact flow problems of the core test-jar ({@link GaussianFlowCase}): problems on
 * a case's grids and max-abs errors against the exact probability-flow map.
 */
public final class GaussianRuns {

    private GaussianRuns() {
    }

    /**
     * @param c the case
     * @param prediction what the model returns
     * @param times the grid times
     * @return a deterministic problem of the case's exact model
     */
    public static SamplingProblem problem(GaussianFlowCase c, Prediction prediction, double[] times) {
        return SamplingProblem.of(c.schedule(), c.model(prediction), c.timesteps(times));
    }

    /**
     * @param c the case
     * @param prediction what the model returns
     * @param grid a grid rule
     * @param steps intervals from the case's {@code tStart} to {@code tEnd}
     * @return a deterministic problem of the case's exact model
     */
    public static SamplingProblem problem(GaussianFlowCase c, Prediction prediction, TimeGrid grid, int steps) {
        return problem(c, prediction, c.times(grid, steps));
    }

    /**
     * @param c the case
     * @param prediction what the model returns
     * @param times the grid times, followed on the problem's grid by the zero-noise point
     * @return a deterministic problem ending at zero noise
     */
    public static SamplingProblem zeroNoiseEndProblem(GaussianFlowCase c, Prediction prediction, double[] times) {
        return SamplingProblem.of(c.schedule(), c.model(prediction),
                c.timesteps(times).withZeroNoiseEnd(c.schedule()));
    }

    /**
     * @param solver the solver
     * @param c the case
     * @param p a problem of the case's model
     * @return max-abs error of the solver started from the case's {@code xStart} at the grid's first point
     */
    public static double error(Solver solver, GaussianFlowCase c, SamplingProblem p) {
        return c.error(solver.sample(p, c.xStart()).x(), p.timesteps());
    }

    /**
     * @param solver the solver
     * @param c the case
     * @param prediction what the model returns
     * @param grid a grid rule
     * @param steps step counts
     * @return the error for each step count
     */
    public static double[] errors(Solver solver, GaussianFlowCase c, Prediction prediction, TimeGrid grid,
            int[] steps) {
        double[] e = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            e[j] = error(solver, c, problem(c, prediction, grid, steps[j]));
        }
        return e;
    }

    /**
     * Max-abs error of a solver against the exact flow of any Gaussian data, from any start.
     *
     * @param solver the solver
     * @param data the data whose exact model the problem uses
     * @param p the problem
     * @param xStart the start at the problem's first point. Not modified.
     * @return {@code max |x_N - exact|}
     */
    public static double error(Solver solver, GaussianData data, SamplingProblem p, Batch xStart) {
        Batch out = solver.sample(p, xStart).x();
        Timesteps g = p.timesteps();
        int last = g.points() - 1;
        Batch exact = xStart.like();
        data.flow(xStart, g.alpha(0), g.sigma(0), g.alpha(last), g.sigma(last), exact);
        return GaussianFixtures.maxAbsDiff(out, exact);
    }
}
