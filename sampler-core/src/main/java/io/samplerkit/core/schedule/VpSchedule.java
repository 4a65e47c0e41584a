package io.samplerkit.core.schedule;

/**
 * A variance-preserving schedule, {@code alpha^2 + sigma^2 = 1}, defined by its log signal scale
 * {@code log alpha(t)} (Ho et al. 2020, "Denoising Diffusion Probabilistic Models", arXiv:2006.11239;
 * Song et al. 2021, arXiv:2011.13456, eq. 11 "VP SDE").
 *
 * <p>Everything else follows without cancellation from {@code a = log alpha}:
 * <pre>
 *   alpha  = exp(a)
 *   sigma  = sqrt(-expm1(2a))
 *   lambda = a - 0.5 log(-expm1(2a))
 *   log alpha of lambda = -0.5 logaddexp(0, -2 lambda)     (from alpha^2 = 1/(1 + e^{-2 lambda}))
 *   g^2    = -2 f                                           (since d sigma^2/dt = -2 f alpha^2)
 *   d sigma/dt = -f alpha^2 / sigma
 * </pre>
 * Implementations supply {@link #logAlpha(double)}, its inverse {@link #timeOfLogAlpha(double)} and
 * {@link #f(double)}. They are immutable and thread-safe.
 */
public interface VpSchedule extends NoiseSchedule {

    /**
     * @param t time
     * @return {@code log alpha(t)}, at most 0
     */
    double logAlpha(double t);

    /**
     * Inverse of {@link #logAlpha(double)}.
     *
     * @param logAlpha {@code log alpha}, negative
     * @return the time {@code t} with {@code logAlpha(t) = logAlpha}
     */
    double timeOfLogAlpha(double logAlpha);

    /**
     * The VP identity {@code log alpha = -0.5 log(1 + e^{-2 lambda})}, evaluated without overflow.
     *
     * @param lambda half log-SNR
     * @return {@code log alpha} of a VP schedule at that {@code lambda}
     */
    static double logAlphaOfLambda(double lambda) {
        return -0.5 * ScheduleMath.logAddExp(0.0, -2.0 * lambda);
    }

    @Override
    default double alpha(double t) {
        return Math.exp(logAlpha(t));
    }

    @Override
    default double sigma(double t) {
        return Math.sqrt(-Math.expm1(2.0 * logAlpha(t)));
    }

    @Override
    default double lambda(double t) {
        double a = logAlpha(t);
        return a - 0.5 * Math.log(-Math.expm1(2.0 * a));
    }

    @Override
    default double timeOfLambda(double lambda) {
        return timeOfLogAlpha(logAlphaOfLambda(lambda));
    }

    /**
     * {@inheritDoc} For a VP schedule {@code g^2 = -2 f}.
     */
    @Override
    default double g2(double t) {
        return -2.0 * f(t);
    }

    /**
     * {@inheritDoc} Evaluated as {@code -f alpha^2 / sigma} (no cancellation where alpha is small).
     */
    @Override
    default double sigmaDerivative(double t) {
        double a = logAlpha(t);
        return -f(t) * Math.exp(2.0 * a) / Math.sqrt(-Math.expm1(2.0 * a));
    }

    /**
     * {@inheritDoc} Evaluated as {@code sqrt(expm1(-2 log alpha))}.
     */
    @Override
    default double rho(double t) {
        return Math.sqrt(Math.expm1(-2.0 * logAlpha(t)));
    }

    @Override
    default boolean variancePreserving() {
        return true;
    }
}
