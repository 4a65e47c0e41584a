package io.samplerkit.solvers.law;

import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.FrechetDistance;
import io.samplerkit.core.analytic.GaussianData;

/**
 * A Gaussian law {@code N(mean, covariance)} in original coordinates.
 *
 * @param mean mean, length {@code d}
 * @param covariance covariance, {@code d x d}, symmetric positive semi-definite
 */
public record GaussianLaw(double[] mean, double[][] covariance) {

    /** Validates the shapes. */
    public GaussianLaw {
        Checks.requireAllFinite(mean, "mean");
        Checks.requireNonNull(covariance, "covariance");
        if (covariance.length != mean.length) {
            throw new IllegalArgumentException(Checks.format("covariance must have %d rows, got %d", mean.length,
                    covariance.length));
        }
    }

    /**
     * The marginal {@code p_t = N(alpha mu, alpha^2 Sigma + sigma^2 I)} of Gaussian data.
     *
     * @param data the data law
     * @param alpha signal scale
     * @param sigma noise scale
     * @return the marginal
     */
    public static GaussianLaw marginal(GaussianData data, double alpha, double sigma) {
        int d = data.dim();
        double[][] u = data.eigenvectors();
        double[] v = data.marginalCovarianceEigenvalues(alpha, sigma);
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += u[i][k] * v[k] * u[j][k];
                }
                cov[i][j] = sum;
            }
        }
        return new GaussianLaw(data.marginalMean(alpha), cov);
    }

    /**
     * The law of {@code c + M x} for {@code x} with this law: {@code N(c + M mean, M covariance M^T)}.
     *
     * @param c offset, length {@code d}
     * @param m matrix, {@code d x d}
     * @return the image law
     */
    public GaussianLaw affineImage(double[] c, double[][] m) {
        double[][] cov = MatrixProducts.timesTranspose(MatrixProducts.times(m, covariance), m);
        return new GaussianLaw(MatrixProducts.affine(c, m, mean), cov);
    }

    /**
     * The law of {@code s x} for {@code x} with this law.
     *
     * @param s scale factor
     * @return {@code N(s mean, s^2 covariance)}
     */
    public GaussianLaw scaled(double s) {
        int d = mean.length;
        double[] mu = new double[d];
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            mu[i] = s * mean[i];
            for (int j = 0; j < d; j++) {
                cov[i][j] = s * s * covariance[i][j];
            }
        }
        return new GaussianLaw(mu, cov);
    }

    /** @return dimension */
    public int dim() {
        return mean.length;
    }

    /**
     * The Fréchet (2-Wasserstein) distance between two Gaussian laws.
     *
     * @param other the other law
     * @return {@code W2(this, other)}
     */
    public double frechetDistance(GaussianLaw other) {
        return FrechetDistance.distance(mean, covariance, other.mean, other.covariance);
    }
}
