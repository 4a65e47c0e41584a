package io.samplerkit.solvers.adaptive;

import io.samplerkit.core.Checks;

/**
 * The gains of a PID step-size controller and the one product both published PID rules share
 * (Söderlind, "Digital filters in adaptive time-stepping", ACM TOMS 29(1), 2003):
 * with {@code inv_n = 1/err_n} the inverse scaled error of attempt {@code n}, {@code inv_{n-1}},
 * {@code inv_{n-2}} those of the two previous accepted steps and {@code k} the order of the error estimate,
 * <pre>
 *   factor = scale * inv_n^((P + I + D)/k) * inv_{n-1}^(-(P + 2D)/k) * inv_{n-2}^(D/k)
 * </pre>
 * evaluated left to right. {@code P = D = 0, I = 1} is the integral ("I") controller
 * {@code scale * err^(-1/k)} (Hairer, Nørsett and Wanner, "Solving ODEs I", eq. II.4.13). What counts as
 * the error, how the history starts, and how the factor is limited and turned into accept/reject are
 * the policies' business: {@link PidController} (diffrax: safety factor, clipping) and k-diffusion's
 * {@code PidStepControl} (arctangent limiter) in the exponential package.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pcoeff proportional coefficient {@code P >= 0}
 * @param icoeff integral coefficient {@code I >= 0}
 * @param dcoeff derivative coefficient {@code D >= 0}
 */
public record PidCoefficients(double pcoeff, double icoeff, double dcoeff) {

    /** The integral controller: {@code P = 0, I = 1, D = 0}. */
    public static final PidCoefficients INTEGRAL = new PidCoefficients(0, 1, 0);

    /** Validates: each gain {@code >= 0}, their sum {@code > 0}. */
    public PidCoefficients {
        Checks.requireNonNegative(pcoeff, "pcoeff");
        Checks.requireNonNegative(icoeff, "icoeff");
        Checks.requireNonNegative(dcoeff, "dcoeff");
        if (!(pcoeff + icoeff + dcoeff > 0)) {
            throw new IllegalArgumentException(Checks.format(
                    "pcoeff + icoeff + dcoeff must be > 0, got %s + %s + %s", pcoeff, icoeff, dcoeff));
        }
    }

    /**
     * The unlimited PID factor (formula above).
     *
     * @param scale leading multiplier (a safety factor, or 1)
     * @param inverse {@code 1/err} of this attempt
     * @param inversePrevious {@code 1/err} of the last accepted step
     * @param inversePrevious2 {@code 1/err} of the accepted step before it
     * @param errorOrder order {@code k} of the local error estimate
     * @return {@code scale * inverse^b1 * inversePrevious^b2 * inversePrevious2^b3}; when one power overflows and
     *     another underflows (large gains) the product of the powers is taken as {@code exp} of the sum of their
     *     logarithms, so that it is 0, a number or infinity rather than NaN
     */
    public double factor(double scale, double inverse, double inversePrevious, double inversePrevious2,
            double errorOrder) {
        double b1 = (pcoeff + icoeff + dcoeff) / errorOrder;
        double b2 = -(pcoeff + 2 * dcoeff) / errorOrder;
        double b3 = dcoeff / errorOrder;
        double f = scale * Math.pow(inverse, b1) * Math.pow(inversePrevious, b2) * Math.pow(inversePrevious2, b3);
        if (Double.isNaN(f)) {
            f = scale * Math.exp(b1 * Math.log(inverse) + b2 * Math.log(inversePrevious)
                    + b3 * Math.log(inversePrevious2));
        }
        return f;
    }
}
