package io.samplerkit.core;

import java.util.Locale;

/**
 * Argument checks shared by every module. Each check is written in the positive form
 * ({@code if (!(x > 0))}) so that NaN fails, and each message names the field, the value
 * and the allowed range, e.g. {@code "sigmaMin must be in (0, 80.0], got -1.0"}.
 *
 * <p>Thread-safe: stateless.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Requires a finite value.
     *
     * @param x value
     * @param name field name used in the message
     * @return {@code x}
     * @throws IllegalArgumentException if {@code x} is NaN or infinite
     */
    public static double requireFinite(double x, String name) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(format("%s must be finite, got %s", name, x));
        }
        return x;
    }

    /**
     * Requires a finite, strictly positive value.
     *
     * @param x value
     * @param name field name used in the message
     * @return {@code x}
     * @throws IllegalArgumentException unless {@code 0 < x < inf}
     */
    public static double requirePositive(double x, String name) {
        if (!(x > 0 && x < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(format("%s must be in (0, inf), got %s", name, x));
        }
        return x;
    }

    /**
     * Requires a finite, non-negative value.
     *
     * @param x value
     * @param name field name used in the message
     * @return {@code x}
     * @throws IllegalArgumentException unless {@code 0 <= x < inf}
     */
    public static double requireNonNegative(double x, String name) {
        if (!(x >= 0 && x < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(format("%s must be in [0, inf), got %s", name, x));
        }
        return x;
    }

    /**
     * Requires {@code lo <= x <= hi}.
     *
     * @param x value
     * @param lo lower bound (inclusive)
     * @param hi upper bound (inclusive)
     * @param name field name used in the message
     * @return {@code x}
     * @throws IllegalArgumentException if {@code x} is outside {@code [lo, hi]} or NaN
     */
    public static double requireInRange(double x, double lo, double hi, String name) {
        if (!(x >= lo && x <= hi)) {
            throw new IllegalArgumentException(format("%s must be in [%s, %s], got %s", name, lo, hi, x));
        }
        return x;
    }

    /**
     * Requires {@code lo < x < hi}.
     *
     * @param x value
     * @param lo lower bound (exclusive)
     * @param hi upper bound (exclusive)
     * @param name field name used in the message
     * @return {@code x}
     * @throws IllegalArgumentException if {@code x} is outside {@code (lo, hi)} or NaN
     */
    public static double requireInOpenRange(double x, double lo, double hi, String name) {
        if (!(x > lo && x < hi)) {
            throw new IllegalArgumentException(format("%s must be in (%s, %s), got %s", name, lo, hi, x));
        }
        return x;
    }

    /**
     * Requires {@code lo <= n <= hi}.
     *
     * @param n value
     * @param lo lower bound (inclusive)
     * @param hi upper bound (inclusive)
     * @param name field name used in the message
     * @return {@code n}
     * @throws IllegalArgumentException if {@code n} is outside {@code [lo, hi]}
     */
    public static int requireInRange(int n, int lo, int hi, String name) {
        if (n < lo || n > hi) {
            throw new IllegalArgumentException(format("%s must be in [%d, %d], got %d", name, lo, hi, n));
        }
        return n;
    }

    /**
     * Requires {@code n >= 1}.
     *
     * @param n value
     * @param name field name used in the message
     * @return {@code n}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static int requirePositive(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(format("%s must be >= 1, got %d", name, n));
        }
        return n;
    }

    /**
     * Requires a non-null reference.
     *
     * @param <T> type
     * @param o reference
     * @param name field name used in the message
     * @return {@code o}
     * @throws IllegalArgumentException if {@code o} is null
     */
    public static <T> T requireNonNull(T o, String name) {
        if (o == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return o;
    }

    /**
     * Requires every element finite.
     *
     * @param a array
     * @param name field name used in the message
     * @return {@code a}
     * @throws IllegalArgumentException naming the first non-finite index
     */
    public static double[] requireAllFinite(double[] a, String name) {
        requireNonNull(a, name);
        int i = firstNonFinite(a);
        if (i >= 0) {
            throw new IllegalArgumentException(format("%s[%d] must be finite, got %s", name, i, a[i]));
        }
        return a;
    }

    /**
     * Index of the first NaN or infinite element: the one scan for non-finite values that argument
     * checks and {@link io.samplerkit.core.state.BatchView#firstNonFinite()} share.
     *
     * @param a values. Not modified.
     * @return the first index {@code i} with {@code a[i]} NaN or infinite, or -1
     */
    public static int firstNonFinite(double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Formats a message with {@link Locale#ROOT}.
     *
     * @param fmt format
     * @param args arguments
     * @return the message
     */
    public static String format(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
