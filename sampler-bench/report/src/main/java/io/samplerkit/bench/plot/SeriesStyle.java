package io.samplerkit.bench.plot;

import io.samplerkit.core.Checks;

/**
 * How one series is drawn: colour, marker and line dash. The same style renders the same way in
 * the PNG ({@link PngCharts}) and the SVG ({@link SvgCharts}).
 *
 * @param rgb colour as {@code 0xRRGGBB}
 * @param marker marker at each data point
 * @param dash line pattern
 */
public record SeriesStyle(int rgb, Marker marker, Dash dash) {

    /** Validates. */
    public SeriesStyle {
        Checks.requireInRange(rgb, 0, 0xFFFFFF, "rgb");
        Checks.requireNonNull(marker, "marker");
        Checks.requireNonNull(dash, "dash");
    }

    /** @return the colour as {@code #rrggbb} */
    public String hex() {
        return String.format(java.util.Locale.ROOT, "#%06x", rgb);
    }

    /** Marker shapes. */
    public enum Marker {
        /** Filled circle. */
        CIRCLE,
        /** Filled square. */
        SQUARE,
        /** Filled diamond. */
        DIAMOND,
        /** Filled triangle pointing up. */
        TRIANGLE_UP,
        /** Filled triangle pointing down. */
        TRIANGLE_DOWN,
        /** Diagonal cross (stroked). */
        CROSS,
        /** Upright cross (stroked). */
        PLUS
    }

    /** Line patterns, as dash and gap lengths in pixels at line width 1.6. */
    public enum Dash {
        /** Continuous line. */
        SOLID(new float[0]),
        /** Long dashes. */
        DASHED(new float[] {7f, 4f}),
        /** Dots. */
        DOTTED(new float[] {1.8f, 3f}),
        /** Dash and dot. */
        DASH_DOT(new float[] {7f, 3f, 1.8f, 3f});

        private final float[] pattern;

        Dash(float[] pattern) {
            this.pattern = pattern;
        }

        /** @return dash and gap lengths (a copy; empty for a solid line) */
        public float[] pattern() {
            return pattern.clone();
        }
    }
}
