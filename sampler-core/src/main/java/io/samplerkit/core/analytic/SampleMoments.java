package io.samplerkit.core.analytic;

/**
 * Mean and covariance of a sample of rows. Stateless.
 */
public final class SampleMoments {

    private SampleMoments() {
    }

    /**
     * @param rows {@code n >= 1} rows of equal length d
     * @return their mean, accumulated as {@code sum_r row[r][k] / n}
     */
    public static double[] mean(double[][] rows) {
        int n = rows.length;
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += row[k] / n;
            }
        }
        return mean;
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
