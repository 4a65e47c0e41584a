package io.samplerkit.bench.plot;

import io.samplerkit.bench.plot.Canvas.Anchor;
import java.util.List;

/**
 * Lays out {@link LogLogChart}s and {@link BarChart}s on a {@link Canvas}: title, log or linear axes
 * with ticks and grid, series lines and markers, bars with reference marks, legend outside the plot area
 * and sized to its longest entry. The one layout behind both {@link SvgCharts} and {@link PngCharts}.
 * Stateless.
 */
final class ChartPainter {

    private static final int AXIS = 0x333333;
    private static final int GRID = 0xe6e6e6;
    private static final double TOP = 44;

    private ChartPainter() {
    }

    /**
     * Draws a log-log chart of size {@link ChartLayout#LINE_WIDTH} x {@link ChartLayout#LINE_HEIGHT}.
     *
     * @param chart the chart
     * @param canvas where to draw
     */
    static void paint(LogLogChart chart, Canvas canvas) {
        double width = ChartLayout.LINE_WIDTH;
        double height = ChartLayout.LINE_HEIGHT;
        int longest = chart.lines().stream().mapToInt(l -> l.name().length()).max().orElse(0);
        double legendWidth = 52 + ChartLayout.textWidth("x".repeat(longest), ChartLayout.TICK_FONT);
        double left = 78;
        double right = width - legendWidth - 16;
        double top = TOP;
        double bottom = height - 56;
        double[] xr = chart.xRange();
        double[] yr = chart.yRange();
        double[] lx = Ticks.logRange(xr[0], xr[1]);
        double[] ly = Ticks.logRange(yr[0], yr[1]);
        Axis ax = new Axis(lx[0], lx[1], left, right);
        Axis ay = new Axis(ly[0], ly[1], bottom, top);

        canvas.text(left, 26, ChartLayout.TITLE_FONT, Anchor.START, chart.title(), true, false);
        List<Ticks.Tick> xt = Ticks.log(lx[0], lx[1]);
        List<Ticks.Tick> yt = Ticks.log(ly[0], ly[1]);
        for (Ticks.Tick t : xt) {
            double x = ax.map(Math.log10(t.value()));
            if (t.major()) {
                canvas.line(x, top, x, bottom, GRID, 1);
                canvas.text(x, bottom + 17, ChartLayout.TICK_FONT, Anchor.MIDDLE, t.label(), false, false);
            }
            canvas.line(x, bottom, x, bottom + (t.major() ? 5 : 3), AXIS, 1);
        }
        for (Ticks.Tick t : yt) {
            double y = ay.map(Math.log10(t.value()));
            if (t.major()) {
                canvas.line(left, y, right, y, GRID, 1);
                canvas.text(left - 8, y + 4, ChartLayout.TICK_FONT, Anchor.END, t.label(), false, false);
            }
            canvas.line(left - (t.major() ? 5 : 3), y, left, y, AXIS, 1);
        }
        canvas.rect(left, top, right - left, bottom - top, Canvas.NONE, AXIS);
        canvas.text((left + right) / 2, height - 14, ChartLayout.LABEL_FONT, Anchor.MIDDLE, chart.xLabel(), false, false);
        double yMid = (top + bottom) / 2;
        canvas.text(18, yMid, ChartLayout.LABEL_FONT, Anchor.MIDDLE, chart.yLabel(),
                false, true);

        for (LogLogChart.Line l : chart.lines()) {
            double[] x = l.x();
            double[] y = l.y();
            double[] px = new double[x.length];
            double[] py = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                px[i] = ax.map(Math.log10(x[i]));
                py[i] = ay.map(Math.log10(y[i]));
            }
            if (x.length > 1) {
                canvas.polyline(px, py, l.style(), ChartLayout.STROKE);
            }
            canvas.markers(px, py, l.style(), ChartLayout.MARKER);
        }

