package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * The EDM / k-diffusion "variance exploding in sigma" parameterization: {@code alpha = 1},
 * {@code sigma(t) = t}, so time is the noise level itself (Karras et al. 2022, "Elucidating the
 * Design Space of Diffusion-Based Generative Models", arXiv:2206.00364, Table 1).
 * {@code f = 0}, {@code g^2 = 2t}, {@code lambda = -log t}.
 *
 * @param sigmaMin smallest noise level of the domain (a grid may still end at 0)
 * @param sigmaMax largest noise level
 */
public record EdmSchedule(double sigmaMin, double sigmaMax) implements NoiseSchedule {

    /** Validates. */
    public EdmSchedule {
        Checks.requireNonNegative(sigmaMin, "sigmaMin");
        if (!(sigmaMax > sigmaMin && sigmaMax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(Checks.format(
                    "sigmaMax must be in (sigmaMin=%s, inf), got %s", sigmaMin, sigmaMax));
        }
    }

    /** @return EDM's defaults {@code sigmaMin = 0.002, sigmaMax = 80} */
    public static EdmSchedule standard() {
        return new EdmSchedule(0.002, 80.0);
    }

    @Override
    public double alpha(double t) {
        return 1.0;
    }

    @Override
    public double sigma(double t) {
        return t;
    }

    @Override
    public double lambda(double t) {
        return -Math.log(t);
    }

    @Override
    public double timeOfLambda(double lambda) {
        return Math.exp(-lambda);
    }

    /** @return {@code rho} itself: time is the noise level */
    @Override
    public double timeOfRho(double rho) {
        return rho;
    }

    @Override
    public double rho(double t) {
        return t;
    }

    @Override
    public double f(double t) {
        return 0.0;
    }

    @Override
    public double g2(double t) {
        return 2 * t;
    }

    @Override
    public double alphaDerivative(double t) {
        return 0.0;
    }

    @Override
    public double sigmaDerivative(double t) {
        return 1.0;
    }

    @Override
    public double tMin() {
        return sigmaMin;
    }

    @Override
    public double tMax() {
        return sigmaMax;
    }

    @Override
    public String describe() {
        return Checks.format("edm(sigmaMin=%s, sigmaMax=%s)", sigmaMin, sigmaMax);
    }
}
