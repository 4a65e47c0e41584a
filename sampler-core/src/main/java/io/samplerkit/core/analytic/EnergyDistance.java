package io.samplerkit.core.analytic;

/**
 * Energy distance between two samples (Székely and Rizzo 2013, "Energy statistics", J. Stat. Plann. Inference 143,
 * eq. 2.1), the V-statistic {@code 2 E|X - Y| - E|X - X'| - E|Y - Y'|} with Euclidean norms over all pairs. It is
 * zero iff the laws agree and, unlike a moment match, sees missing or misplaced modes. Cost: {@code (n + m)^2 d}.
 *
 * <p>Thread-safe: stateless.
 */
public final class EnergyDistance {

    private EnergyDistance() {
    }

    /**
     * @param x rows of the first sample, {@code n x d} row-major
     * @param y rows of the second sample, {@code m x d} row-major
     * @param d dimension
     * @return the energy distance (V-statistic)
     */
    public static double of(double[] x, double[] y, int d) {
        if (d < 1 || x.length == 0 || y.length == 0 || x.length % d != 0 || y.length % d != 0) {
            throw new IllegalArgumentException("samples must hold whole non-empty rows of dimension d = " + d
                    + ", got " + x.length + " and " + y.length + " values");
        }
        return 2 * meanDistance(x, y, d) - meanDistance(x, x, d) - meanDistance(y, y, d);
    }

    private static double meanDistance(double[] a, double[] b, int d) {
        int n = a.length / d;
        int m = b.length / d;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = a[i * d + k] - b[j * d + k];
                    s += diff * diff;
                }
                sum += Math.sqrt(s);
            }
        }
        return sum / ((double) n * m);
    }
}
