package io.samplerkit.solvers.law;

import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;

/** Gaussian samples for the SDE tests: draws from a law, sample moments, and the moment test statistic. */
public final class GaussianSamples {

    private GaussianSamples() {
    }

    /**
     * Draws {@code N(mean, C)} as {@code mean + L z} with the Cholesky factor {@code L}.
     *
     * @param law the law
     * @param rows samples
     * @param seed seed of {@code z} (a {@link SeededNoise}, stream 0)
     * @return the samples
     */
    public static Batch draw(GaussianLaw law, int rows, long seed) {
        int d = law.dim();
        double[][] l = cholesky(law.covariance());
        Batch z = Batch.zeros(rows, d);
        new SeededNoise(seed).standardNormal(0, z);
        Batch x = Batch.zeros(rows, d);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                double v = law.mean()[i];
                for (int k = 0; k <= i; k++) {
                    v += l[i][k] * z.get(r, k);
                }
                x.set(r, i, v);
            }
        }
        return x;
    }

    /**
     * The lower Cholesky factor {@code L} of a positive definite matrix, {@code C = L L^T}.
     *
     * @param c the matrix
     * @return {@code L}
     */
    public static double[][] cholesky(double[][] c) {
        int d = c.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = c[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        return l;
    }

    /**
     * The largest |statistic| of {@link SamplingAgreesWithExactLawTest}: mean and covariance entries of the samples
     * against the law, each in units of its asymptotic standard error.
     *
     * @param x samples
     * @param law the law
     * @return the largest absolute statistic
     */
    public static double worstStatistic(Batch x, GaussianLaw law) {
        int d = law.dim();
        int m = x.size();
        double[] mean = new double[d];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < d; i++) {
                mean[i] += x.get(r, i) / m;
            }
        }
        double[][] s = new double[d][d];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    s[i][j] += (x.get(r, i) - mean[i]) * (x.get(r, j) - mean[j]) / (m - 1);
                }
            }
        }
        double[][] c = law.covariance();
        double worst = 0;
        for (int i = 0; i < d; i++) {
            worst = Math.max(worst, Math.abs(mean[i] - law.mean()[i]) / Math.sqrt(c[i][i] / m));
            for (int j = 0; j <= i; j++) {
                double se = Math.sqrt((c[i][i] * c[j][j] + c[i][j] * c[i][j]) / m);
                worst = Math.max(worst, Math.abs(s[i][j] - c[i][j]) / se);
            }
        }
        return worst;
    }

    /**
     * @param x samples
     * @return their sample mean and covariance
     */
    public static GaussianLaw moments(Batch x) {
        int d = x.dim();
        int m = x.size();
        double[] mean = new double[d];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < d; i++) {
                mean[i] += x.get(r, i) / m;
            }
        }
        double[][] cov = new double[d][d];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] += (x.get(r, i) - mean[i]) * (x.get(r, j) - mean[j]) / (m - 1);
                }
            }
        }
        return new GaussianLaw(mean, cov);
    }
}
