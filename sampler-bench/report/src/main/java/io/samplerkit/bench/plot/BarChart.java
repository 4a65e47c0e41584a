package io.samplerkit.bench.plot;

import io.samplerkit.core.Checks;
import java.util.List;

/**
 * A vertical bar chart with one bar per category and, optionally, one reference mark per category
 * (e.g. measured order as bars, claimed order as marks), on a linear y axis.
 *
 * @param title title above the plot
 * @param xLabel x-axis label
 * @param yLabel y-axis label, with units
 * @param categories category labels, left to right (at least one)
 * @param bars bar heights, finite, one per category
 * @param barName legend text of the bars
 * @param marks reference values, one per category (NaN = no mark)
 * @param markName legend text of the marks
 */
public record BarChart(String title, String xLabel, String yLabel, List<String> categories, double[] bars,
        String barName, double[] marks, String markName) {

    /** Validates and copies. */
    public BarChart {
        Checks.requireNonNull(title, "title");
        Checks.requireNonNull(xLabel, "xLabel");
        Checks.requireNonNull(yLabel, "yLabel");
        Checks.requireNonNull(barName, "barName");
        Checks.requireNonNull(markName, "markName");
        categories = List.copyOf(categories);
        bars = bars.clone();
        marks = marks.clone();
        if (categories.isEmpty() || bars.length != categories.size() || marks.length != categories.size()) {
            throw new IllegalArgumentException(Checks.format(
                    "bars and marks need one value per category (%d), got %d and %d", categories.size(),
                    bars.length, marks.length));
        }
        for (double b : bars) {
            if (!Double.isFinite(b)) {
                throw new IllegalArgumentException("bar heights must be finite, got " + b);
            }
        }
        for (double m : marks) {
            if (Double.isInfinite(m)) {
                throw new IllegalArgumentException("marks must be finite or NaN, got " + m);
            }
        }
    }

    @Override
    public double[] bars() {
        return bars.clone();
    }

    @Override
    public double[] marks() {
        return marks.clone();
    }

    /** @return smallest and largest value over bars, marks and 0, widened by 5% for the marks */
    double[] valueRange() {
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < bars.length; i++) {
            lo = Math.min(lo, bars[i]);
            hi = Math.max(hi, bars[i]);
            if (!Double.isNaN(marks[i])) {
                lo = Math.min(lo, marks[i]);
                hi = Math.max(hi, marks[i]);
            }
        }
        double pad = 0.05 * (hi - lo);
        return new double[] {lo < 0 ? lo - pad : lo, hi + pad};
    }
}
