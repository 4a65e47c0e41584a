package io.samplerkit.solvers.support;

import io.samplerkit.core.Checks;

/**
 * An explicit Runge–Kutta method as its Butcher tableau (Butcher 2016, "Numerical Methods for
 * Ordinary Differential Equations", 3rd ed., section 23): for {@code y' = F(y, tau)},
 * <pre>
 *   k_s = F(y_n + dtau sum_{j &lt; s} a[s][j] k_j,  tau_n + c[s] dtau),   s = 0..S-1
 *   y_{n+1} = y_n + dtau sum_s b[s] k_s
 * </pre>
 * Row {@code a[s]} has length {@code s} (strictly lower triangular); {@code c[0] = 0}. Arrays are
 * copied on construction and on access, so the record is immutable and thread-safe.
 *
 * @param name short name, e.g. {@code "kutta3"}
 * @param order classical order of accuracy
 * @param c nodes, length S
 * @param a coupling coefficients, row {@code s} of length {@code s}
 * @param b weights, length S, summing to 1
 */
public record ButcherTableau(String name, int order, double[] c, double[][] a, double[] b) {

    /** Validates shape and the consistency conditions {@code sum_j a[s][j] = c[s]}, {@code sum b = 1}. */
    public ButcherTableau {
        Checks.requireNonNull(name, "name");
        Checks.requirePositive(order, "order");
        Checks.requireAllFinite(c, "c");
        Checks.requireAllFinite(b, "b");
        int stages = c.length;
        if (stages < 1 || b.length != stages || a == null || a.length != stages) {
            throw new IllegalArgumentException(Checks.format(
                    "tableau %s must have c, a and b of one length >= 1, got %d, %s and %d", name, stages,
                    a == null ? "null" : Integer.toString(a.length), b.length));
        }
        double[][] copy = new double[stages][];
        double sumB = 0;
        for (int s = 0; s < stages; s++) {
            Checks.requireAllFinite(a[s], "a[" + s + "]");
            if (a[s].length != s) {
                throw new IllegalArgumentException(Checks.format(
                        "tableau %s: row a[%d] must have %d entries (explicit method), got %d", name, s, s,
                        a[s].length));
            }
            double rowSum = 0;
            for (double v : a[s]) {
                rowSum += v;
            }
            if (Math.abs(rowSum - c[s]) > 1e-14) {
                throw new IllegalArgumentException(Checks.format(
                        "tableau %s: sum of a[%d] must equal c[%d]=%s, got %s", name, s, s, c[s], rowSum));
            }
            copy[s] = a[s].clone();
            sumB += b[s];
        }
        if (Math.abs(sumB - 1) > 1e-14) {
            throw new IllegalArgumentException(Checks.format("tableau %s: weights b must sum to 1, got %s", name,
                    sumB));
        }
        c = c.clone();
        a = copy;
        b = b.clone();
    }

    /** @return number of stages (model calls per step) */
    public int stages() {
        return c.length;
    }

    /**
     * @param s stage index
     * @return {@code c[s]}
     */
    public double c(int s) {
        return c[s];
    }

    /**
     * @param s stage index
     * @param j earlier stage index, {@code j < s}
     * @return {@code a[s][j]}
     */
    public double a(int s, int j) {
        return a[s][j];
    }

    /**
     * @param s stage index
     * @return {@code b[s]}
     */
    public double b(int s) {
        return b[s];
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    @Override
    public double[][] a() {
        double[][] r = new double[a.length][];
        for (int s = 0; s < a.length; s++) {
            r[s] = a[s].clone();
        }
        return r;
    }

    @Override
    public double[] b() {
        return b.clone();
    }
}
