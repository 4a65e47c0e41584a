package io.samplerkit.examples;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * A user-written model: the exact denoiser of data spread evenly over a finite set of points.
 *
 * <p>For {@code x0} uniform on {@code {a_1, ..., a_K}} and {@code x = alpha x0 + sigma eps}, the posterior
 * over the points is {@code w_k(x) ~ exp(-|x - alpha a_k|^2 / (2 sigma^2))} and the optimal denoiser is
 * {@code E[x0 | x] = sum_k w_k(x) a_k}; the weights are computed in log space (subtracting the largest
 * exponent) so that they stay finite at small {@code sigma}. A trained network would sit in the same place:
 * {@link #evaluate} receives the noisy batch and the schedule time and writes its prediction.
 *
 * <p>Thread-safe: it keeps no state between calls and allocates one weight array per call.
 */
public final class PointSetDenoiser implements DiffusionModel {

    private final NoiseSchedule schedule;
    private final double[][] points;

    /**
     * @param schedule the schedule whose time {@link #evaluate} receives
     * @param points the data points, all of the same dimension. Copied.
     */
    public PointSetDenoiser(NoiseSchedule schedule, double[][] points) {
        if (points.length == 0) {
            throw new IllegalArgumentException("points must hold at least one point, got none");
        }
        this.schedule = schedule;
        this.points = new double[points.length][];
        for (int k = 0; k < points.length; k++) {
            if (points[k].length != points[0].length) {
                throw new IllegalArgumentException("points[" + k + "] must have dimension " + points[0].length
                        + ", got " + points[k].length);
            }
            this.points[k] = points[k].clone();
        }
    }

    /** @return {@link Prediction#DATA}: the model predicts the clean sample */
    @Override
    public Prediction prediction() {
        return Prediction.DATA;
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        double alpha = schedule.alpha(t);
        double sigma = schedule.sigma(t);
        double[] logWeight = new double[points.length];
        for (int row = 0; row < x.size(); row++) {
            double largest = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < points.length; k++) {
                double squared = 0;
                for (int j = 0; j < x.dim(); j++) {
                    double r = x.get(row, j) - alpha * points[k][j];
                    squared += r * r;
                }
                logWeight[k] = -squared / (2 * sigma * sigma);
                largest = Math.max(largest, logWeight[k]);
            }
            double total = 0;
            for (int k = 0; k < points.length; k++) {
                logWeight[k] = Math.exp(logWeight[k] - largest);
                total += logWeight[k];
            }
            for (int j = 0; j < x.dim(); j++) {
                double mean = 0;
                for (int k = 0; k < points.length; k++) {
                    mean += logWeight[k] * points[k][j];
                }
                out.set(row, j, mean / total);
            }
        }
    }
}
