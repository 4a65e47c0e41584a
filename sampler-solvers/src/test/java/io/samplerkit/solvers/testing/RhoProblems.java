package io.samplerkit.solvers.testing;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;

/**
 * Test fixtures for solvers that work in EDM coordinates: noise-level grids in {@code rho = sigma/alpha},
 * problems built from them for any schedule, the Gaussian test data of MATH.md §13, and convergence
 * slopes.
 */
public final class RhoProblems {

    /** MATH.md §13: mu = (0.5, -1, 2), variances (0.01, 1, 9). */
    public static final GaussianData DATA = GaussianData.diagonal(new double[] {0.5, -1, 2},
            new double[] {0.01, 1, 9});

    /** EDM schedule (alpha = 1, time = sigma). */
    public static final EdmSchedule EDM = new EdmSchedule(0.002, 80);

    private RhoProblems() {
    }

    /**
     * A deterministic problem on a Karras grid (power 7) of noise-to-signal ratios.
     *
     * @param schedule schedule
     * @param model model
     * @param rhoMax first level {@code sigma/alpha}
     * @param rhoMin last level
     * @param steps intervals
     * @return the problem, {@code t_i = timeOfRho(rho_i)}
     */
    public static SamplingProblem karras(NoiseSchedule schedule, DiffusionModel model, double rhoMax, double rhoMin,
            int steps) {
        return SamplingProblem.of(schedule, model, KarrasGrid.standard(), schedule.timeOfRho(rhoMax),
                schedule.timeOfRho(rhoMin), steps);
    }

    /**
     * {@link #DATA} on an EDM schedule, Karras grid from 80 down to {@code rhoMin}.
     *
     * @param steps intervals
     * @param rhoMin last level
     * @return the problem
     */
    public static SamplingProblem edm(int steps, double rhoMin) {
        return karras(EDM, DATA.model(EDM, Prediction.DATA), 80, rhoMin, steps);
    }

    /**
     * @param rows batch size
     * @param scale multiplier
     * @return a fixed batch of 3-d states
     */
    public static Batch start(int rows, double scale) {
        Batch x = Batch.zeros(rows, 3);
        double[] base = {0.3, -1.2, 0.8, 1.1, 0.4, -0.5, -0.7, 0.9, 0.2};
        for (int i = 0; i < rows * 3; i++) {
            x.data()[i] = scale * base[i % base.length];
        }
        return x;
    }

    /**
     * Max-norm error of {@code solver} against the exact flow of {@link #DATA} on a problem.
     *
     * @param solver solver
     * @param p problem whose model is {@link #DATA}'s
     * @param xT start in {@code x} coordinates
     * @return max |x_N - exact|
     */
    public static double error(Solver solver, SamplingProblem p, Batch xT) {
        Batch out = solver.sample(p, xT).x();
        Batch exact = xT.like();
        int n = p.timesteps().points() - 1;
        DATA.flow(xT, p.timesteps().alpha(0), p.timesteps().sigma(0), p.timesteps().alpha(n),
                p.timesteps().sigma(n), exact);
        return maxAbsDiff(out, exact);
    }

    /**
     * @param a first
     * @param b second
     * @return max |a - b|
     */
    public static double maxAbsDiff(Batch a, Batch b) {
        double e = 0;
        for (int i = 0; i < a.data().length; i++) {
            e = Math.max(e, Math.abs(a.data()[i] - b.data()[i]));
        }
        return e;
    }

    /**
     * Least-squares slope of {@code -log(error)} against {@code log(steps)}.
     *
     * @param steps step counts
     * @param errors errors
     * @return the measured order
     */
    public static double slope(int[] steps, double[] errors) {
        int n = steps.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(steps[i]) / n;
            my += -Math.log(errors[i]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(steps[i]) - mx;
            sxy += dx * (-Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
