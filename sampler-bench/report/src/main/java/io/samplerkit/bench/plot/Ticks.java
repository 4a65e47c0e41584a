package io.samplerkit.bench.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ranges and tick marks for {@link SvgCharts}.
 *
 * <p>Logarithmic axes are labelled at the powers of ten; when the range spans at most 1.75
 * decades (e.g. NFE 4 ... 100) also at 2 and 5 times a power of ten; when it spans more than eight
 * decades at every second (third, ...) power. Unlabelled minor ticks mark 2 ... 9 times each power
 * when the range spans at most six decades. Linear axes are labelled at 1, 2 or 5 times a power of ten,
 * five to ten labels.
 */
final class Ticks {

    /**
     * One tick.
     *
     * @param value position in data units
     * @param label text, empty for a minor tick
     */
    record Tick(double value, String label) {
        boolean major() {
            return !label.isEmpty();
        }
    }

    /** Fraction of the span added on each side of a logarithmic range. */
    static final double LOG_PAD = 0.04;

    private Ticks() {
    }

    /**
     * The padded logarithmic range of data in {@code [lo, hi]}: at least a quarter decade wide.
     *
     * @param lo smallest value, {@code > 0}
     * @param hi largest value, {@code >= lo}
     * @return {@code {log10 min, log10 max}} of the axis
     */
    static double[] logRange(double lo, double hi) {
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        if (b - a < 0.25) {
            double mid = (a + b) / 2;
            a = mid - 0.125;
            b = mid + 0.125;
        }
        double pad = LOG_PAD * (b - a);
        return new double[] {a - pad, b + pad};
    }

    /**
     * @param log10Min axis minimum, as a power of ten
     * @param log10Max axis maximum, as a power of ten
     * @return ticks in increasing order
     */
    static List<Tick> log(double log10Min, double log10Max) {
        int first = (int) Math.ceil(log10Min - 1e-9);
        int last = (int) Math.floor(log10Max + 1e-9);
        double span = log10Max - log10Min;
        int decades = last - first + 1;
        int every = decades > 8 ? (int) Math.ceil(decades / 8.0) : 1;
        boolean fine = span <= 1.75;
        boolean minor = span <= 6;
        List<Tick> out = new ArrayList<>();
        for (int k = (int) Math.floor(log10Min); k <= last; k++) {
            double p = Math.pow(10, k);
            for (int m = 1; m <= 9; m++) {
                double v = m * p;
                double lv = Math.log10(v);
                if (lv < log10Min - 1e-9 || lv > log10Max + 1e-9) {
                    continue;
                }
                boolean labelled = m == 1 ? Math.floorMod(k - first, every) == 0 : fine && (m == 2 || m == 5);
                if (labelled) {
                    out.add(new Tick(v, logLabel(m, k)));
                } else if (minor) {
                    out.add(new Tick(v, ""));
                }
            }
        }
        return out;
    }

    /**
     * @param mantissa 1 ... 9
     * @param exponent power of ten
     * @return {@code "20"} for integers from 1 to 99999, otherwise {@code "2e-3"}, {@code "1e6"}
     */
    static String logLabel(int mantissa, int exponent) {
        if (exponent >= 0 && exponent <= 4) {
            return Long.toString(mantissa * (long) Math.pow(10, exponent));
        }
        return mantissa + "e" + exponent;
    }

    /**
     * A linear range with labelled ticks at a 1-2-5 step, containing {@code [lo, hi]}.
     *
     * @param lo smallest value
     * @param hi largest value, {@code >= lo}
     * @return the ticks; the first and last are the axis ends
     */
    static List<Tick> linear(double lo, double hi) {
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / 6;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
        long a = (long) Math.floor(lo / step + 1e-9);
        long b = (long) Math.ceil(hi / step - 1e-9);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Tick> out = new ArrayList<>();
        for (long i = a; i <= b; i++) {
            double v = i * step;
            out.add(new Tick(v, String.format(Locale.ROOT, "%." + decimals + "f", v == 0 ? 0.0 : v)));
        }
        return out;
    }
}
