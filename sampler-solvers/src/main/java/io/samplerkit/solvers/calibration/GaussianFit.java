package io.samplerkit.solvers.calibration;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.analytic.SampleMoments;

/**
 * The Gaussian with given data's mean and covariance: what a grid is calibrated on when the data are not
 * Gaussian (no training needed: the moments of a data set, of a mixture, or of a network's samples).
 */
public final class GaussianFit {

    private GaussianFit() {
    }

    /**
     * Sample mean and (maximum-likelihood, divide by {@code n}) covariance of data rows.
     *
     * @param rows {@code n >= 2} rows of equal length {@code d >= 1}, finite
     * @return the fitted Gaussian
     */
    public static GaussianData ofSamples(double[][] rows) {
        if (rows == null || rows.length < 2) {
            throw new InvalidInputException("rows", rows == null ? null : rows.length + " rows", "at least 2 rows");
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != d) {
                throw new InvalidInputException("rows[" + r + "]", rows[r] == null ? null : rows[r].length + " values",
                        d + " values");
            }
            for (int i = 0; i < d; i++) {
                double v = rows[r][i];
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException("rows[" + r + "][" + i + "]", v, "a finite number");
                }
                mean[i] += v;
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= rows.length;
        }
        double[][] cov = SampleMoments.covariance(rows, mean, rows.length);
        return GaussianData.of(mean, cov);
    }

    /**
     * Exact mean and covariance of a Gaussian mixture:
     * {@code mu = sum_k w_k mu_k}, {@code Sigma = sum_k w_k (Sigma_k + (mu_k - mu)(mu_k - mu)^T)}.
     *
     * @param mixture the mixture
     * @return the Gaussian with its moments
     */
    public static GaussianData ofMixture(GaussianMixtureData mixture) {
        int d = mixture.dim();
        double[] mean = new double[d];
        for (int k = 0; k < mixture.components(); k++) {
            double[] m = mixture.component(k).mean();
            for (int i = 0; i < d; i++) {
                mean[i] += mixture.weight(k) * m[i];
            }
        }
        double[][] cov = new double[d][d];
        for (int k = 0; k < mixture.components(); k++) {
            GaussianData c = mixture.component(k);
            double w = mixture.weight(k);
            double[] m = c.mean();
            double[][] s = c.covariance();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] += w * (s[i][j] + (m[i] - mean[i]) * (m[j] - mean[j]));
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double a = 0.5 * (cov[i][j] + cov[j][i]);
                cov[i][j] = a;
                cov[j][i] = a;
            }
        }
        return GaussianData.of(mean, cov);
    }

    /**
     * The fit widened by a family of scales: the fit's eigen-directions (rotated to the axes, same errors, see
     * {@link ExactGlobalError}) followed by {@code count} extra centred directions whose variances are log-spaced
     * from {@code smallest} to the fit's largest variance. Calibrating on it keeps a grid from cancelling the
     * errors of the fit's few variances exactly (a low-dimensional fit can be solved to round-off by a few grid
     * points) and weighs every scale the sampler passes through; {@code smallest} is typically the squared
     * noise-to-signal ratio at the last time, below which a scale does not affect the output.
     *
     * @param fit the Gaussian fit
     * @param smallest smallest extra variance, {@code > 0}
     * @param count number of extra directions, at least 1
     * @return a Gaussian of dimension {@code d + count}
     */
    public static GaussianData withScaleFamily(GaussianData fit, double smallest, int count) {
        if (!(smallest > 0) || !Double.isFinite(smallest)) {
            throw new InvalidInputException("smallest", smallest, "a finite variance > 0");
        }
        if (count < 1) {
            throw new InvalidInputException("count", count, "an integer >= 1");
        }
        int d = fit.dim();
        double[] values = fit.eigenvalues();
        double[][] u = fit.eigenvectors();
        double[] mu = fit.mean();
        double largest = smallest;
        for (double v : values) {
            largest = Math.max(largest, v);
        }
        double[] mean = new double[d + count];
        double[] variances = new double[d + count];
        for (int k = 0; k < d; k++) {
            double m = 0;
            for (int i = 0; i < d; i++) {
                m += u[i][k] * mu[i];
            }
            mean[k] = m;
            variances[k] = values[k];
        }
        double step = count == 1 ? 0 : Math.log(largest / smallest) / (count - 1);
        for (int j = 0; j < count; j++) {
            variances[d + j] = smallest * Math.exp(step * j);
        }
        return GaussianData.diagonal(mean, variances);
    }
}
