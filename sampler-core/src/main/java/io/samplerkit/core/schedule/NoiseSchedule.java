package io.samplerkit.core.schedule;

/**
 * A Gaussian-marginal diffusion {@code x_t = alpha(t) x0 + sigma(t) eps} on {@code [tMin, tMax]},
 * noise increasing with {@code t}.
 *
 * <p>Half log-SNR {@code lambda(t) = log alpha(t) - log sigma(t)} is strictly decreasing; its
 * inverse is {@link #timeOfLambda(double)}. The forward SDE is {@code dx = f(t) x dt + g(t) dw} with
 * {@code f = d log alpha / dt} and {@code g^2 = d sigma^2/dt - 2 f sigma^2 = -2 sigma^2 d lambda/dt}
 * (Song et al. 2021, "Score-Based Generative Modeling through SDEs", arXiv:2011.13456, eq. 5;
 * Kingma et al. 2021, "Variational Diffusion Models", arXiv:2107.00630).
 *
 * <p>Implementations are immutable and thread-safe. Every method takes the schedule's own time.
 */
public interface NoiseSchedule {

    /**
     * @param t time
     * @return {@code alpha(t)}, the signal scale
     */
    double alpha(double t);

    /**
     * @param t time
     * @return {@code sigma(t)}, the noise scale
     */
    double sigma(double t);

    /**
     * Half log signal-to-noise ratio. Implementations compute it without cancellation.
     *
     * @param t time
     * @return {@code log alpha(t) - log sigma(t)}
     */
    default double lambda(double t) {
        return Math.log(alpha(t)) - Math.log(sigma(t));
    }

    /**
     * Inverse of {@link #lambda(double)}.
     *
     * @param lambda half log-SNR
     * @return the time {@code t} with {@code lambda(t) = lambda}
     */
    double timeOfLambda(double lambda);

    /**
     * Drift coefficient of the forward SDE.
     *
     * @param t time
     * @return {@code f(t) = d log alpha / dt}
     */
    double f(double t);

    /**
     * Squared diffusion coefficient of the forward SDE.
     *
     * @param t time
     * @return {@code g^2(t) = d sigma^2/dt - 2 f(t) sigma^2(t)}
     */
    double g2(double t);

    /**
     * @param t time
     * @return {@code d alpha/dt = f alpha}
     */
    default double alphaDerivative(double t) {
        return f(t) * alpha(t);
    }

    /**
     * @param t time
     * @return {@code d sigma/dt = (g^2 + 2 f sigma^2) / (2 sigma)}
     */
    default double sigmaDerivative(double t) {
        double s = sigma(t);
        return (g2(t) + 2 * f(t) * s * s) / (2 * s);
    }

    /**
     * Noise-to-signal ratio {@code rho = sigma/alpha = exp(-lambda)}: the "sigma" of EDM,
     * k-diffusion and diffusers' sigma-based schedulers.
     *
     * @param t time
     * @return {@code sigma(t) / alpha(t)}
     */
    default double rho(double t) {
        return sigma(t) / alpha(t);
    }

    /**
     * Inverse of {@link #rho(double)}: the time at which {@code sigma/alpha = rho}. Schedules whose
     * time is a simple function of {@code rho} (EDM: {@code t = rho}) override this to skip the
     * round trip through {@code lambda = -log rho}.
     *
     * @param rho noise-to-signal ratio, positive
     * @return {@code timeOfLambda(-log rho)}
     */
    default double timeOfRho(double rho) {
        return timeOfLambda(-Math.log(rho));
    }

    /** @return smallest valid time (least noise) */
    double tMin();

    /** @return largest valid time (most noise) */
    double tMax();

    /**
     * Signal scale at zero noise (sigma = 0), used for a final step to clean data.
     * 1 for every schedule whose {@code alpha} tends to 1 as the noise vanishes.
     *
     * @return {@code lim alpha} as {@code sigma -> 0}
     */
    default double alphaAtZeroNoise() {
        return 1.0;
    }

    /**
     * Whether {@code alpha^2 + sigma^2 = 1} (variance preserving).
     *
     * @return true for VP schedules
     */
    default boolean variancePreserving() {
        return false;
    }

    /** @return a short human-readable description with the parameters */
    String describe();
}
