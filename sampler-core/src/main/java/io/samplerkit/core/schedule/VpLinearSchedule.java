package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * Variance-preserving schedule with linear {@code beta(t) = beta0 + t (beta1 - beta0)} on
 * {@code (0, T]}: {@code log alpha(t) = -(beta1 - beta0) t^2/4 - beta0 t/2},
 * {@code sigma = sqrt(1 - alpha^2)} (Song et al. 2021, arXiv:2011.13456, eq. 33; Lu et al. 2022,
 * DPM-Solver, arXiv:2206.00927, appendix). The inverse of lambda is the closed form of the official
 * DPM-Solver {@code NoiseScheduleVP('linear').inverse_lambda}.
 *
 * @param beta0 {@code beta(0)}, default 0.1
 * @param beta1 {@code beta(1)}, default 20
 * @param tMax largest time {@code T}, default 1
 */
public record VpLinearSchedule(double beta0, double beta1, double tMax) implements NoiseSchedule {

    /** Validates. */
    public VpLinearSchedule {
        Checks.requirePositive(beta0, "beta0");
        Checks.requireInRange(beta1, beta0, Double.MAX_VALUE, "beta1");
        Checks.requirePositive(tMax, "tMax");
    }

    /** @return the DDPM-equivalent default {@code beta0 = 0.1, beta1 = 20, T = 1} */
    public static VpLinearSchedule standard() {
        return new VpLinearSchedule(0.1, 20.0, 1.0);
    }

    /**
     * @param t time
     * @return {@code log alpha(t)}
     */
    public double logAlpha(double t) {
        return -0.25 * t * t * (beta1 - beta0) - 0.5 * t * beta0;
    }

    @Override
    public double alpha(double t) {
        return Math.exp(logAlpha(t));
    }

    @Override
    public double sigma(double t) {
        return Math.sqrt(-Math.expm1(2 * logAlpha(t)));
    }

    @Override
    public double lambda(double t) {
        double la = logAlpha(t);
        return la - 0.5 * Math.log(-Math.expm1(2 * la));
    }

    @Override
    public double timeOfLambda(double lambda) {
        // log(1 + e^{-2 lambda}) computed stably
        double l = logAddExp(0, -2 * lambda);
        double tmp = 2 * (beta1 - beta0) * l;
        return tmp / (Math.sqrt(beta0 * beta0 + tmp) + beta0) / (beta1 - beta0);
    }

    @Override
    public double f(double t) {
        return -0.5 * (beta0 + t * (beta1 - beta0));
    }

    @Override
    public double g2(double t) {
        return beta0 + t * (beta1 - beta0);
    }

    @Override
    public double tMin() {
        return 0.0;
    }

    @Override
    public boolean variancePreserving() {
        return true;
    }

    @Override
    public String describe() {
        return Checks.format("vp-linear(beta0=%s, beta1=%s, T=%s)", beta0, beta1, tMax);
    }

    /**
     * {@code log(e^a + e^b)} without overflow.
     *
     * @param a first exponent
     * @param b second exponent
     * @return the log-sum-exp
     */
    static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
