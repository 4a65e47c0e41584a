package io.samplerkit.solvers.testing;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
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

    private RhoProblems() {
    }

    /**
     * Karras et al.'s noise levels {@code (smax^(1/r) + u (smin^(1/r) - smax^(1/r)))^r}, {@code u = i/n}.
     *
     * @param n intervals
     * @param rhoMin last level
     * @param rhoMax first level
     * @param power {@code r} (7 in EDM)
     * @return {@code n + 1} decreasing levels with exact end points
     */
    public static double[] karras(int n, double rhoMin, double rhoMax, double power) {
        double[] r = new double[n + 1];
        double a = Math.pow(rhoMax, 1 / power);
        double b = Math.pow(rhoMin, 1 / power);
        for (int i = 0; i <= n; i++) {
            r[i] = Math.pow(a + (double) i / n * (b - a), power);
        }
        r[0] = rhoMax;
        r[n] = rhoMin;
        return r;
    }

    /**
     * @param schedule schedule
     * @param rho decreasing noise levels, all positive
     * @return the timesteps at {@code t = timeOfLambda(-log rho)}
     */
    public static Timesteps timesteps(NoiseSchedule schedule, double[] rho) {
        double[] t = new double[rho.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = schedule.timeOfLambda(-Math.log(rho[i]));
        }
        return Timesteps.of(schedule, t);
    }

    /**
     * @param schedule schedule
     * @param model model
     * @param rho noise levels
     * @return a deterministic problem on those levels
     */
    public static SamplingProblem problem(NoiseSchedule schedule, DiffusionModel model, double[] rho) {
        return SamplingProblem.of(schedule, model, timesteps(schedule, rho));
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
     * Max-norm error of {@code solver} against the exact flow of {@link #DATA} on a grid.
     *
     * @param solver solver
     * @param schedule schedule
     * @param prediction model parameterization
     * @param rho noise levels (positive)
     * @param xT start in {@code x} coordinates at {@code rho[0]}
     * @return max |x_N - exact|
     */
    public static double error(Solver solver, NoiseSchedule schedule, Prediction prediction, double[] rho,
            Batch xT) {
        SamplingProblem p = problem(schedule, DATA.model(schedule, prediction), rho);
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

    /**
     * A diagonal Gaussian mixture's exact denoiser, for problems whose flow is not linear (no closed
     * form). Responsibilities are computed in log space.
     *
     * @param schedule schedule
     * @param weights mixture weights
     * @param means component means {@code [k][d]}
     * @param variances component variances {@code [k][d]}
     * @return a data-prediction model
     */
    public static DiffusionModel mixture(NoiseSchedule schedule, double[] weights, double[][] means,
            double[][] variances) {
        int k = weights.length;
        int d = means[0].length;
        return new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return Prediction.DATA;
            }

            @Override
            public void evaluate(io.samplerkit.core.state.BatchView x, double t, Batch out) {
                double a = schedule.alpha(t);
                double s = schedule.sigma(t);
                double[] logw = new double[k];
                for (int r = 0; r < x.size(); r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        double lw = Math.log(weights[c]);
                        for (int i = 0; i < d; i++) {
                            double v = a * a * variances[c][i] + s * s;
                            double y = x.get(r, i) - a * means[c][i];
                            lw -= 0.5 * (Math.log(v) + y * y / v);
                        }
                        logw[c] = lw;
                        max = Math.max(max, lw);
                    }
                    double total = 0;
                    for (int c = 0; c < k; c++) {
                        logw[c] = Math.exp(logw[c] - max);
                        total += logw[c];
                    }
                    for (int i = 0; i < d; i++) {
                        double sum = 0;
                        for (int c = 0; c < k; c++) {
                            double v = a * a * variances[c][i] + s * s;
                            double y = x.get(r, i) - a * means[c][i];
                            sum += logw[c] / total * (means[c][i] + a * variances[c][i] / v * y);
                        }
                        out.set(r, i, sum);
                    }
                }
            }
        };
    }
}
