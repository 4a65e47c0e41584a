package io.samplerkit.core.analytic;

import io.samplerkit.core.Checks;

/**
 * Mean and covariance of a Gaussian whose covariance is diagonal in the eigenbasis {@code U} of a
 * {@link GaussianData}: {@code N(mean, U diag(variances) U^T)}. Produced by the exact marginal
 * formulas of {@link GaussianData} and consumed by {@link FrechetDistance#squaredSharedEigenbasis}.
 *
 * @param mean mean in the original coordinates (length d)
 * @param variances variances of the eigen-coordinates, in the order of
 *     {@link GaussianData#eigenvalues()} (length d, each {@code >= 0})
 */
public record GaussianMoments(double[] mean, double[] variances) {

    /** Validates and copies. */
    public GaussianMoments {
        Checks.requireAllFinite(mean, "mean");
        Checks.requireAllFinite(variances, "variances");
        if (mean.length != variances.length) {
            throw new IllegalArgumentException(Checks.format("variances.length must be mean.length=%d, got %d",
                    mean.length, variances.length));
        }
        for (int k = 0; k < variances.length; k++) {
            Checks.requireNonNegative(variances[k], "variances[" + k + "]");
        }
        mean = mean.clone();
        variances = variances.clone();
    }

    /** @return a copy of the mean */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the eigen-coordinate variances */
    @Override
    public double[] variances() {
        return variances.clone();
    }
}
