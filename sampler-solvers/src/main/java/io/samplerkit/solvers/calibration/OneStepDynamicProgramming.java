package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.solvers.Solver;

/**
 * GITS-style grid selection (Chen et al. 2024, "On the Trajectory Regularity of ODE-based Diffusion Sampling",
 * arXiv:2405.11326, section 4): the grid is a path of {@code N} edges through a fine candidate grid, and the
 * path minimising the sum of the edges' costs is found by dynamic programming.
 *
 * <p>Candidates: {@code M + 1} points uniform in half log-SNR between the end points. The cost of the edge
 * {@code i -> j} is the exact root-mean-square error of <em>one</em> step of the solver from the exact
 * marginal at {@code t_i} to {@code t_j} ({@link ExactGlobalError} on the two-point grid), where the paper
 * measures it against a teacher trajectory. The step is taken by the given one-step solver: the target solver
 * itself when it can take a single step, otherwise (multistep methods need at least {@code order} steps) a
 * first-order step, as the paper builds its cost matrix from DDIM steps and reuses the grid for other
 * solvers (measured consequences in docs/solvers/calibration.md). The sum of
 * local RMS errors bounds the global error when the steps are contractive, which the exact flow of Gaussian
 * data is. {@code O(M^2)} one-step runs, {@code O(N M^2)} for the programme; deterministic.
 *
 * <p>Immutable and thread-safe.
 */
public final class OneStepDynamicProgramming {

    private final ExactGlobalError error;
    private final int candidates;

    /**
     * @param error the exact error on the calibration problem
     * @param candidates {@code M}, intervals of the candidate grid, at least 2
     */
    public OneStepDynamicProgramming(ExactGlobalError error, int candidates) {
        this.error = Checks.requireNonNull(error, "error");
        this.candidates = Checks.requireInRange(candidates, 2, 100_000, "candidates");
    }

    /**
     * The result.
     *
     * @param times the chosen grid
     * @param cost the sum of its one-step RMS errors
     */
    public record Result(double[] times, double cost) {
    }

    /**
     * @param solver a deterministic fixed-grid solver
     * @param steps {@code N}, at most {@code M}
     * @return the cheapest {@code N}-edge path
     */
    public Result select(Solver solver, int steps) {
        ExactGlobalError.requireDeterministic(solver);
        int m = candidates;
        Checks.requireInRange(steps, 1, m, "steps");
        CalibrationTarget target = error.target();
        double[] grid = target.timesOfLambdas(Linspace.symmetric(target.lambdaStart(), target.lambdaEnd(), m + 1));
        double[][] cost = new double[m + 1][m + 1];
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j <= m; j++) {
                double mse;
                try {
                    mse = error.meanSquaredError(solver, Timesteps.of(target.schedule(), new double[] {grid[i], grid[j]}));
                } catch (IllegalArgumentException e) {
                    mse = Double.POSITIVE_INFINITY;
                }
                cost[i][j] = Math.sqrt(mse);
            }
        }
        // best[k][j]: cheapest path of k edges from point 0 to point j
        double[][] best = new double[steps + 1][m + 1];
        int[][] from = new int[steps + 1][m + 1];
        for (double[] row : best) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        best[0][0] = 0;
        for (int k = 1; k <= steps; k++) {
            for (int j = k; j <= m; j++) {
                for (int i = k - 1; i < j; i++) {
                    double c = best[k - 1][i] + cost[i][j];
                    if (c < best[k][j]) {
                        best[k][j] = c;
                        from[k][j] = i;
                    }
                }
            }
        }
        if (!Double.isFinite(best[steps][m])) {
            throw new IllegalStateException(Checks.format(
                    "no %d-step path with finite one-step errors through %d candidates", steps, m));
        }
        double[] times = new double[steps + 1];
        int j = m;
        for (int k = steps; k >= 0; k--) {
            times[k] = grid[j];
            j = from[k][j];
        }
        return new Result(times, best[steps][m]);
    }
}
