package io.samplerkit.core.analytic;

import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * An exact flow problem for convergence and exactness tests (docs/math.md section 12): a schedule, Gaussian
 * data (exact model in every prediction, exact probability-flow map), a fixed start {@code xStart} at
 * {@code tStart}, and the end {@code tEnd} (sigma about 0.01 for the VP cases: no jump to zero noise,
 * caveat 3). Errors are max-abs against the exact flow. Shared with other modules through the core
 * test-jar; {@code xStart} must not be modified.
 *
 * @param schedule the schedule
 * @param data the data
 * @param xStart the start state at {@code tStart}
 * @param tStart first (noisiest) time
 * @param tEnd last time
 */
public record GaussianFlowCase(NoiseSchedule schedule, GaussianData data, Batch xStart, double tStart,
        double tEnd) {

    private static final double[][] START = {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}};

    /**
     * docs/math.md section 12: VP linear (0.1, 20) from {@code t = 1} to {@code 1e-3}, data
     * {@link GaussianFixtures#standard()}, two fixed 3-d start rows.
     *
     * @return the case
     */
    public static GaussianFlowCase standard() {
        return vp(GaussianFixtures.standard(), Batch.of(START));
    }

    /**
     * As {@link #standard()} with a rotated (non-diagonal) 4-d covariance of eigenvalues
     * {@code 0.01, 0.3, 2, 10}, so the coordinates are coupled.
     *
     * @return the case
     */
    public static GaussianFlowCase rotated() {
        GaussianData d = GaussianData.ofEigen(new double[] {0.5, -1, 2, 0.25}, new double[] {0.01, 0.3, 2, 10},
                rotation4());
        return vp(d, Batch.of(new double[][] {{0.3, -1.2, 0.8, 1.5}, {1.1, 0.4, -0.5, -0.9}}));
    }

    /**
     * A point mass at {@code mu = (0.5, -1, 2)}: the data prediction is constant, the noise prediction
     * constant along the flow, so exponential integrators of every order are exact.
     *
     * @return the case
     */
    public static GaussianFlowCase pointMass() {
        return vp(GaussianData.diagonal(new double[] {0.5, -1, 2}, new double[] {0, 0, 0}), Batch.of(START));
    }

    private static GaussianFlowCase vp(GaussianData data, Batch xStart) {
        return new GaussianFlowCase(VpLinearSchedule.standard(), data, xStart, 1.0, 1e-3);
    }

    /** Product of two plane rotations: orthogonal, dense enough to couple the coordinates. */
    private static double[][] rotation4() {
        double c1 = Math.cos(0.7);
        double s1 = Math.sin(0.7);
        double c2 = Math.cos(-1.1);
        double s2 = Math.sin(-1.1);
        double[][] a = {{c1, -s1, 0, 0}, {s1, c1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        double[][] b = {{1, 0, 0, 0}, {0, c2, 0, -s2}, {0, 0, 1, 0}, {0, s2, 0, c2}};
        double[][] r = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    r[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return r;
    }

    /**
     * @param prediction what the model returns
     * @return the exact model on the case's schedule
     */
    public DiffusionModel model(Prediction prediction) {
        return data.model(schedule, prediction);
    }

    /**
     * @param grid a grid rule
     * @param steps intervals
     * @return the grid's times from {@code tStart} to {@code tEnd}
     */
    public double[] times(TimeGrid grid, int steps) {
        return grid.times(schedule, tStart, tEnd, steps);
    }

    /**
     * @param times grid times (need not be the case's end points)
     * @return the grid evaluated on the case's schedule
     */
    public Timesteps timesteps(double[] times) {
        return Timesteps.of(schedule, times);
    }

    /**
     * @param grid a grid rule
     * @param steps intervals
     * @return the grid from {@code tStart} to {@code tEnd} evaluated on the case's schedule
     */
    public Timesteps timesteps(TimeGrid grid, int steps) {
        return timesteps(times(grid, steps));
    }

    /**
     * @param from start time ({@code xStart} is taken to be the state there)
     * @param to end time
     * @return the exact flow of {@code xStart} from {@code from} to {@code to}
     */
    public Batch exact(double from, double to) {
        Batch out = xStart.like();
        data.flow(xStart, schedule, from, to, out);
        return out;
    }

    /**
     * @param grid a grid ({@code xStart} is taken to be the state at its first point)
     * @return the exact flow of {@code xStart} from the grid's first point to its last
     */
    public Batch exact(Timesteps grid) {
        int last = grid.points() - 1;
        Batch out = xStart.like();
        data.flow(xStart, grid.alpha(0), grid.sigma(0), grid.alpha(last), grid.sigma(last), out);
        return out;
    }

    /**
     * @param x a result on {@code grid}, started from {@code xStart}
     * @param grid its grid
     * @return {@code max |x - exact(grid)|}
     */
    public double error(BatchView x, Timesteps grid) {
        return GaussianFixtures.maxAbsDiff(x, exact(grid));
    }
}
