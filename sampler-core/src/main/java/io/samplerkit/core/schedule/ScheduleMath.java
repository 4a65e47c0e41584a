package io.samplerkit.core.schedule;

/**
 * Cancellation-free elementary functions shared by the schedules. Stateless, thread-safe.
 */
final class ScheduleMath {

    private ScheduleMath() {
    }

    /**
     * {@code log(e^a + e^b)} without overflow or underflow of the exponentials.
     *
     * @param a first exponent
     * @param b second exponent
     * @return the log-sum-exp; {@code +inf} if either argument is {@code +inf}
     */
    static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        if (m == Double.POSITIVE_INFINITY || m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /**
     * Inverse hyperbolic sine for {@code x >= 0}, accurate to a few ulps everywhere:
     * {@code log1p(x + x^2/(1 + sqrt(1 + x^2)))} for moderate {@code x}, {@code log(2x)} once
     * {@code x^2} would swamp 1.
     *
     * @param x non-negative argument
     * @return {@code asinh(x)}
     */
    static double asinhNonNegative(double x) {
        if (x > 1e8) {
            return Math.log(x) + Math.log(2.0) + 0.25 / (x * x);
        }
        return Math.log1p(x + x * x / (1.0 + Math.sqrt(1.0 + x * x)));
    }
}
