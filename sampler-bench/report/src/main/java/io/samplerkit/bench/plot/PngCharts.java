package io.samplerkit.bench.plot;

/**
 * Renders {@link LogLogChart}s and {@link BarChart}s as PNG: the {@link ChartPainter} layout (the same
 * as the SVG) drawn by {@link RasterCanvas} with Java 2D (headless), encoded as a palette PNG
 * ({@link IndexedPng}). Stateless.
 */
public final class PngCharts {

    private PngCharts() {
    }

    /**
     * @param chart the chart
     * @return PNG bytes
     */
    public static byte[] render(LogLogChart chart) {
        RasterCanvas canvas = new RasterCanvas(ChartLayout.LINE_WIDTH, ChartLayout.LINE_HEIGHT);
        ChartPainter.paint(chart, canvas);
        return IndexedPng.encode(canvas.finish());
    }

    /**
     * @param chart the chart
     * @return PNG bytes
     */
    public static byte[] render(BarChart chart) {
        RasterCanvas canvas = new RasterCanvas(ChartLayout.barWidth(chart), ChartLayout.barHeight(chart));
        ChartPainter.paint(chart, canvas);
        return IndexedPng.encode(canvas.finish());
    }
}
