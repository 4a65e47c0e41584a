package io.samplerkit.solvers.testing;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;

/**
 * Test fixtures for solvers that work in EDM coordinates: noise-level grids in {@code rho = sigma/alpha},
 * problems built from them for any schedule, and the Gaussian test data of docs/math.md §12 (errors come from
 * {@link GaussianRuns#error(io.samplerkit.solvers.Solver, GaussianData, SamplingProblem, Batch)}, slopes
 * from {@link ConvergenceSlope} of the core test-jar).
 */
public final class RhoProblems {

    /** docs/math.md §12: mu = (0.5, -1, 2), variances (0.01, 1, 9) ({@link GaussianFixtures#standard()}). */
    public static final GaussianData DATA = GaussianFixtures.standard();

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
     * The observed order, {@link ConvergenceSlope#leastSquares(int[], double[])} (kept under this name for
     * the solver contract test).
     *
     * @param steps step counts
     * @param errors errors
     * @return the least-squares slope of {@code -log(error)} against {@code log(steps)}
     */
    public static double slope(int[] steps, double[] errors) {
        return ConvergenceSlope.leastSquares(steps, errors);
    }
}
