package io.samplerkit.solvers;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.SplittableRandom;

/**
 * The exact problem of the solver contract (docs/math.md §11-12): VP linear schedule (0.1, 20) from
 * {@code t = 1} to {@code 1e-3}, Gaussian data in {@code d = 4} with covariance eigenvalues
 * {@code 1e-2, 1e-1, 1, 10} in a seeded random orthonormal basis, a noise-prediction model, and
 * starting points drawn from the exact marginal at {@code t = 1}. Errors are measured against the
 * exact probability-flow map, laws against the exact marginal.
 */
final class ContractProblem {

    /** The schedule. */
    static final VpLinearSchedule SCHEDULE = VpLinearSchedule.standard();
    /** First (noisiest) time. */
    static final double T_START = 1.0;
    /** Last time: sigma about 0.01 (no jump to zero noise, docs/math.md §12 caveat 3). */
    static final double T_END = 1e-3;
    /** Seed of the data's basis and mean. */
    static final long DATA_SEED = 20_240_611L;
    /** The data. */
    static final GaussianData DATA = data();
    /** Dimension. */
    static final int DIM = 4;

    private ContractProblem() {
    }

    /** Step grids the contract uses; which solver gets which is decided in {@link SolverContractTest}. */
    enum GridKind {
        /** Uniform in log-SNR: the natural grid of exponential integrators and multistep methods. */
        LOG_SNR(new LogSnrGrid()),
        /** Karras et al. (rho = 7) in {@code sigma/alpha}: the natural grid of EDM-coordinate solvers. */
        KARRAS(KarrasGrid.standard());

        private final TimeGrid grid;

        GridKind(TimeGrid grid) {
            this.grid = grid;
        }

        /**
         * @param steps number of intervals
         * @return the grid from {@link #T_START} to {@link #T_END}
         */
        Timesteps timesteps(int steps) {
            return Timesteps.of(SCHEDULE, grid, T_START, T_END, steps);
        }
    }

    private static GaussianData data() {
        SplittableRandom rng = new SplittableRandom(DATA_SEED);
        double[] mean = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            mean[i] = rng.nextDouble(-2, 2);
        }
        return GaussianData.ofEigen(mean, new double[] {1e-2, 1e-1, 1, 10},
                GaussianFixtures.randomRotation(rng, DIM));
    }

    /** @return the exact model, predicting noise */
    static DiffusionModel model() {
        return DATA.model(SCHEDULE, Prediction.NOISE);
    }

    /**
     * @param kind grid
     * @param steps intervals
     * @return a deterministic problem (seed 0, no observer) on that grid
     */
    static SamplingProblem problem(GridKind kind, int steps) {
        return SamplingProblem.of(SCHEDULE, model(), kind.timesteps(steps));
    }

    /**
     * Draws from the exact marginal {@code p_t} at {@link #T_START}:
     * {@code x = alpha mu + U diag(sqrt(v)) z}.
     *
     * @param rows number of samples
     * @param seed seed of the draws
     * @return the batch
     */
    static Batch initialState(int rows, long seed) {
        return marginalSample(rows, seed, SCHEDULE.alpha(T_START), SCHEDULE.sigma(T_START));
    }

    /**
     * Draws from the marginal {@code N(alpha mu, alpha^2 Sigma + sigma^2 I)}: {@code x = alpha mu + U diag(sqrt(v)) z}
     * ({@code alpha = 1, sigma = 0}: the data).
     *
     * @param rows number of samples
     * @param seed seed of the draws
     * @param alpha signal scale
     * @param sigma noise scale
     * @return the batch
     */
    static Batch marginalSample(int rows, long seed, double alpha, double sigma) {
        return marginalSample(DATA, rows, seed, alpha, sigma);
    }

    /**
     * As {@link #marginalSample(int, long, double, double)} for other Gaussian data of dimension {@link #DIM}.
     *
     * @param data the data
     * @param rows number of samples
     * @param seed seed of the draws
     * @param alpha signal scale
     * @param sigma noise scale
     * @return the batch
     */
    static Batch marginalSample(GaussianData data, int rows, long seed, double alpha, double sigma) {
        double[] v = data.marginalCovarianceEigenvalues(alpha, sigma);
        double[] mu = data.marginalMean(alpha);
        double[][] u = data.eigenvectors();
        SplittableRandom rng = new SplittableRandom(seed);
        Batch x = Batch.zeros(rows, DIM);
        double[] c = new double[DIM];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < DIM; k++) {
                c[k] = Math.sqrt(v[k]) * rng.nextGaussian();
            }
            for (int i = 0; i < DIM; i++) {
                double s = mu[i];
                for (int k = 0; k < DIM; k++) {
                    s += u[i][k] * c[k];
                }
                x.set(r, i, s);
            }
        }
        return x;
    }

    /**
     * @param xT starting points at {@code tFrom}. Not modified.
     * @param tFrom start time
     * @param tTo end time
     * @return the exact probability-flow image of {@code xT} at {@code tTo}
     */
    static Batch exactFlow(Batch xT, double tFrom, double tTo) {
        Batch out = xT.like();
        DATA.flow(xT, SCHEDULE, tFrom, tTo, out);
        return out;
    }

    /**
     * @param a first
     * @param b second, same shape
     * @return {@code max |a - b|}
     */
    static double maxAbsDiff(BatchView a, BatchView b) {
        return GaussianFixtures.maxAbsDiff(a.data(), b.data());
    }

    /**
     * Sample mean and variance of the eigen-coordinates {@code U^T (x - alpha_t mu)} of the rows of
     * {@code x}, to compare with the exact marginal at {@code t} (mean 0, variances
     * {@link GaussianData#marginalCovarianceEigenvalues}).
     *
     * @param x samples. Not modified.
     * @param t their time
     * @return {@code {means, variances}}, each of length {@link #DIM}
     */
    static double[][] eigenMoments(BatchView x, double t) {
        double[] mu = DATA.marginalMean(SCHEDULE.alpha(t));
        double[][] u = DATA.eigenvectors();
        double[] sum = new double[DIM];
        double[] sumSq = new double[DIM];
        int n = x.size();
        double[] d = x.data();
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < DIM; k++) {
                double c = 0;
                for (int i = 0; i < DIM; i++) {
                    c += u[i][k] * (d[r * DIM + i] - mu[i]);
                }
                sum[k] += c;
                sumSq[k] += c * c;
            }
        }
        double[] mean = new double[DIM];
        double[] var = new double[DIM];
        for (int k = 0; k < DIM; k++) {
            mean[k] = sum[k] / n;
            var[k] = (sumSq[k] - n * mean[k] * mean[k]) / (n - 1);
        }
        return new double[][] {mean, var};
    }
}