        double lx0 = right + 14;
        double rowHeight = 20;
        canvas.rect(lx0, top, legendWidth, 10 + rowHeight * chart.lines().size(), 0xffffff, 0xbbbbbb);
        for (int k = 0; k < chart.lines().size(); k++) {
            LogLogChart.Line l = chart.lines().get(k);
            double y = top + 15 + rowHeight * k;
            canvas.polyline(new double[] {lx0 + 8, lx0 + 38}, new double[] {y, y}, l.style(), ChartLayout.STROKE);
            canvas.markers(new double[] {lx0 + 23}, new double[] {y}, l.style(), ChartLayout.MARKER);
            canvas.text(lx0 + 46, y + 4, ChartLayout.TICK_FONT, Anchor.START, l.name(), false, false);
        }
    }

    /**
     * Draws a bar chart of size {@link ChartLayout#barWidth} x {@link ChartLayout#barHeight}.
     *
     * @param chart the chart
     * @param canvas where to draw
     */
    static void paint(BarChart chart, Canvas canvas) {
        int n = chart.categories().size();
        double width = ChartLayout.barWidth(chart);
        double height = ChartLayout.barHeight(chart);
        double left = 78;
        double right = width - 24;
        double top = TOP + 22;
        double bottom = ChartLayout.BAR_HEIGHT - 40;
        double[] range = chart.valueRange();
        List<Ticks.Tick> yt = Ticks.linear(range[0], range[1]);
        Axis ay = new Axis(yt.get(0).value(), yt.get(yt.size() - 1).value(), bottom, top);

        canvas.text(left, 26, ChartLayout.TITLE_FONT, Anchor.START, chart.title(), true, false);
        for (Ticks.Tick t : yt) {
            double y = ay.map(t.value());
            canvas.line(left, y, right, y, GRID, 1);
            canvas.line(left - 5, y, left, y, AXIS, 1);
            canvas.text(left - 8, y + 4, ChartLayout.TICK_FONT, Anchor.END, t.label(), false, false);
        }
        double slot = (right - left) / n;
        double barWidth = 0.7 * slot;
        SeriesStyle barStyle = Palette.style(0);
        SeriesStyle markStyle = markStyle();
        double zero = ay.map(0);
        double[] bars = chart.bars();
        double[] marks = chart.marks();
        for (int i = 0; i < n; i++) {
            double cx = left + slot * (i + 0.5);
            double y = ay.map(bars[i]);
            canvas.rect(cx - barWidth / 2, Math.min(y, zero), barWidth, Math.abs(zero - y), barStyle.rgb(), Canvas.NONE);
            double ly = bottom + 8;
            canvas.text(cx + 4, ly, ChartLayout.TICK_FONT, Anchor.END, chart.categories().get(i),
                    false, true);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(marks[i])) {
                canvas.markers(new double[] {left + slot * (i + 0.5)}, new double[] {ay.map(marks[i])}, markStyle,
                        ChartLayout.MARKER + 0.8);
            }
        }
        canvas.line(left, zero, right, zero, AXIS, 1);
        canvas.rect(left, top, right - left, bottom - top, Canvas.NONE, AXIS);
        double yMid = (top + bottom) / 2;
        canvas.text(18, yMid, ChartLayout.LABEL_FONT, Anchor.MIDDLE, chart.yLabel(),
                false, true);
        canvas.text((left + right) / 2, height - 10, ChartLayout.LABEL_FONT, Anchor.MIDDLE, chart.xLabel(), false, false);

        double lx = left;
        double ly = TOP + 4;
        canvas.rect(lx, ly - 8, 14, 12, barStyle.rgb(), Canvas.NONE);
        canvas.text(lx + 20, ly + 3, ChartLayout.TICK_FONT, Anchor.START, chart.barName(), false, false);
        double mx = lx + 40 + ChartLayout.textWidth(chart.barName(), ChartLayout.TICK_FONT);
        canvas.markers(new double[] {mx + 7}, new double[] {ly - 2}, markStyle, ChartLayout.MARKER + 0.8);
        canvas.text(mx + 20, ly + 3, ChartLayout.TICK_FONT, Anchor.START, chart.markName(), false, false);
    }

    /** @return the style of the reference marks of a bar chart: black diamonds */
    static SeriesStyle markStyle() {
        return new SeriesStyle(0x000000, SeriesStyle.Marker.DIAMOND, SeriesStyle.Dash.SOLID);
    }

    /** A linear map from data (or log data) to pixels. */
    private record Axis(double v0, double v1, double p0, double p1) {
        double map(double v) {
            return p0 + (v - v0) / (v1 - v0) * (p1 - p0);
        }
    }
}
