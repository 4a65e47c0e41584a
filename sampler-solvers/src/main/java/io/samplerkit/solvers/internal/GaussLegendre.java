package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import java.util.function.DoubleUnaryOperator;

/**
 * Gauss–Legendre quadrature on an interval, plus an adaptive composite rule for smooth but
 * non-polynomial integrands.
 *
 * <p>The {@code n}-point rule {@code int_a^b f = ((b-a)/2) sum_k w_k f(m + (b-a)/2 x_k)},
 * {@code m = (a+b)/2}, is exact for polynomials of degree {@code <= 2n - 1} (Abramowitz and Stegun
 * 25.4.29). Nodes are the roots of the Legendre polynomial {@code P_n}, found by Newton's method from
 * the Tricomi starting values {@code cos(pi (k - 1/4)/(n + 1/2))}, with weights
 * {@code w_k = 2 / ((1 - x_k^2) P_n'(x_k)^2)}; both are accurate to a few ulps for {@code n <= 64}.
 *
 * <p>Used once per run (multistep coefficients are precomputed in {@code start}), never per step.
 * Immutable and thread-safe.
 */
public final class GaussLegendre {

    /** Points of the panel rule used by {@link #integrateAdaptive}. */
    private static final int PANEL_POINTS = 20;
    /** Deepest bisection of {@link #integrateAdaptive}. */
    private static final int MAX_DEPTH = 40;
    private static final GaussLegendre PANEL = of(PANEL_POINTS);

    private final double[] nodes;
    private final double[] weights;

    private GaussLegendre(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /**
     * The {@code n}-point rule.
     *
     * @param n number of points, in [1, 64]
     * @return the rule
     */
    public static GaussLegendre of(int n) {
        Checks.requireInRange(n, 1, 64, "n");
        double[] x = new double[n];
        double[] w = new double[n];
        for (int k = 0; k < (n + 1) / 2; k++) {
            double z = Math.cos(Math.PI * (k + 0.75) / (n + 0.5));
            double derivative = 1;
            for (int iter = 0; iter < 100; iter++) {
                // P_n(z) and P_n'(z) by the three-term recurrence
                double p0 = 1;
                double p1 = z;
                for (int j = 2; j <= n; j++) {
                    double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / derivative;
                z -= dz;
                if (Math.abs(dz) <= 1e-16) {
                    break;
                }
            }
            x[k] = -z;
            x[n - 1 - k] = z;
            double wk = 2 / ((1 - z * z) * derivative * derivative);
            w[k] = wk;
            w[n - 1 - k] = wk;
        }
        if (n % 2 == 1) {
            x[n / 2] = 0.0;
        }
        return new GaussLegendre(x, w);
    }

    /** @return number of points */
    public int points() {
        return nodes.length;
    }

    /**
     * @param k point index
     * @return node {@code k} on [-1, 1], increasing in {@code k}
     */
    public double node(int k) {
        return nodes[k];
    }

    /**
     * @param k point index
     * @return weight {@code k} on [-1, 1]
     */
    public double weight(int k) {
        return weights[k];
    }

    /**
     * Applies the rule on {@code [a, b]} (either orientation).
     *
     * @param f integrand
     * @param a lower limit
     * @param b upper limit
     * @return {@code int_a^b f}
     */
    public double integrate(DoubleUnaryOperator f, double a, double b) {
        double half = 0.5 * (b - a);
        double mid = 0.5 * (a + b);
        double sum = 0;
        for (int k = 0; k < nodes.length; k++) {
            sum += weights[k] * f.applyAsDouble(mid + half * nodes[k]);
        }
        return half * sum;
    }

    /**
     * Adaptive composite 20-point Gauss–Legendre: an interval is bisected until the rule on it and the
     * sum over its halves agree to {@code relTol} of the running total (or the depth limit is hit).
     * Exact for polynomials of degree {@code <= 39}; for an integrand analytic near {@code [a, b]} the
     * first panel usually already meets the tolerance.
     *
     * @param f integrand, smooth on {@code [a, b]}
     * @param a lower limit
     * @param b upper limit
     * @param relTol relative tolerance, e.g. {@code 1e-15}
     * @return {@code int_a^b f}
     */
    public static double integrateAdaptive(DoubleUnaryOperator f, double a, double b, double relTol) {
        Checks.requireFinite(a, "a");
        Checks.requireFinite(b, "b");
        Checks.requirePositive(relTol, "relTol");
        double whole = PANEL.integrate(f, a, b);
        return refine(f, a, b, whole, relTol, Math.abs(whole), 0);
    }

    private static double refine(DoubleUnaryOperator f, double a, double b, double whole, double relTol,
            double scale, int depth) {
        double m = 0.5 * (a + b);
        double left = PANEL.integrate(f, a, m);
        double right = PANEL.integrate(f, m, b);
        double split = left + right;
        double tol = relTol * Math.max(scale, Math.abs(split));
        if (Math.abs(split - whole) <= tol || depth >= MAX_DEPTH || m == a || m == b) {
            return split;
        }
        double s = Math.max(scale, Math.abs(split));
        return refine(f, a, m, left, relTol, s, depth + 1) + refine(f, m, b, right, relTol, s, depth + 1);
    }
}
