package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * Variance-preserving schedule with linear {@code beta(t) = beta0 + t (beta1 - beta0)} on
 * {@code [0, T]} (Song et al. 2021, "Score-Based Generative Modeling through SDEs",
 * arXiv:2011.13456, eq. 11 and appendix B; Lu et al. 2022, DPM-Solver, arXiv:2206.00927, appendix):
 * <pre>
 *   log alpha(t) = -(beta1 - beta0) t^2/4 - beta0 t/2
 *   f = -beta(t)/2,   g^2 = beta(t)
 *   t(log alpha) = 2L / (sqrt(beta0^2 + 2 (beta1 - beta0) L) + beta0),   L = -2 log alpha
 * </pre>
 * The inverse is the positive root of the quadratic written without cancellation; it equals the
 * official DPM-Solver {@code NoiseScheduleVP('linear').inverse_lambda} (which divides by
 * {@code beta1 - beta0} and so fails for a constant beta) up to round-off. At {@code t = 0},
 * {@code sigma = 0}.
 *
 * @param beta0 {@code beta(0)} in [0, inf), default 0.1
 * @param beta1 {@code beta(1)} in [beta0, inf), positive, default 20
 * @param tMax largest time {@code T} in (0, inf), default 1
 */
public record VpLinearSchedule(double beta0, double beta1, double tMax) implements VpSchedule {

    /** Validates. */
    public VpLinearSchedule {
        Checks.requireNonNegative(beta0, "beta0");
        if (!(beta1 >= beta0 && beta1 > 0 && beta1 < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(Checks.format(
                    "beta1 must be in [beta0=%s, inf) and positive, got %s", beta0, beta1));
        }
        Checks.requirePositive(tMax, "tMax");
    }

    /** @return the DDPM-equivalent default {@code beta0 = 0.1, beta1 = 20, T = 1} */
    public static VpLinearSchedule standard() {
        return new VpLinearSchedule(0.1, 20.0, 1.0);
    }

    /**
     * @param t time
     * @return {@code log alpha(t) = -(beta1 - beta0) t^2/4 - beta0 t/2}
     */
    @Override
    public double logAlpha(double t) {
        return -0.25 * t * t * (beta1 - beta0) - 0.5 * t * beta0;
    }

    @Override
    public double timeOfLogAlpha(double logAlpha) {
        double l = -2.0 * logAlpha;
        return 2.0 * l / (Math.sqrt(beta0 * beta0 + 2.0 * (beta1 - beta0) * l) + beta0);
    }

    /**
     * @param t time
     * @return {@code beta(t) = beta0 + t (beta1 - beta0)}
     */
    public double beta(double t) {
        return beta0 + t * (beta1 - beta0);
    }

    @Override
    public double f(double t) {
        return -0.5 * beta(t);
    }

    @Override
    public double g2(double t) {
        return beta(t);
    }

    /** @return 0 (where sigma = 0) */
    @Override
    public double tMin() {
        return 0.0;
    }

    @Override
    public String describe() {
        return Checks.format("vp-linear(beta0=%s, beta1=%s, T=%s)", beta0, beta1, tMax);
    }
}
