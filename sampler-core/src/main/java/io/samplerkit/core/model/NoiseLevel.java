package io.samplerkit.core.model;

import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * The schedule quantities at one time that a prediction conversion needs.
 *
 * @param alpha signal scale
 * @param sigma noise scale
 * @param alphaDerivative {@code d alpha/dt} (only FLOW conversions use it)
 * @param sigmaDerivative {@code d sigma/dt} (only FLOW conversions use it)
 */
public record NoiseLevel(double alpha, double sigma, double alphaDerivative, double sigmaDerivative) {

    /**
     * Reads the level of a schedule at {@code t}.
     *
     * @param schedule schedule
     * @param t time
     * @return alpha, sigma and their derivatives at {@code t}
     */
    public static NoiseLevel of(NoiseSchedule schedule, double t) {
        return new NoiseLevel(schedule.alpha(t), schedule.sigma(t), schedule.alphaDerivative(t),
                schedule.sigmaDerivative(t));
    }

    /**
     * Reads the level a conversion between {@code from} and {@code to} needs: with the schedule's
     * derivatives only when one of them is {@link Prediction#FLOW} (the only parameterization that uses
     * them), so that no other conversion depends on how well a schedule differentiates.
     *
     * @param schedule schedule
     * @param t time
     * @param from parameterization converted from
     * @param to parameterization converted to
     * @return the level at {@code t}
     */
    public static NoiseLevel of(NoiseSchedule schedule, double t, Prediction from, Prediction to) {
        if (from == Prediction.FLOW || to == Prediction.FLOW) {
            return of(schedule, t);
        }
        return of(schedule.alpha(t), schedule.sigma(t));
    }

    /**
     * A level without derivatives (every conversion except to or from FLOW).
     *
     * @param alpha signal scale
     * @param sigma noise scale
     * @return the level, derivatives NaN
     */
    public static NoiseLevel of(double alpha, double sigma) {
        return new NoiseLevel(alpha, sigma, Double.NaN, Double.NaN);
    }
}
