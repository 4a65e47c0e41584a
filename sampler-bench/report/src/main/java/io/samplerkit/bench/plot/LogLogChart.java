package io.samplerkit.bench.plot;

import io.samplerkit.core.Checks;
import java.util.List;

/**
 * A line chart on logarithmic x and y axes: what a plot is, independent of how it is rendered
 * ({@link PngCharts}, {@link SvgCharts}).
 *
 * @param title title above the plot
 * @param xLabel x-axis label, with units
 * @param yLabel y-axis label, with units
 * @param lines the series, in legend order (at least one)
 */
public record LogLogChart(String title, String xLabel, String yLabel, List<Line> lines) {

    /** Validates and copies. */
    public LogLogChart {
        Checks.requireNonNull(title, "title");
        Checks.requireNonNull(xLabel, "xLabel");
        Checks.requireNonNull(yLabel, "yLabel");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one line, got none");
        }
    }

    /**
     * One series: points joined in the order given.
     *
     * @param name legend text
     * @param x abscissae, finite and {@code > 0}
     * @param y ordinates, finite and {@code > 0}, as many as {@code x}
     * @param style how it is drawn
     */
    public record Line(String name, double[] x, double[] y, SeriesStyle style) {

        /** Validates and copies. */
        public Line {
            Checks.requireNonNull(name, "name");
            Checks.requireNonNull(style, "style");
            x = x.clone();
            y = y.clone();
            if (x.length == 0 || x.length != y.length) {
                throw new IllegalArgumentException(Checks.format(
                        "line %s: x and y must have the same positive length, got %d and %d", name, x.length,
                        y.length));
            }
            for (int i = 0; i < x.length; i++) {
                if (!(x[i] > 0 && x[i] < Double.POSITIVE_INFINITY && y[i] > 0 && y[i] < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException(Checks.format(
                            "line %s: points must be finite and > 0 on log axes, got (%s, %s)", name, x[i], y[i]));
                }
            }
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    /** @return smallest and largest x over every line */
    double[] xRange() {
        return range(true);
    }

    /** @return smallest and largest y over every line */
    double[] yRange() {
        return range(false);
    }

    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (double v : x ? l.x : l.y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }
}
