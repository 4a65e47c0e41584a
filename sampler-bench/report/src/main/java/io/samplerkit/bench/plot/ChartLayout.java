package io.samplerkit.bench.plot;

/**
 * Sizes shared by the PNG and SVG renderings, so both read the same.
 */
final class ChartLayout {

    /** Width of a log–log chart in px. */
    static final int LINE_WIDTH = 900;
    /** Height of a log–log chart in px. */
    static final int LINE_HEIGHT = 520;
    /** Height of a bar chart in px, before the room for its category labels. */
    static final int BAR_HEIGHT = 420;
    /** Width per bar-chart category in px. */
    static final int BAR_SLOT = 22;
    /** Title font size. */
    static final int TITLE_FONT = 15;
    /** Axis-label font size. */
    static final int LABEL_FONT = 13;
    /** Tick-label and legend font size. */
    static final int TICK_FONT = 12;
    /** Series line width. */
    static final float STROKE = 1.6f;
    /** Marker half-size. */
    static final double MARKER = 3.6;

    private ChartLayout() {
    }

    /**
     * @param s text
     * @param size font size in px
     * @return an upper estimate of its width in a sans-serif font
     */
    static double textWidth(String s, double size) {
        return 0.6 * size * s.length();
    }

    /**
     * @param chart a bar chart
     * @return its width: room for every category slot plus the axis
     */
    static int barWidth(BarChart chart) {
        return Math.max(640, 110 + BAR_SLOT * chart.categories().size());
    }

    /**
     * @param chart a bar chart
     * @return its height: the plot plus room for the rotated category labels
     */
    static int barHeight(BarChart chart) {
        int longest = chart.categories().stream().mapToInt(String::length).max().orElse(0);
        return BAR_HEIGHT - 20 + (int) Math.ceil(0.55 * TICK_FONT * longest);
    }
}
