package io.samplerkit.solvers.calibration;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.exponential.MultistepCorrections;

/**
 * Calibrated solver coefficients ({@link CoefficientCalibrator}): the fitted per-step corrections and what they
 * achieve on the calibration problem.
 *
 * @param corrections the fitted corrections
 * @param ridge the ridge weight they were fitted with
 * @param objective the fit's objective {@code MSE + ridge MSE(0) |delta|^2} at the corrections
 * @param meanSquaredError the solver's exact mean squared error with the corrections
 * @param analyticMeanSquaredError the same with the analytic weights (all corrections 0)
 */
public record CalibratedCoefficients(MultistepCorrections corrections, double ridge, double objective,
        double meanSquaredError, double analyticMeanSquaredError) {

    /** Validates. */
    public CalibratedCoefficients {
        Checks.requireNonNull(corrections, "corrections");
    }
}
