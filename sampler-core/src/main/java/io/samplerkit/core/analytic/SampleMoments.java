package io.samplerkit.core.analytic;

/**
 * Mean and covariance of a sample of rows. Stateless.
 */
public final class SampleMoments {

    private SampleMoments() {
    }

    /**
     * @param rows rows of equal length d
     * @param mean their mean
     * @param divisor what the sums of products are divided by: {@code n} (maximum likelihood) or {@code n - 1}
     *     (unbiased)
     * @return the {@code d x d} covariance, symmetric
     */
    public static double[][] covariance(double[][] rows, double[] mean, double divisor) {
        int d = mean.length;
        double[][] cov = new double[d][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                double a = row[i] - mean[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += a * (row[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= divisor;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }
}
