package io.samplerkit.solvers.exponential;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.ExactHistoryStart;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;

/**
 * The convergence test problem of MATH.md §13: VP linear (0.1, 20), t from 1 to 1e-3 on a uniform-lambda
 * grid, Gaussian data with covariance eigenvalues spanning 1e-2 .. 10, a fixed x_T; errors are measured
 * against the exact probability-flow map.
 */
final class GaussianFlowFixture {

    static final VpLinearSchedule VP = VpLinearSchedule.standard();
    static final double T_START = 1.0;
    static final double T_END = 1e-3;

    final GaussianData data;
    final Batch xT;

    GaussianFlowFixture(GaussianData data, Batch xT) {
        this.data = data;
        this.xT = xT;
    }

    /** Rotated (non-diagonal) covariance with eigenvalues 0.01, 0.3, 2, 10. */
    static GaussianFlowFixture standard() {
        double[][] v = rotation4();
        GaussianData d = GaussianData.ofEigen(new double[] {0.5, -1, 2, 0.25}, new double[] {0.01, 0.3, 2, 10}, v);
        Batch x = Batch.of(new double[][] {{0.3, -1.2, 0.8, 1.5}, {1.1, 0.4, -0.5, -0.9}});
        return new GaussianFlowFixture(d, x);
    }

    /** A point mass at mu: the data prediction is constant, the noise prediction constant along the flow. */
    static GaussianFlowFixture pointMass() {
        GaussianData d = GaussianData.diagonal(new double[] {0.5, -1, 2}, new double[] {0, 0, 0});
        return new GaussianFlowFixture(d, Batch.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}}));
    }

    private static double[][] rotation4() {
        // product of two plane rotations: orthogonal, dense enough to couple the coordinates
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

    /** {@code n + 1} times uniform in lambda from T_START to T_END, exact end points. */
    static double[] uniformLambda(NoiseSchedule s, double tStart, double tEnd, int n) {
        double l0 = s.lambda(tStart);
        double l1 = s.lambda(tEnd);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = s.timeOfLambda(l0 + (l1 - l0) * i / n);
        }
        t[0] = tStart;
        t[n] = tEnd;
        return t;
    }

    SamplingProblem problem(Prediction prediction, double[] times) {
        return SamplingProblem.of(VP, data.model(VP, prediction), Timesteps.of(VP, times));
    }

    SamplingProblem problem(Prediction prediction, int steps) {
        return problem(prediction, uniformLambda(VP, T_START, T_END, steps));
    }

    /** Exact flow of x_T from the problem's first point to its last. */
    Batch exact(SamplingProblem p) {
        Timesteps g = p.timesteps();
        Batch out = xT.like();
        data.flow(xT, g.alpha(0), g.sigma(0), g.alpha(g.points() - 1), g.sigma(g.points() - 1), out);
        return out;
    }

    double error(Solver solver, SamplingProblem p) {
        return maxAbsDiff(solver.sample(p, xT).x(), exact(p));
    }

    /**
     * Runs a multistep solver with an exact-history start: the model values at the warm-up points
     * {@code t_1 .. t_{warm}} are those of the exact flow states, and the state after step {@code warm}
     * is the exact one, so only full-order steps contribute error (MATH.md §13 caveat 1).
     */
    double errorWithExactStart(Solver solver, Prediction prediction, int steps, int warm) {
        double[] times = uniformLambda(VP, T_START, T_END, steps);
        Batch x = ExactHistoryStart.run(solver, data, VP, times, prediction, xT, warm);
        return maxAbsDiff(x, exact(problem(prediction, times)));
    }

    static double maxAbsDiff(BatchView a, BatchView b) {
        double e = 0;
        for (int i = 0; i < a.data().length; i++) {
            e = Math.max(e, Math.abs(a.data()[i] - b.data()[i]));
        }
        return e;
    }

    /** Least-squares slope of log(error) against log(1/steps). */
    static double slope(int[] steps, double[] errors) {
        int n = steps.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(steps[i]);
            my += Math.log(errors[i]);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(steps[i]) - mx;
            sxy += dx * (Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return -sxy / sxx;
    }
}
