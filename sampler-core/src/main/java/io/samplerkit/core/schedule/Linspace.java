package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * Evenly spaced values as the reference code bases compute them, so that tables and grids agree
 * with theirs to the last bit or two. Stateless.
 */
public final class Linspace {

    private Linspace() {
    }

    /**
     * numpy's {@code linspace(a, b, n)}: {@code a + i*step}, {@code step = (b - a)/(n - 1)}, the last
     * element set to {@code b}.
     *
     * @param a first value
     * @param b last value
     * @param n number of values, at least 1 ({@code [a]} when 1)
     * @return a new array
     */
    public static double[] numpy(double a, double b, int n) {
        Checks.requirePositive(n, "n");
        double[] r = new double[n];
        if (n == 1) {
            r[0] = a;
            return r;
        }
        double step = (b - a) / (n - 1);
        for (int i = 0; i < n - 1; i++) {
            r[i] = a + i * step;
        }
        r[n - 1] = b;
        return r;
    }

    /**
     * Symmetric evaluation, as {@code torch.linspace} does on the CPU: the first half counts up from
     * {@code a}, the second half counts down from {@code b}
     * ({@code a + i*step} for {@code i < n/2}, else {@code b - (n-1-i)*step}). Both end points are
     * exact and the rounding error never exceeds one step count times half an ulp.
     *
     * @param a first value
     * @param b last value
     * @param n number of values, at least 1 ({@code [a]} when 1)
     * @return a new array
     */
    public static double[] symmetric(double a, double b, int n) {
        Checks.requirePositive(n, "n");
        double[] r = new double[n];
        if (n == 1) {
            r[0] = a;
            return r;
        }
        double step = (b - a) / (n - 1);
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            r[i] = i < half ? a + i * step : b - (n - 1 - i) * step;
        }
        return r;
    }
}
