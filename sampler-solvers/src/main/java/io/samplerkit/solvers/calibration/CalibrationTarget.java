package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * The analytic problem a grid is calibrated on: Gaussian data (in practice the Gaussian whose mean and
 * covariance are those of the real data, {@link GaussianFit}) sampled from {@code tStart} to {@code tEnd}
 * under a schedule, with a model in the given parameterization. A grid calibrated here is reused on any
 * model with the same schedule and end points.
 *
 * @param schedule the schedule of the model the grid is meant for
 * @param prediction the model's parameterization (what the solver is fed; the exact model is built in it)
 * @param data the Gaussian the grid is calibrated on
 * @param tStart first (noisiest) time, noise-to-signal ratio finite and positive
 * @param tEnd last time, {@code < tStart}, noise-to-signal ratio finite and positive
 */
public record CalibrationTarget(NoiseSchedule schedule, Prediction prediction, GaussianData data, double tStart,
        double tEnd) {

    /** Validates. */
    public CalibrationTarget {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(prediction, "prediction");
        Checks.requireNonNull(data, "data");
        if (!(tEnd < tStart)) {
            throw new InvalidInputException("tEnd", tEnd, "< tStart=" + tStart);
        }
        requireFiniteLambda(schedule, tStart, "tStart");
        requireFiniteLambda(schedule, tEnd, "tEnd");
    }

    private static void requireFiniteLambda(NoiseSchedule schedule, double t, String name) {
        double lambda = schedule.lambda(t);
        if (!Double.isFinite(lambda)) {
            throw new InvalidInputException(name, t, "a time with finite log-SNR on " + schedule.describe()
                    + " (got lambda=" + lambda + ")");
        }
    }

    /** @return half log-SNR at {@code tStart} */
    public double lambdaStart() {
        return schedule.lambda(tStart);
    }

    /** @return half log-SNR at {@code tEnd} */
    public double lambdaEnd() {
        return schedule.lambda(tEnd);
    }

    /**
     * Times of a grid given by its half log-SNR points, with the end points pinned exactly.
     *
     * @param lambdas increasing half log-SNR values from {@link #lambdaStart()} to {@link #lambdaEnd()}
     * @return decreasing times
     */
    public double[] timesOfLambdas(double[] lambdas) {
        int n = lambdas.length;
        double[] t = new double[n];
        t[0] = tStart;
        t[n - 1] = tEnd;
        for (int i = 1; i < n - 1; i++) {
            t[i] = schedule.timeOfLambda(lambdas[i]);
        }
        return t;
    }

    /** @return a one-line description for provenance records */
    public String describe() {
        return Checks.format("gaussian(d=%d) on %s, %s-model, t %s -> %s", data.dim(), schedule.describe(),
                prediction.name().toLowerCase(java.util.Locale.ROOT), tStart, tEnd);
    }
}
