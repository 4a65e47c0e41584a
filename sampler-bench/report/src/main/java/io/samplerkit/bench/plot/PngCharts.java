package io.samplerkit.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders {@link LogLogChart}s and {@link BarChart}s as PNG with XChart (headless), in the sizes,
 * colours, markers and dashes of {@link SvgCharts}, encoded as palette PNG ({@link IndexedPng}).
 * Stateless.
 */
public final class PngCharts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private PngCharts() {
    }

    /**
     * @param chart the chart
     * @return PNG bytes
     */
    public static byte[] render(LogLogChart chart) {
        XYChart c = new XYChartBuilder().width(ChartLayout.LINE_WIDTH).height(ChartLayout.LINE_HEIGHT)
                .title(chart.title()).xAxisTitle(chart.xLabel()).yAxisTitle(chart.yLabel()).build();
        style(c.getStyler());
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setMarkerSize((int) Math.round(2 * ChartLayout.MARKER + 1));
        // (a tick-label formatting function would switch XChart to a linear tick calculator)
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setYAxisDecimalPattern("0E0");
        double[] yr = chart.yRange();
        double[] ly = Ticks.logRange(yr[0], yr[1]);
        c.getStyler().setYAxisMin(Math.pow(10, ly[0]));
        c.getStyler().setYAxisMax(Math.pow(10, ly[1]));
        for (LogLogChart.Line l : chart.lines()) {
            XYSeries s = c.addSeries(l.name(), l.x(), l.y());
            Color colour = new Color(l.style().rgb());
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(marker(l.style().marker()));
            s.setLineStyle(stroke(l.style().dash()));
            s.setLineWidth(ChartLayout.STROKE);
        }
        return png(c);
    }

    /**
     * @param chart the chart
     * @return PNG bytes
     */
    public static byte[] render(BarChart chart) {
        CategoryChart c = new CategoryChartBuilder().width(ChartLayout.barWidth(chart))
                .height(ChartLayout.barHeight(chart)).title(chart.title()).xAxisTitle(chart.xLabel())
                .yAxisTitle(chart.yLabel()).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setOverlapped(true);
        c.getStyler().setXAxisLabelRotation(90);
        c.getStyler().setAvailableSpaceFill(0.7);
        c.getStyler().setYAxisDecimalPattern("0.0");
        List<Ticks.Tick> ticks = Ticks.linear(chart.valueRange()[0], chart.valueRange()[1]);
        c.getStyler().setYAxisMin(ticks.get(0).value());
        c.getStyler().setYAxisMax(ticks.get(ticks.size() - 1).value());
        List<Double> bars = new ArrayList<>();
        List<Double> marks = new ArrayList<>();
        List<String> markCats = new ArrayList<>();
        double[] b = chart.bars();
        double[] m = chart.marks();
        for (int i = 0; i < b.length; i++) {
            bars.add(b[i]);
            // XChart skips null values; NaN would break the axis
            marks.add(Double.isNaN(m[i]) ? null : m[i]);
            markCats.add(chart.categories().get(i));
        }
        CategorySeries barSeries = c.addSeries(chart.barName(), chart.categories(), bars);
        barSeries.setFillColor(new Color(Palette.style(0).rgb()));
        CategorySeries markSeries = c.addSeries(chart.markName(), markCats, marks);
        markSeries.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        SeriesStyle ms = SvgCharts.markStyle();
        markSeries.setMarker(marker(ms.marker()));
        markSeries.setMarkerColor(new Color(ms.rgb()));
        return png(c);
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xececec));
        s.setPlotGridLinesStroke(new BasicStroke(0.8f));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(new Color(0xbbbbbb));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, ChartLayout.TICK_FONT));
        s.setLegendSeriesLineLength(30);
        s.setPlotBorderVisible(true);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, ChartLayout.TITLE_FONT));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, ChartLayout.LABEL_FONT));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, ChartLayout.TICK_FONT));
        s.setAntiAlias(true);
    }

    private static Marker marker(SeriesStyle.Marker m) {
        switch (m) {
            case CIRCLE:
                return SeriesMarkers.CIRCLE;
            case SQUARE:
                return SeriesMarkers.SQUARE;
            case DIAMOND:
                return SeriesMarkers.DIAMOND;
            case TRIANGLE_UP:
                return SeriesMarkers.TRIANGLE_UP;
            case TRIANGLE_DOWN:
                return SeriesMarkers.TRIANGLE_DOWN;
            case CROSS:
                return SeriesMarkers.CROSS;
            default:
                return SeriesMarkers.PLUS;
        }
    }

    private static BasicStroke stroke(SeriesStyle.Dash d) {
        float[] p = d.pattern();
        return p.length == 0 ? new BasicStroke(ChartLayout.STROKE)
                : new BasicStroke(ChartLayout.STROKE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, p, 0f);
    }

    private static byte[] png(Chart<?, ?> chart) {
        return IndexedPng.encode(BitmapEncoder.getBufferedImage(chart));
    }
}
