package io.samplerkit.solvers;

/**
 * An interval of real numbers with open or closed ends, as an option allows it; printed the way the
 * docs write it ({@code [0, 1]}, {@code (0, inf)}).
 *
 * @param lo lower end ({@code -inf} for none)
 * @param loOpen whether {@code lo} itself is excluded
 * @param hi upper end ({@code +inf} for none)
 * @param hiOpen whether {@code hi} itself is excluded
 */
public record NumberRange(double lo, boolean loOpen, double hi, boolean hiOpen) {

    /** {@code (0, inf)}. */
    public static final NumberRange POSITIVE = new NumberRange(0, true, Double.POSITIVE_INFINITY, true);
    /** {@code [0, inf)}. */
    public static final NumberRange NON_NEGATIVE = new NumberRange(0, false, Double.POSITIVE_INFINITY, true);
    /** {@code (0, 1]}. */
    public static final NumberRange UNIT_OPEN_CLOSED = new NumberRange(0, true, 1, false);

    /** Validates. */
    public NumberRange {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("range must have lo <= hi, got " + lo + " > " + hi);
        }
    }

    /**
     * @param lo lower end
     * @param hi upper end
     * @return {@code [lo, hi]}
     */
    public static NumberRange closed(double lo, double hi) {
        return new NumberRange(lo, false, hi, false);
    }

    /**
     * @param lo lower end
     * @return {@code [lo, inf)}
     */
    public static NumberRange atLeast(double lo) {
        return new NumberRange(lo, false, Double.POSITIVE_INFINITY, true);
    }

    /**
     * @param v a value
     * @return whether it lies in the range
     */
    public boolean contains(double v) {
        return (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
    }

    @Override
    public String toString() {
        return (loOpen ? "(" : "[") + text(lo) + ", " + text(hi) + (hiOpen ? ")" : "]");
    }

    private static String text(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
