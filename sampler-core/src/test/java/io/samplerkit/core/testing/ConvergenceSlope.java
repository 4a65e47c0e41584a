package io.samplerkit.core.testing;

import java.util.Locale;

/**
 * Observed convergence orders (docs/math.md section 12): with {@code error ~ C n^(-p)} over step counts (or
 * other resolutions) {@code n}, each method returns {@code p}. Shared with other modules through the
 * core test-jar.
 */
public final class ConvergenceSlope {

    private ConvergenceSlope() {
    }

    /**
     * Least-squares slope of {@code log(error)} against {@code log(1/n)} over all points.
     *
     * @param n resolutions, e.g. step counts
     * @param errors errors, positive
     * @return the observed order
     */
    public static double leastSquares(double[] n, double[] errors) {
        int m = n.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < m; i++) {
            mx += Math.log(n[i]);
            my += Math.log(errors[i]);
        }
        mx /= m;
        my /= m;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < m; i++) {
            double dx = Math.log(n[i]) - mx;
            sxy += dx * (Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return -sxy / sxx;
    }

    /**
     * {@link #leastSquares(double[], double[])} over integer step counts.
     *
     * @param steps step counts
     * @param errors errors, positive
     * @return the observed order
     */
    public static double leastSquares(int[] steps, double[] errors) {
        double[] n = new double[steps.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = steps[i];
        }
        return leastSquares(n, errors);
    }

    /**
     * The slope between the last two points (the most asymptotic pair).
     *
     * @param steps step counts, increasing
     * @param errors errors, positive
     * @return {@code log(e[k-1]/e[k]) / log(n[k]/n[k-1])} for the last index {@code k}
     */
    public static double lastTwo(int[] steps, double[] errors) {
        int k = errors.length - 1;
        return Math.log(errors[k - 1] / errors[k]) / Math.log((double) steps[k] / steps[k - 1]);
    }

    /**
     * @param steps step counts
     * @param errors errors
     * @return {@code "N=40 err=1.234e-03; N=80 ..."} for assertion messages
     */
    public static String describe(int[] steps, double[] errors) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < steps.length; j++) {
            sb.append(String.format(Locale.ROOT, "N=%d err=%.3e; ", steps[j], errors[j]));
        }
        return sb.toString();
    }
}
