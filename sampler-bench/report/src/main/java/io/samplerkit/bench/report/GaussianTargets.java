package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMoments;

/**
 * What the exact output-law metrics of a Gaussian problem compare against, all in the data's
 * eigenbasis {@code U}.
 *
 * @param data the data {@code N(mu, U diag(s^2) U^T)}
 * @param prior law of {@code x_T}: the exact marginal at {@code tStart}
 * @param priorCovariance the prior's covariance as a full matrix (for the general Fréchet formula)
 * @param exactEnd law of the exact probability-flow solution at {@code tEnd}
 */
public record GaussianTargets(GaussianData data, GaussianMoments prior, double[][] priorCovariance,
        GaussianMoments exactEnd) {

    /**
     * {@code U diag(values) U^T}.
     *
     * @param u orthogonal basis, eigenvectors as columns ({@code u[i][k]})
     * @param values eigenvalues
     * @return the matrix
     */
    static double[][] fullCovariance(double[][] u, double[] values) {
        int d = values.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += u[i][k] * values[k] * u[j][k];
                }
                c[i][j] = sum;
                c[j][i] = sum;
            }
        }
        return c;
    }

    /** @return the data law {@code N(mu, U diag(s^2) U^T)} as moments */
    public GaussianMoments dataLaw() {
        return new GaussianMoments(data.mean(), data.eigenvalues());
    }
}
