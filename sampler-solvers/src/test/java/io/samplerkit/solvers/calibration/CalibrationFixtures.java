package io.samplerkit.solvers.calibration;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.util.SplittableRandom;

/** Calibration problems of the tests: rotated, non-diagonal Gaussians with a non-zero mean. */
final class CalibrationFixtures {

    private CalibrationFixtures() {
    }

    /**
     * @param schedule the schedule
     * @param prediction the model's parameterization
     * @param d dimension
     * @param seed seed of the basis and mean
     * @param tStart first time
     * @param tEnd last time
     * @return eigenvalues log-spaced over {@code [1e-3, 10]} in a random basis, mean {@code ~ N(0, 0.25 I)}
     */
    static CalibrationTarget rotated(NoiseSchedule schedule, Prediction prediction, int d, long seed, double tStart,
            double tEnd) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[d];
        double[] mean = new double[d];
        for (int k = 0; k < d; k++) {
            values[k] = Math.exp(Math.log(1e-3) + Math.log(1e4) * k / Math.max(1, d - 1));
            mean[k] = 0.5 * rng.nextGaussian();
        }
        GaussianData data = GaussianData.ofEigen(mean, values, GaussianFixtures.randomRotation(rng, d));
        return new CalibrationTarget(schedule, prediction, data, tStart, tEnd);
    }
}
