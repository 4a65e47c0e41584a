package io.samplerkit.bench.plot;

/**
 * Renders {@link LogLogChart}s and {@link BarChart}s as compact SVG: the {@link ChartPainter} layout
 * written by {@link Svg}, text as {@code <text>} elements, coordinates to 0.1 px, no ids (so several
 * charts can be inlined in one HTML page). Stateless.
 */
public final class SvgCharts {

    private SvgCharts() {
    }

    /**
     * @param chart the chart
     * @return SVG text
     */
    public static String render(LogLogChart chart) {
        Svg svg = new Svg(ChartLayout.LINE_WIDTH, ChartLayout.LINE_HEIGHT, chart.title());
        ChartPainter.paint(chart, svg);
        return svg.close();
    }

    /**
     * @param chart the chart
     * @return SVG text
     */
    public static String render(BarChart chart) {
        Svg svg = new Svg(ChartLayout.barWidth(chart), ChartLayout.barHeight(chart), chart.title());
        ChartPainter.paint(chart, svg);
        return svg.close();
    }
}
