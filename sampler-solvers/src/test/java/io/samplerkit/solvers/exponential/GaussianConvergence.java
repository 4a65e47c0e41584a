package io.samplerkit.solvers.exponential;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import java.util.function.IntFunction;

/**
 * The convergence set-up of MATH.md section 13: VP linear (0.1, 20), T = 1 to 1e-3, diagonal Gaussian
 * data mu = (0.5, -1, 2), s = (0.1, 1, 3), a fixed x_T; errors are max-abs against the exact flow map.
 */
final class GaussianConvergence {

    static final VpLinearSchedule VP = VpLinearSchedule.standard();
    static final GaussianData DATA = GaussianData.diagonal(new double[] {0.5, -1, 2}, new double[] {0.01, 1, 9});
    static final double T_START = 1.0;
    static final double T_END = 1e-3;

    private GaussianConvergence() {
    }

    static Batch xT() {
        return Batch.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}});
    }

    /** Uniform in lambda, exact end points. */
    static double[] uniformLambda(int n) {
        double l0 = VP.lambda(T_START);
        double l1 = VP.lambda(T_END);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = VP.timeOfLambda(l0 + (l1 - l0) * i / n);
        }
        t[0] = T_START;
        t[n] = T_END;
        return t;
    }

    /** Quadratic in t (uniform in sqrt t), exact end points. */
    static double[] quadraticT(int n) {
        double a = Math.sqrt(T_START);
        double b = Math.sqrt(T_END);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double r = a + (b - a) * i / n;
            t[i] = r * r;
        }
        t[0] = T_START;
        t[n] = T_END;
        return t;
    }

    /** Uniform in t. */
    static double[] uniformT(int n) {
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = T_START + (T_END - T_START) * i / n;
        }
        t[n] = T_END;
        return t;
    }

    /** The {@code count} points that continue {@link #uniformLambda} backwards (noisier), oldest first. */
    static double[] uniformLambdaPrior(int n, int count) {
        double l0 = VP.lambda(T_START);
        double h = (VP.lambda(T_END) - l0) / n;
        double[] p = new double[count];
        for (int j = 0; j < count; j++) {
            p[j] = VP.timeOfLambda(l0 - (count - j) * h);
        }
        return p;
    }

    /** The {@code count} points that continue {@link #quadraticT} backwards, oldest first. */
    static double[] quadraticTPrior(int n, int count) {
        double a = Math.sqrt(T_START);
        double d = (a - Math.sqrt(T_END)) / n;
        double[] p = new double[count];
        for (int j = 0; j < count; j++) {
            double r = a + (count - j) * d;
            p[j] = r * r;
        }
        return p;
    }

    /**
     * Errors of a multistep solver started from exact history (MATH.md section 13, caveat 1).
     *
     * @param solver a solver built on MultistepExponentialRun
     * @param grid the grid for N steps
     * @param prior the prior points for (N, count)
     * @param count number of prior points (history length - 1)
     * @param steps step counts
     * @return max-abs errors
     */
    static double[] exactStartErrors(Solver solver, IntFunction<double[]> grid,
            java.util.function.BiFunction<Integer, Integer, double[]> prior, int count, int[] steps) {
        double[] e = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            double[] t = grid.apply(steps[k]);
            Batch x0 = xT();
            Batch out = io.samplerkit.solvers.support.ExactHistory.run(solver, problem(t, Prediction.NOISE), DATA, x0,
                    prior.apply(steps[k], count));
            Batch exact = x0.like();
            DATA.flow(x0, VP, t[0], t[t.length - 1], exact);
            double m = 0;
            for (int i = 0; i < exact.data().length; i++) {
                m = Math.max(m, Math.abs(exact.data()[i] - out.data()[i]));
            }
            e[k] = m;
        }
        return e;
    }

    /** A problem on {@code times} followed by the zero-noise point. */
    static SamplingProblem zeroNoiseEndProblem(double[] times) {
        return SamplingProblem.of(VP, DATA.model(VP, Prediction.NOISE), Timesteps.of(VP, times).withZeroNoiseEnd(VP));
    }

    static SamplingProblem problem(double[] times, Prediction prediction) {
        return SamplingProblem.of(VP, DATA.model(VP, prediction), Timesteps.of(VP, times));
    }

    /** Max-abs error of a finished run against the exact flow from the first to the last time. */
    static double error(SamplingResult r, double tStart, double tEnd, Batch x0) {
        Batch exact = x0.like();
        DATA.flow(x0, VP, tStart, tEnd, exact);
        double e = 0;
        for (int i = 0; i < exact.data().length; i++) {
            e = Math.max(e, Math.abs(exact.data()[i] - r.x().data()[i]));
        }
        return e;
    }

    static double error(Solver solver, double[] times, Prediction prediction) {
        SamplingResult r = solver.sample(problem(times, prediction), xT());
        return error(r, times[0], times[times.length - 1], xT());
    }

    /** Errors for each step count. */
    static double[] errors(Solver solver, IntFunction<double[]> grid, int[] steps) {
        double[] e = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            e[j] = error(solver, grid.apply(steps[j]), Prediction.NOISE);
        }
        return e;
    }

    /** Slope of log(error) against log(steps) between the last two entries. */
    static double lastSlope(double[] errors, int[] steps) {
        int n = errors.length;
        return Math.log(errors[n - 2] / errors[n - 1]) / Math.log((double) steps[n - 1] / steps[n - 2]);
    }

    static String describe(double[] errors, int[] steps) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < steps.length; j++) {
            sb.append(String.format(java.util.Locale.ROOT, "N=%d err=%.3e; ", steps[j], errors[j]));
        }
        return sb.toString();
    }
}
