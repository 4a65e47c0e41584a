package io.samplerkit.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots (XChart, rendered headless): per problem and grid, log–log RMSE vs NFE, one
 * series per solver, adaptive solvers on every grid's plot; per problem, bars of fitted vs claimed
 * convergence order. Each plot is written as PNG and SVG. (Fréchet distances are in the tables and
 * results.csv; their curves follow the RMSE ones.)
 */
final class ReportPlots {

    /**
     * A rendered plot.
     *
     * @param problem problem id
     * @param name file stem under {@code plots/}
     * @param title title
     * @param png PNG bytes (embedded in the HTML)
     */
    record Plot(String problem, String name, String title, byte[] png) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportPlots() {
    }

    /**
     * Renders and writes every plot.
     *
     * @param analysis the analysis
     * @param claimed claimed order per solver label (absent when unknown)
     * @param dir destination folder (created)
     * @return the plots, in report order
     */
    static List<Plot> render(ReportAnalysis analysis, Map<String, Integer> claimed, Path dir) {
        List<Plot> plots = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (ProblemSpec p : analysis.suite().problems()) {
                Map<String, List<ResultRow>> series = analysis.series(p.id());
                for (GridSpec g : analysis.suite().grids()) {
                    XYChart err = lines(series, g.label(), ResultRow::rmse,
                            p.id() + " (" + g.label() + "): RMSE to the PF-ODE solution", "RMSE");
                    if (err != null) {
                        plots.add(write(dir, p.id(), "error-" + p.id() + "-" + g.label(), err));
                    }
                }
                CategoryChart bars = orderBars(analysis, p.id(), claimed);
                if (bars != null) {
                    plots.add(write(dir, p.id(), "orders-" + p.id(), bars));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plots;
    }

    private static XYChart lines(Map<String, List<ResultRow>> series, String grid, ToDoubleFunction<ResultRow> y,
            String title, String yTitle) {
        List<String> names = new ArrayList<>();
        List<List<Double>> xss = new ArrayList<>();
        List<List<Double>> yss = new ArrayList<>();
        List<Boolean> dashed = new ArrayList<>();
        for (Map.Entry<String, List<ResultRow>> e : series.entrySet()) {
            List<ResultRow> rows = e.getValue();
            boolean adaptive = rows.get(0).adaptive();
            if (!adaptive && !rows.get(0).grid().equals(grid)) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            int lastNfe = -1;
            for (ResultRow r : rows) {
                double v = y.applyAsDouble(r);
                if (r.nfe() != lastNfe && r.nfe() > 0 && Double.isFinite(v) && v > 0) {
                    xs.add((double) r.nfe());
                    ys.add(v);
                    lastNfe = r.nfe();
                }
            }
            if (!xs.isEmpty()) {
                names.add(adaptive ? rows.get(0).solver() + " (adaptive)" : rows.get(0).solver());
                xss.add(xs);
                yss.add(ys);
                dashed.add(adaptive);
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        // the legend needs about 18 px per series
        XYChart chart = new XYChartBuilder().width(WIDTH).height(Math.max(HEIGHT, 80 + 18 * names.size()))
                .title(title).xAxisTitle("NFE (model calls)").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.0E0");
        for (int k = 0; k < names.size(); k++) {
            XYSeries s = chart.addSeries(names.get(k), xss.get(k), yss.get(k));
            Color c = PALETTE[k % PALETTE.length];
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(MARKERS[(k / PALETTE.length) % MARKERS.length]);
            s.setLineStyle(dashed.get(k) ? DASHED : SOLID);
        }
        return chart;
    }

    /** Twelve distinguishable colours (Tableau 10 and two more); markers change every twelve series. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207), new Color(0, 0, 0), new Color(174, 199, 232)
    };
    private static final BasicStroke SOLID = new BasicStroke(1.5f);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS
    };

    private static CategoryChart orderBars(ReportAnalysis analysis, String problem, Map<String, Integer> claimed) {
        List<String> names = new ArrayList<>();
        List<Double> fitted = new ArrayList<>();
        List<Double> promised = new ArrayList<>();
        analysis.orders().forEach((series, byProblem) -> {
            OrderFit f = byProblem.get(problem);
            if (f != null && f.fitted()) {
                names.add(series);
                fitted.add(f.order());
                Integer c = claimed.get(series.substring(0, series.lastIndexOf('@')));
                promised.add(c == null ? 0.0 : c.doubleValue());
            }
        });
        if (names.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, 260 + 26 * names.size()))
                .height(HEIGHT + 80)
                .title(problem + ": fitted convergence order (slope of log RMSE vs log NFE)")
                .xAxisTitle("solver@grid").yAxisTitle("order").build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.addSeries("fitted", names, fitted);
        chart.addSeries("claimed (Solver.order())", names, promised);
        return chart;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setPlotBorderVisible(true);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
    }

    private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{2,}");

    /**
     * Rounds every number with two or more decimals to one decimal (0.1 px on a 900 px canvas): XChart
     * draws text as glyph outlines, and the rounding shrinks the SVG by about a third.
     *
     * @param svg SVG text
     * @return the compacted text
     */
    static String compact(String svg) {
        Matcher m = LONG_DECIMAL.matcher(svg);
        StringBuilder sb = new StringBuilder(svg.length());
        while (m.find()) {
            long tenths = Math.round(Double.parseDouble(m.group()) * 10);
            String r = tenths % 10 == 0 ? Long.toString(tenths / 10)
                    : (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
            m.appendReplacement(sb, r);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Plot write(Path dir, String problem, String name, Chart<?, ?> chart) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.write(dir.resolve(name + ".png"), png);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Files.writeString(dir.resolve(name + ".svg"), compact(svg.toString(StandardCharsets.UTF_8)));
        return new Plot(problem, name, chart.getTitle(), png);
    }
}
