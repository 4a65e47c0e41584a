package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * Variance-exploding schedule of SMLD / NCSN with geometric noise levels (Song and Ermon 2019,
 * arXiv:1907.05600; Song et al. 2021, "Score-Based Generative Modeling through SDEs",
 * arXiv:2011.13456, eq. 9 and 30) on {@code t in [0, 1]}:
 * <pre>
 *   alpha = 1,   sigma(t) = sigmaMin (sigmaMax/sigmaMin)^t
 *   lambda = -log sigma(t),   t(lambda) = (-lambda - log sigmaMin) / log(sigmaMax/sigmaMin)
 *   f = 0,   g^2 = d sigma^2/dt = 2 sigma(t)^2 log(sigmaMax/sigmaMin)
 * </pre>
 * As in score_sde, {@code sigma(t)} is the marginal standard deviation; the exact VE SDE started at
 * clean data would have {@code sqrt(sigma(t)^2 - sigmaMin^2)}, a difference that only matters near
 * {@code t = 0}. Here {@code sigma(0) = sigmaMin > 0}, so {@code t = 0} is inside the domain.
 *
 * @param sigmaMin smallest noise level, in (0, sigmaMax); score_sde CIFAR-10 uses 0.01
 * @param sigmaMax largest noise level; score_sde CIFAR-10 uses 50
 */
public record VeSchedule(double sigmaMin, double sigmaMax) implements NoiseSchedule {

    /** Validates. */
    public VeSchedule {
        Checks.requirePositive(sigmaMin, "sigmaMin");
        if (!(sigmaMax > sigmaMin && sigmaMax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(Checks.format(
                    "sigmaMax must be in (sigmaMin=%s, inf), got %s", sigmaMin, sigmaMax));
        }
    }

    /** @return score_sde's CIFAR-10 setting {@code sigmaMin = 0.01, sigmaMax = 50} */
    public static VeSchedule standard() {
        return new VeSchedule(0.01, 50.0);
    }

    private double logRatio() {
        return Math.log(sigmaMax / sigmaMin);
    }

    @Override
    public double alpha(double t) {
        return 1.0;
    }

    @Override
    public double sigma(double t) {
        return sigmaMin * Math.pow(sigmaMax / sigmaMin, t);
    }

    @Override
    public double lambda(double t) {
        return -(Math.log(sigmaMin) + t * logRatio());
    }

    @Override
    public double timeOfLambda(double lambda) {
        return (-lambda - Math.log(sigmaMin)) / logRatio();
    }

    @Override
    public double timeOfRho(double rho) {
        return Math.log(rho / sigmaMin) / logRatio();
    }

    @Override
    public double rho(double t) {
        return sigma(t);
    }

    @Override
    public double f(double t) {
        return 0.0;
    }

    @Override
    public double g2(double t) {
        double sigma = sigma(t);
        return 2.0 * sigma * sigma * logRatio();
    }

    @Override
    public double alphaDerivative(double t) {
        return 0.0;
    }

    @Override
    public double sigmaDerivative(double t) {
        return sigma(t) * logRatio();
    }

    /** @return 0 (where sigma = sigmaMin) */
    @Override
    public double tMin() {
        return 0.0;
    }

    /** @return 1 (where sigma = sigmaMax) */
    @Override
    public double tMax() {
        return 1.0;
    }

    @Override
    public double alphaAtZeroNoise() {
        return 1.0;
    }

    @Override
    public String describe() {
        return Checks.format("ve(sigmaMin=%s, sigmaMax=%s)", sigmaMin, sigmaMax);
    }
}
