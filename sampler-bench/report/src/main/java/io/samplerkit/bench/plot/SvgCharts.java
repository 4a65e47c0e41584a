package io.samplerkit.bench.plot;

import java.util.List;

/**
 * Renders {@link LogLogChart}s and {@link BarChart}s as compact SVG: text as {@code <text>} elements,
 * coordinates to 0.1 px, no ids (so several charts can be inlined in one HTML page), legend outside
 * the plot area and sized to its longest entry. Stateless.
 */
public final class SvgCharts {

    private static final String AXIS = "#333";
    private static final String GRID = "#e6e6e6";
    private static final double TOP = 44;

    private SvgCharts() {
    }

    /**
     * @param chart the chart
     * @return SVG text
     */
    public static String render(LogLogChart chart) {
        double width = ChartLayout.LINE_WIDTH;
        double height = ChartLayout.LINE_HEIGHT;
        int longest = chart.lines().stream().mapToInt(l -> l.name().length()).max().orElse(0);
        double legendWidth = 52 + Svg.textWidth("x".repeat(longest), ChartLayout.TICK_FONT);
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

        Svg svg = new Svg(width, height, chart.title());
        svg.text(left, 26, ChartLayout.TITLE_FONT, "start", chart.title(), "font-weight=\"bold\"");
        List<Ticks.Tick> xt = Ticks.log(lx[0], lx[1]);
        List<Ticks.Tick> yt = Ticks.log(ly[0], ly[1]);
        for (Ticks.Tick t : xt) {
            double x = ax.map(Math.log10(t.value()));
            if (t.major()) {
                svg.line(x, top, x, bottom, GRID, 1);
                svg.text(x, bottom + 17, ChartLayout.TICK_FONT, "middle", t.label(), "");
            }
            svg.line(x, bottom, x, bottom + (t.major() ? 5 : 3), AXIS, 1);
        }
        for (Ticks.Tick t : yt) {
            double y = ay.map(Math.log10(t.value()));
            if (t.major()) {
                svg.line(left, y, right, y, GRID, 1);
                svg.text(left - 8, y + 4, ChartLayout.TICK_FONT, "end", t.label(), "");
            }
            svg.line(left - (t.major() ? 5 : 3), y, left, y, AXIS, 1);
        }
        svg.rect(left, top, right - left, bottom - top, "none", AXIS);
        svg.text((left + right) / 2, height - 14, ChartLayout.LABEL_FONT, "middle", chart.xLabel(), "");
        double yMid = (top + bottom) / 2;
        svg.text(18, yMid, ChartLayout.LABEL_FONT, "middle", chart.yLabel(),
                "transform=\"rotate(-90 18 " + Svg.num(yMid) + ")\"");

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
                svg.polyline(px, py, l.style(), ChartLayout.STROKE);
            }
            svg.markers(px, py, l.style(), ChartLayout.MARKER);
        }

        double lx0 = right + 14;
        double rowHeight = 20;
        svg.rect(lx0, top, legendWidth, 10 + rowHeight * chart.lines().size(), "#fff", "#bbb");
        for (int k = 0; k < chart.lines().size(); k++) {
            LogLogChart.Line l = chart.lines().get(k);
            double y = top + 15 + rowHeight * k;
            svg.polyline(new double[] {lx0 + 8, lx0 + 38}, new double[] {y, y}, l.style(), ChartLayout.STROKE);
            svg.markers(new double[] {lx0 + 23}, new double[] {y}, l.style(), ChartLayout.MARKER);
            svg.text(lx0 + 46, y + 4, ChartLayout.TICK_FONT, "start", l.name(), "");
        }
        return svg.close();
    }

    /**
     * @param chart the chart
     * @return SVG text
     */
    public static String render(BarChart chart) {
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

        Svg svg = new Svg(width, height, chart.title());
        svg.text(left, 26, ChartLayout.TITLE_FONT, "start", chart.title(), "font-weight=\"bold\"");
        for (Ticks.Tick t : yt) {
            double y = ay.map(t.value());
            svg.line(left, y, right, y, GRID, 1);
            svg.line(left - 5, y, left, y, AXIS, 1);
            svg.text(left - 8, y + 4, ChartLayout.TICK_FONT, "end", t.label(), "");
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
            svg.rect(cx - barWidth / 2, Math.min(y, zero), barWidth, Math.abs(zero - y), barStyle.hex(), "none");
            double ly = bottom + 8;
            svg.text(cx + 4, ly, ChartLayout.TICK_FONT, "end", chart.categories().get(i),
                    "transform=\"rotate(-90 " + Svg.num(cx + 4) + ' ' + Svg.num(ly) + ")\"");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(marks[i])) {
                svg.markers(new double[] {left + slot * (i + 0.5)}, new double[] {ay.map(marks[i])}, markStyle,
                        ChartLayout.MARKER + 0.8);
            }
        }
        svg.line(left, zero, right, zero, AXIS, 1);
        svg.rect(left, top, right - left, bottom - top, "none", AXIS);
        double yMid = (top + bottom) / 2;
        svg.text(18, yMid, ChartLayout.LABEL_FONT, "middle", chart.yLabel(),
                "transform=\"rotate(-90 18 " + Svg.num(yMid) + ")\"");
        svg.text((left + right) / 2, height - 10, ChartLayout.LABEL_FONT, "middle", chart.xLabel(), "");

        double lx = left;
        double ly = TOP + 4;
        svg.rect(lx, ly - 8, 14, 12, barStyle.hex(), "none");
        svg.text(lx + 20, ly + 3, ChartLayout.TICK_FONT, "start", chart.barName(), "");
        double mx = lx + 40 + Svg.textWidth(chart.barName(), ChartLayout.TICK_FONT);
        svg.markers(new double[] {mx + 7}, new double[] {ly - 2}, markStyle, ChartLayout.MARKER + 0.8);
        svg.text(mx + 20, ly + 3, ChartLayout.TICK_FONT, "start", chart.markName(), "");
        return svg.close();
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
