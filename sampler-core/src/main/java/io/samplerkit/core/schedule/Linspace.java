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
        Checks.requirePositive(n, "n");
        double[] r = new double[n];
        if (n == 1) {
            r[0] = a;
            return r;
        }
        double step = (b - a) / (n - 1);
        int half = n / 2;
        int i = 0;
        while (n - i >= 8) {
            for (int g = 0; g < 8; g += 4) {
                double base = torchBase(a, b, step, half, n, i + g);
                for (int j = 0; j < 4; j++) {
                    r[i + g + j] = base + j * step;
                }
            }
            i += 8;
        }
        for (; i < n; i++) {
            r[i] = torchBase(a, b, step, half, n, i);
        }
        return r;
    }

    private static double torchBase(double a, double b, double step, int half, int n, int i) {
        return i < half ? Math.fma(step, i, a) : Math.fma(-step, n - 1 - i, b);
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
        Checks.requirePositive(n, "n");
        float fa = (float) a;
        float fb = (float) b;
        float[] r = new float[n];
        if (n == 1) {
            r[0] = fa;
            return r;
        }
        float step = (fb - fa) / (float) (n - 1);
        int half = n / 2;
        int i = 0;
        while (n - i >= 16) {
            for (int g = 0; g < 16; g += 8) {
                float base = torchBase32(fa, fb, step, half, n, i + g);
                for (int j = 0; j < 8; j++) {
                    r[i + g + j] = base + j * step;
                }
            }
            i += 16;
        }
        for (; i < n; i++) {
            r[i] = torchBase32(fa, fb, step, half, n, i);
        }
        return r;
    }

    private static float torchBase32(float a, float b, float step, int half, int n, int i) {
        return i < half ? Math.fma(step, (float) i, a) : Math.fma(-step, (float) (n - 1 - i), b);
    }
}
