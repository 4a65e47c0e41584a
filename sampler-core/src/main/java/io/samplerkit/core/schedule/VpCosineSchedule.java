package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * The continuous-time cosine VP schedule of iDDPM (Nichol and Dhariwal 2021, "Improved Denoising
 * Diffusion Probabilistic Models", arXiv:2102.09672, eq. 17), as in the official DPM-Solver
 * {@code NoiseScheduleVP('cosine')} (before its removal) and UniPC:
 * <pre>
 *   x(t) = (pi/2) (t + s)/(1 + s),   x0 = x(0)
 *   log alpha(t) = log cos x(t) - log cos x0
 *   f = -(pi / (2(1+s))) tan x(t),   g^2 = -2 f
 *   t(log alpha) = (2(1+s)/pi) arccos(e^{log alpha} cos x0) - s
 * </pre>
 * The official code stops at {@code T = 0.9946} (alpha = 0 at t = 1).
 *
 * <p>Both directions are evaluated without cancellation near {@code t = 0}: {@code log alpha}
 * through {@code cos x - cos x0 = -2 sin((x+x0)/2) sin((x-x0)/2)} and {@code log1p}, the inverse
 * through {@code delta = x - x0 = atan2(sin delta, cos delta)} with
 * {@code sin delta = (cos^2 x0 - cos^2 x)/(sin x cos x0 + cos x sin x0)}. They agree with the
 * reference's direct formulas to round-off where those are accurate.
 *
 * @param s offset {@code s} in [0, 1), default 0.008
 * @param tMax largest time {@code T} in (0, 1), default 0.9946
 */
public record VpCosineSchedule(double s, double tMax) implements VpSchedule {

    /** Validates. */
    public VpCosineSchedule {
        if (!(s >= 0 && s < 1)) {
            throw new IllegalArgumentException(Checks.format("s must be in [0, 1), got %s", s));
        }
        Checks.requireInOpenRange(tMax, 0.0, 1.0, "tMax");
    }

    /** @return iDDPM's {@code s = 0.008} with the official {@code T = 0.9946} */
    public static VpCosineSchedule standard() {
        return new VpCosineSchedule(0.008, 0.9946);
    }

    private double x(double t) {
        return Math.PI / 2 * (t + s) / (1 + s);
    }

    @Override
    public double logAlpha(double t) {
        double x0 = x(0.0);
        double half = Math.PI / 4 * t / (1 + s); // (x - x0)/2
        double ratioMinus1 = -2.0 * Math.sin(x0 + half) * Math.sin(half) / Math.cos(x0);
        return Math.log1p(ratioMinus1);
    }

    @Override
    public double timeOfLogAlpha(double logAlpha) {
        double x0 = x(0.0);
        double c0 = Math.cos(x0);
        double s0 = Math.sin(x0);
        double c = Math.exp(logAlpha) * c0; // cos x
        // sin^2 x = 1 - e^{2a} c0^2 = s0^2 - c0^2 expm1(2a)
        double sinX = Math.sqrt(s0 * s0 - c0 * c0 * Math.expm1(2.0 * logAlpha));
        // cos^2 x0 - cos^2 x = c0^2 (1 - e^{2a}) = -c0^2 expm1(2a)
        double sinDelta = -c0 * c0 * Math.expm1(2.0 * logAlpha) / (sinX * c0 + c * s0);
        double cosDelta = c * c0 + sinX * s0;
        double delta = Math.atan2(sinDelta, cosDelta);
        return delta * 2 * (1 + s) / Math.PI;
    }

    @Override
    public double f(double t) {
        return -Math.PI / (2 * (1 + s)) * Math.tan(x(t));
    }

    /** @return 0 (where sigma = 0) */
    @Override
    public double tMin() {
        return 0.0;
    }

    @Override
    public String describe() {
        return Checks.format("vp-cosine(s=%s, T=%s)", s, tMax);
    }
}
