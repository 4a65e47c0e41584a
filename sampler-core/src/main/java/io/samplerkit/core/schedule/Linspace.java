package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * Evenly spaced values as the reference code bases compute them, so that tables and grids agree
 * with theirs to the last bit or two. Every variant shares the frame ({@code [a]} when {@code n = 1}, else
 * {@code n} values from {@code a} to {@code b}) and differs only in how element {@code i} is rounded. Stateless.
 */
public final class Linspace {

    /** How one variant computes element {@code i} of {@code n >= 2}. */
    @FunctionalInterface
    private interface Element {
        double at(double a, double b, int n, int i);
    }

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
        return values(a, b, n, (lo, hi, count, i) -> i == count - 1 ? hi : lo + i * ((hi - lo) / (count - 1)));
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
        return values(a, b, n, (lo, hi, count, i) -> {
            double step = (hi - lo) / (count - 1);
            return i < count / 2 ? lo + i * step : hi - (count - 1 - i) * step;
        });
    }

    /**
     * {@code torch.linspace(a, b, n, dtype=float64)} as torch 1.13 computes it on an AVX2 CPU, bit for bit:
     * {@code step = (b - a)/(n - 1)}, {@code base(i) = fma(step, i, a)} for {@code i < n/2}, else
     * {@code fma(-step, n - 1 - i, b)}; while at least 8 elements remain they are produced in blocks of 8, each as
     * two groups of 4 with {@code out[i + j] = base(i) + j*step}; the rest are {@code base(i)}.
     *
     * @param a first value
     * @param b last value
     * @param n number of values, at least 1
     * @return a new array
     */
    public static double[] torch(double a, double b, int n) {
        return values(a, b, n, (lo, hi, count, i) -> {
            double step = (hi - lo) / (count - 1);
            int k = groupStart(i, count, 4);
            double base = k < count / 2 ? Math.fma(step, k, lo) : Math.fma(-step, count - 1 - k, hi);
            return k == i ? base : base + (i - k) * step;
        });
    }

    /**
     * {@code torch.linspace(a, b, n, dtype=float32)} as torch 1.13 computes it on an AVX2 CPU, bit for bit: the
     * algorithm of {@link #torch} in float32 arithmetic ({@code a}, {@code b} and the step rounded to float32, the
     * fused multiply-adds rounded to float32) with 8-wide vectors, i.e. blocks of 16 as two groups of 8.
     *
     * @param a first value (rounded to float32)
     * @param b last value (rounded to float32)
     * @param n number of values, at least 1
     * @return a new array of float32 values
     */
    public static float[] torchFloat32(double a, double b, int n) {
        double[] wide = values((float) a, (float) b, n, (lo, hi, count, i) -> {
            float fa = (float) lo;
            float fb = (float) hi;
            float step = (fb - fa) / (float) (count - 1);
            int k = groupStart(i, count, 8);
            float base = k < count / 2 ? Math.fma(step, (float) k, fa) : Math.fma(-step, (float) (count - 1 - k), fb);
            return k == i ? base : base + (i - k) * step;
        });
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) wide[i];
        }
        return r;
    }

    /** The frame every variant shares: {@code [a]} when {@code n = 1}, else {@code element(i)} for each {@code i}. */
    private static double[] values(double a, double b, int n, Element element) {
        Checks.requirePositive(n, "n");
        double[] r = new double[n];
        if (n == 1) {
            r[0] = a;
            return r;
        }
        for (int i = 0; i < n; i++) {
            r[i] = element.at(a, b, n, i);
        }
        return r;
    }

    /**
     * torch's AVX2 vector layout: while at least {@code 2 group} elements remain they are produced in blocks of two
     * groups, each group from the base value at its first index; the tail element by element.
     *
     * @return the index whose base value element {@code i} is computed from
     */
    private static int groupStart(int i, int n, int group) {
        int blocked = n - n % (2 * group);
        return i < blocked ? i - i % group : i;
    }
}
