package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * The sub-VP schedule (Song et al. 2021, "Score-Based Generative Modeling through SDEs",
 * arXiv:2011.13456, eq. 12 and 34): the signal scale of a linear VP schedule, with standard
 * deviation {@code 1 - alpha^2} instead of {@code sqrt(1 - alpha^2)}:
 * <pre>
 *   log alpha(t) as {@link VpLinearSchedule},   sigma = 1 - alpha^2 = -expm1(2 log alpha)
 *   lambda = log alpha - log(-expm1(2 log alpha))
 *   f = -beta(t)/2,   g^2 = beta(t) (1 - alpha^4) = -beta(t) expm1(4 log alpha)
 *   inverse: alpha/(1 - alpha^2) = e^lambda  gives  log alpha = -asinh(e^{-lambda}/2)
 * </pre>
 *
 * @param vp the linear VP schedule providing {@code alpha} and {@code beta}
 */
public record SubVpSchedule(VpLinearSchedule vp) implements NoiseSchedule {

    /** Validates. */
    public SubVpSchedule {
        Checks.requireNonNull(vp, "vp");
    }

    /** @return sub-VP over {@link VpLinearSchedule#standard()} */
    public static SubVpSchedule standard() {
        return new SubVpSchedule(VpLinearSchedule.standard());
    }

    @Override
    public double alpha(double t) {
        return Math.exp(vp.logAlpha(t));
    }

    @Override
    public double sigma(double t) {
        return -Math.expm1(2.0 * vp.logAlpha(t));
    }

    @Override
    public double lambda(double t) {
        double a = vp.logAlpha(t);
        return a - Math.log(-Math.expm1(2.0 * a));
    }

    @Override
    public double timeOfLambda(double lambda) {
        double logAlpha;
        if (lambda < -20) {
            // asinh(x) = log(2x) + 1/(4x^2) + O(x^-4) with 2x = e^{-lambda}
            logAlpha = lambda - Math.exp(2.0 * lambda);
        } else {
            logAlpha = -ScheduleMath.asinhNonNegative(0.5 * Math.exp(-lambda));
        }
        return vp.timeOfLogAlpha(logAlpha);
    }

    @Override
    public double f(double t) {
        return vp.f(t);
    }

    @Override
    public double g2(double t) {
        return -vp.beta(t) * Math.expm1(4.0 * vp.logAlpha(t));
    }

    /** @return {@code d sigma/dt = -2 alpha^2 f} */
    @Override
    public double sigmaDerivative(double t) {
        return -2.0 * Math.exp(2.0 * vp.logAlpha(t)) * vp.f(t);
    }

    @Override
    public double tMin() {
        return vp.tMin();
    }

    @Override
    public double tMax() {
        return vp.tMax();
    }

    @Override
    public String describe() {
        return Checks.format("sub-vp(beta0=%s, beta1=%s, T=%s)", vp.beta0(), vp.beta1(), vp.tMax());
    }
}
