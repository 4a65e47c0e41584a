package io.samplerkit.core.analytic;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.SplittableRandom;

/**
 * Analytic test problems shared with other modules through the core test-jar.
 */
public final class GaussianFixtures {

    private GaussianFixtures() {
    }

    /**
     * The problem of docs/math.md section 12: {@code mu = (0.5, -1, 2)}, standard deviations {@code (0.1, 1, 3)},
     * diagonal covariance.
     *
     * @return the data
     */
    public static GaussianData standard() {
        return GaussianData.diagonal(new double[] {0.5, -1, 2}, new double[] {0.01, 1, 9});
    }

    /**
     * A Gaussian with a random mean in {@code [-2, 2]^d}, a random orthonormal eigenbasis and eigenvalues
     * spread log-uniformly over {@code [1e-2, 4]}.
     *
     * @param rng randomness
     * @param d dimension
     * @return the data
     */
    public static GaussianData random(SplittableRandom rng, int d) {
        double[] mean = new double[d];
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] = rng.nextDouble(-2, 2);
            values[i] = Math.exp(rng.nextDouble(Math.log(1e-2), Math.log(4)));
        }
        return GaussianData.ofEigen(mean, values, randomRotation(rng, d));
    }

    /**
     * A random orthogonal matrix (Gram–Schmidt, applied twice, on a Gaussian matrix).
     *
     * @param rng randomness
     * @param d order
     * @return orthonormal columns {@code [i][k]}
     */
    public static double[][] randomRotation(SplittableRandom rng, int d) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                q[i][k] = rng.nextGaussian();
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += q[i][k] * q[i][j];
                    }
                    for (int i = 0; i < d; i++) {
                        q[i][k] -= dot * q[i][j];
                    }
                }
                double norm = 0;
                for (int i = 0; i < d; i++) {
                    norm += q[i][k] * q[i][k];
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < d; i++) {
                    q[i][k] /= norm;
                }
            }
        }
        return q;
    }

    /**
     * A batch of independent {@code N(0, scale^2)} entries.
     *
     * @param rng randomness
     * @param size rows
     * @param dim columns
     * @param scale standard deviation
     * @return the batch
     */
    public static Batch normalBatch(SplittableRandom rng, int size, int dim, double scale) {
        Batch b = Batch.zeros(size, dim);
        double[] d = b.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = scale * rng.nextGaussian();
        }
        return b;
    }

    /**
     * Largest absolute element-wise difference.
     *
     * @param a first
     * @param b second
     * @return {@code max |a - b|}
     */
    public static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /**
     * Largest absolute element-wise difference of two batches of the same shape.
     *
     * @param a first
     * @param b second
     * @return {@code max |a - b|}
     */
    public static double maxAbsDiff(BatchView a, BatchView b) {
        return maxAbsDiff(a.data(), b.data());
    }

    /**
     * Euclidean (Frobenius) norm of the difference of two batches of the same shape.
     *
     * @param a first
     * @param b second
     * @return {@code ||a - b||_2} over all elements
     */
    public static double distance(BatchView a, BatchView b) {
        double[] x = a.data();
        double[] y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * First index where two arrays differ in their bits (sizes must match), or -1: a fast exact comparison
     * for large arrays.
     *
     * @param a first
     * @param b second
     * @return first differing index, or -1 when bit-identical
     */
    public static int firstBitDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            return Math.min(a.length, b.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Largest absolute element.
     *
     * @param a values
     * @return {@code max |a|}
     */
    public static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
