package io.samplerkit.bench.report;

import io.samplerkit.bench.plot.BarChart;
import io.samplerkit.bench.plot.LogLogChart;
import io.samplerkit.bench.plot.Palette;
import io.samplerkit.bench.plot.PngCharts;
import io.samplerkit.bench.plot.SvgCharts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's plots, a small readable set per problem, each written as PNG and SVG from one layout
 * ({@link SvgCharts}, text as text):
 * <ul>
 * <li>{@code error-<problem>-best}: the {@value #OVERVIEW} best fixed-step solvers of the problem by
 *     {@link ReportAnalysis#ranking(String)} (geometric-mean RMSE over the target NFEs), plus DDIM for
 *     scale;</li>
 * <li>{@code error-<problem>-<family>[-k]}: every fixed-step solver of one registry family, in ranking
 *     order, split evenly into pages of at most {@value #PAGE} series;</li>
 * <li>{@code error-<problem>-adaptive}: the adaptive solvers' tolerance sweeps;</li>
 * <li>{@code orders-<problem>}: one bar per fixed-step solver, the convergence order fitted on the
 *     suite's first grid, sorted, with the claimed order as a mark.</li>
 * </ul>
 * In the error plots each fixed-step solver appears once, on the grid where it ranks better on that
 * problem (the legend names it: {@code solver@grid}); the tables keep every grid. All error plots are
 * log–log RMSE to the probability-flow solution against NFE.
 */
final class ReportPlots {

    /**
     * A rendered plot.
     *
     * @param problem problem id
     * @param name file stem under {@code plots/}
     * @param title title
     * @param svg SVG text (inlined in index.html)
     */
    record Plot(String problem, String name, String title, String svg) {
    }

    /** Number of solvers in a problem's overview plot. */
    static final int OVERVIEW = 8;
    /** Largest number of series in one family plot. */
    static final int PAGE = 12;
    /** The solver drawn for scale in the overview. */
    static final String SCALE_SOLVER = "ddim";

    /** How to read the plots (for the report's text). */
    static final String GUIDE = "Per problem: the " + OVERVIEW + " best fixed-step solvers (by the geometric mean of "
            + "their RMSE over the target NFEs) with DDIM for scale; then every fixed-step solver, by registry family "
            + "(at most " + PAGE + " per plot), legend in ranking order; the adaptive solvers' tolerance sweeps; and "
            + "the fitted convergence order of each solver as a bar, sorted, with the claimed order as a diamond. "
            + "In the error plots (log-log RMSE to the probability-flow solution against NFE) each solver appears "
            + "once, on the grid where it ranks better on that problem (solver@grid); the tables list every grid.";

    private static final String X_LABEL = "NFE (model evaluations)";
    private static final String Y_LABEL =
            "RMSE to the PF-ODE solution; stochastic: Frechet distance to the exact marginal (exact or sampled)";
    private static final List<String> FAMILY_ORDER = List.of("ode", "exponential", "multistep");

    private ReportPlots() {
    }

    /**
     * Renders and writes every plot.
     *
     * @param analysis the analysis
     * @param claimed claimed order per solver label (absent when unknown)
     * @param families registry family per solver label ({@code ode}, {@code exponential}, ...)
     * @param dir destination folder (created)
     * @param progress the plots phase, one step per problem
     * @return the plots, in report order
     */
    static List<Plot> render(ReportAnalysis analysis, Map<String, Integer> claimed, Map<String, String> families,
            Path dir, Progress progress) {
        List<Plot> plots = new ArrayList<>();
        List<ProblemSpec> problems = analysis.suite().problems();
        progress.phase("plots", problems.size(), problems.size());
        try {
            Files.createDirectories(dir);
            removeOldPlots(dir);
            for (ProblemSpec p : problems) {
                for (Map.Entry<String, LogLogChart> e : errorCharts(analysis, p.id(), families).entrySet()) {
                    plots.add(write(dir, p.id(), e.getKey(), e.getValue()));
                }
                BarChart bars = orderBars(analysis, p.id(), claimed);
                if (bars != null) {
                    plots.add(write(dir, p.id(), "orders-" + p.id(), bars));
                }
                progress.step(1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plots;
    }

    /** Deletes the plots of an earlier report in the folder, so a regenerated report holds no stale plot. */
    private static void removeOldPlots(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if ((n.startsWith("error-") || n.startsWith("orders-")) && (n.endsWith(".png") || n.endsWith(".svg"))) {
                    Files.delete(f);
                }
            }
        }
    }

    /**
     * The error plots of one problem.
     *
     * @param analysis the analysis
     * @param problem problem id
     * @param families registry family per solver label
     * @return file stem to chart, in report order
     */
    static Map<String, LogLogChart> errorCharts(ReportAnalysis analysis, String problem,
            Map<String, String> families) {
        Map<String, List<ResultRow>> series = analysis.series(problem);
        // each fixed-step solver once, on its better-ranked grid, in ranking order
        Map<String, String> bestSeries = new LinkedHashMap<>();
        for (ReportAnalysis.Ranked r : analysis.ranking(problem)) {
            bestSeries.putIfAbsent(series.get(r.series()).get(0).solver(), r.series());
        }
        Map<String, LogLogChart> out = new LinkedHashMap<>();
        if (bestSeries.isEmpty() && series.isEmpty()) {
            return out;
        }
        List<String> top = new ArrayList<>(bestSeries.values()).subList(0, Math.min(OVERVIEW, bestSeries.size()));
        if (!top.isEmpty()) {
            List<LogLogChart.Line> lines = lines(series, top);
            String scale = bestSeries.get(SCALE_SOLVER);
            if (scale != null && !top.contains(scale)) {
                if (measured(series.get(scale))) {
                    lines.add(line(series.get(scale), scale + " (for scale)", Palette.reference()));
                }
            }
            if (!lines.isEmpty()) {
                out.put("error-" + problem + "-best", new LogLogChart(problem + ": the " + top.size()
                    + " best solvers (NFE " + nfeSpan(analysis.suite()) + ")", X_LABEL, Y_LABEL, lines));
            }
        }
        Map<String, List<String>> byFamily = new TreeMap<>((a, b) -> familyRank(a) != familyRank(b)
                ? Integer.compare(familyRank(a), familyRank(b)) : a.compareTo(b));
        bestSeries.forEach((solver, s) -> byFamily.computeIfAbsent(families.getOrDefault(solver, "other"),
                k -> new ArrayList<>()).add(s));
        byFamily.forEach((family, members) -> {
            int pages = (members.size() + PAGE - 1) / PAGE;
            int per = (members.size() + pages - 1) / pages;
            for (int k = 0; k < pages; k++) {
                List<String> page = members.subList(k * per, Math.min(members.size(), (k + 1) * per));
                String stem = "error-" + problem + "-" + family + (pages > 1 ? "-" + (k + 1) : "");
                String title = problem + ": " + family + " family" + (pages > 1 ? " (" + (k + 1) + " of " + pages
                        + ")" : "");
                List<LogLogChart.Line> familyLines = lines(series, page);
                if (!familyLines.isEmpty()) {
                    out.put(stem, new LogLogChart(title, X_LABEL, Y_LABEL, familyLines));
                }
            }
        });
        // adaptive series with at least one measured error (an adaptive stochastic solver has no exact law: no error)
        List<String> adaptive = series.keySet().stream()
                .filter(s -> series.get(s).get(0).adaptive() && measured(series.get(s)))
                .toList();
        if (!adaptive.isEmpty()) {
            List<String> tolerances = analysis.suite().tolerances().stream().sorted()
                    .map(t -> String.format(Locale.ROOT, "%.0e", t).replaceAll("e([-+])0*(\\d)", "e$1$2")
                            .replace("e+", "e")).toList();
            out.put("error-" + problem + "-adaptive", new LogLogChart(problem + ": adaptive solvers, rtol = atol "
                    + (tolerances.isEmpty() ? "" : tolerances.get(tolerances.size() - 1) + " ... "
                            + tolerances.get(0)), X_LABEL, Y_LABEL,
                    lines(series, adaptive.subList(0, Math.min(PAGE, adaptive.size())))));
        }
        return out;
    }

    private static int familyRank(String family) {
        int i = FAMILY_ORDER.indexOf(family);
        return i < 0 ? FAMILY_ORDER.size() : i;
    }

    private static String nfeSpan(Suite suite) {
        int lo = suite.nfe().stream().mapToInt(Integer::intValue).min().orElse(0);
        int hi = suite.nfe().stream().mapToInt(Integer::intValue).max().orElse(0);
        return lo + "-" + hi;
    }

    /** One line per named series that has at least one measured point; series without any are left out. */
    private static List<LogLogChart.Line> lines(Map<String, List<ResultRow>> series, List<String> names) {
        List<LogLogChart.Line> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            if (measured(series.get(names.get(k)))) {
                out.add(line(series.get(names.get(k)), names.get(k), Palette.style(k)));
            }
        }
        return out;
    }

    /** Whether a series has at least one point to draw (a row with NFE and a finite positive error). */
    private static boolean measured(List<ResultRow> rows) {
        return rows.stream().anyMatch(r -> r.nfe() > 0 && Double.isFinite(r.error()) && r.error() > 0);
    }

    /** RMSE against NFE, one point per distinct NFE (rows are sorted by NFE). */
    private static LogLogChart.Line line(List<ResultRow> rows, String name, io.samplerkit.bench.plot.SeriesStyle style) {
        List<double[]> points = new ArrayList<>();
        int lastNfe = -1;
        for (ResultRow r : rows) {
            if (r.nfe() != lastNfe && r.nfe() > 0 && Double.isFinite(r.error()) && r.error() > 0) {
                points.add(new double[] {r.nfe(), r.error()});
                lastNfe = r.nfe();
            }
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new LogLogChart.Line(name, x, y, style);
    }

    /**
     * The order bars of one problem: fitted order on the suite's first grid, sorted (highest first).
     *
     * @param analysis the analysis
     * @param problem problem id
     * @param claimed claimed order per solver label
     * @return the chart, or null when no order was fitted
     */
    static BarChart orderBars(ReportAnalysis analysis, String problem, Map<String, Integer> claimed) {
        String grid = analysis.suite().grids().get(0).label();
        record Bar(String solver, double fitted, double claimed) {
        }
        List<Bar> bars = new ArrayList<>();
        analysis.orders().forEach((series, byProblem) -> {
            OrderFit f = byProblem.get(problem);
            int at = series.lastIndexOf('@');
            if (f != null && f.fitted() && series.substring(at + 1).equals(grid)) {
                String solver = series.substring(0, at);
                Integer c = claimed.get(solver);
                bars.add(new Bar(solver, f.order(), c == null ? Double.NaN : c));
            }
        });
        if (bars.isEmpty()) {
            return null;
        }
        bars.sort(java.util.Comparator.comparingDouble(Bar::fitted).reversed().thenComparing(Bar::solver));
        return new BarChart(String.format(Locale.ROOT, "%s: fitted order, %s grid, NFE >= %d", problem, grid,
                analysis.suite().orderMinNfe()), "solver",
                "order (minus slope of log error vs log NFE; stochastic: weak)", bars.stream().map(Bar::solver).toList(),
                bars.stream().mapToDouble(Bar::fitted).toArray(), "fitted",
                bars.stream().mapToDouble(Bar::claimed).toArray(), "claimed (Solver.order())");
    }

    private static Plot write(Path dir, String problem, String name, LogLogChart chart) throws IOException {
        Files.write(dir.resolve(name + ".png"), PngCharts.render(chart));
        return writeSvg(dir, problem, name, chart.title(), SvgCharts.render(chart));
    }

    private static Plot write(Path dir, String problem, String name, BarChart chart) throws IOException {
        Files.write(dir.resolve(name + ".png"), PngCharts.render(chart));
        return writeSvg(dir, problem, name, chart.title(), SvgCharts.render(chart));
    }

    private static Plot writeSvg(Path dir, String problem, String name, String title, String svg)
            throws IOException {
        Files.writeString(dir.resolve(name + ".svg"), svg, StandardCharsets.UTF_8);
        return new Plot(problem, name, title, svg);
    }
}
