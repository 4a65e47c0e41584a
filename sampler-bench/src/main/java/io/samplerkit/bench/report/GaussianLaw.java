package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;

/**
 * A Gaussian law {@code N(mean, covariance)}.
 *
 * @param mean mean, length d
 * @param covariance covariance, d x d, symmetric positive semi-definite
 */
public record GaussianLaw(double[] mean, double[][] covariance) {

    /** Validates shapes. */
    public GaussianLaw {
        Checks.requireAllFinite(mean, "mean");
        if (covariance.length != mean.length) {
            throw new IllegalArgumentException(Checks.format("covariance must have %d rows, got %d", mean.length,
                    covariance.length));
        }
        for (int i = 0; i < covariance.length; i++) {
            if (covariance[i].length != mean.length) {
                throw new IllegalArgumentException(Checks.format("covariance[%d] must have %d entries, got %d", i,
                        mean.length, covariance[i].length));
            }
        }
    }

    /**
     * {@code N(shift + alpha mu, U diag(values) U^T)}, built from an eigendecomposition.
     *
     * @param mean the mean
     * @param basis {@code U}, eigenvectors as columns ({@code basis[i][k]})
     * @param values eigenvalues
     * @return the law
     */
    public static GaussianLaw ofEigen(double[] mean, double[][] basis, double[] values) {
        int d = mean.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += basis[i][k] * values[k] * basis[j][k];
                }
                c[i][j] = s;
                c[j][i] = s;
            }
        }
        return new GaussianLaw(mean.clone(), c);
    }

    /** @return dimension */
    public int dim() {
        return mean.length;
    }
}
