package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.FrechetDistance;
import io.samplerkit.core.analytic.SampleMoments;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.law.GaussianLaw;
import java.util.Arrays;

/**
 * Sample mean and covariance (divisor {@code N - 1}) of rows of a batch, or moments built from them, and their
 * Fréchet distance to a Gaussian law.
 *
 * @param mean the mean
 * @param covariance the covariance
 */
record Moments(double[] mean, double[][] covariance) {

    /**
     * @param x the rows
     * @return the moments of every row
     */
    static Moments of(Batch x) {
        return of(x, 0, x.size());
    }

    /**
     * @param x the rows
     * @param from first row used
     * @param to one past the last row used
     * @return the moments of rows {@code from..to-1}
     */
    static Moments of(Batch x, int from, int to) {
        double[][] rows = new double[to - from][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(x.data(), (from + r) * x.dim(), (from + r + 1) * x.dim());
        }
        double[] mean = SampleMoments.mean(rows);
        return new Moments(mean, SampleMoments.covariance(rows, mean, rows.length - 1));
    }

    /**
     * The control-variate moments {@code (m̂_X − m̂_Y + m_Y, P̂_X − P̂_Y + P_Y)} of this {@code X}.
     *
     * @param sampled the sample moments of {@code Y}, drawn with the same randomness as {@code X}
     * @param exact the exact law of {@code Y}
     * @return the moments
     */
    Moments controlVariate(Moments sampled, GaussianLaw exact) {
        int d = mean.length;
        double[] m = new double[d];
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i] = mean[i] - sampled.mean[i] + exact.mean()[i];
            for (int j = 0; j < d; j++) {
                c[i][j] = covariance[i][j] - sampled.covariance[i][j] + exact.covariance()[i][j];
            }
        }
        return new Moments(m, c);
    }

    /**
     * @param law a Gaussian law
     * @return the squared Fréchet distance of the Gaussian with these moments to it
     */
    double squared(GaussianLaw law) {
        return FrechetDistance.squared(mean, covariance, law.mean(), law.covariance());
    }

    /**
     * @param other other moments
     * @return the Fréchet distance between the two Gaussians
     */
    double distance(Moments other) {
        return FrechetDistance.distance(mean, covariance, other.mean, other.covariance);
    }
}
