package io.samplerkit.bench.report;

import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
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
 * Writes a report folder: {@code results.csv}, {@code manifest.json}, {@code summary.md} (best solver
 * per NFE per problem, orders table, adaptive sweeps, what was not applicable), {@code index.html}
 * (the same tables and every plot inlined as SVG; self-contained) and {@code plots/*.png|svg}.
 */
public final class ReportWriter {

    /** Rows file name. */
    public static final String RESULTS = "results.csv";
    /** Wall-time file name (the only column that differs between runs). */
    public static final String TIMING = "timing.csv";
    /** Manifest file name. */
    public static final String MANIFEST = "manifest.json";
    /** Markdown summary file name. */
    public static final String SUMMARY = "summary.md";
    /** HTML report file name. */
    public static final String INDEX = "index.html";

    private ReportWriter() {
    }

    /**
     * Writes the rows and manifest of one shard.
     *
     * @param dir folder (created)
     * @param suite the suite
     * @param rows the shard's rows
     * @param manifest its manifest
     * @param progress the writing and analysis phases
     * @return what was written
     */
    static ReportResult writeShard(Path dir, Suite suite, List<ResultRow> rows, RunManifest manifest,
            Progress progress) {
        progress.phase("writing");
        createDirectories(dir);
        writeRows(dir, rows);
        manifest.write(dir.resolve(MANIFEST));
        progress.step(1);
        progress.phase("analysis");
        ReportAnalysis analysis = ReportAnalysis.of(suite, rows);
        progress.step(1);
        progress.end();
        return new ReportResult(rows, analysis, manifest, dir, List.of(RESULTS, TIMING, MANIFEST));
    }

    /**
     * Writes a complete report.
     *
     * @param dir folder (created)
     * @param suite the suite
     * @param rows every row, sorted by {@code seq}
     * @param manifest the manifest
     * @param registry solvers, for the claimed orders
     * @param plots whether to render the plots
     * @param progress the analysis, plots and writing phases
     * @param outDir the folder the report will be moved to: its sub-folders holding a report (e.g.
     *     {@code networks/}) are linked from the summary
     * @return what was written
     */
    static ReportResult writeReport(Path dir, Suite suite, List<ResultRow> rows, RunManifest manifest,
            SolverRegistry registry, boolean plots, Progress progress, Path outDir) {
        progress.phase("analysis");
        ReportAnalysis analysis = ReportAnalysis.of(suite, rows);
        Map<String, Integer> claimed = claimedOrders(rows, registry);
        progress.step(1);
        createDirectories(dir);
        List<ReportPlots.Plot> rendered = plots
                ? ReportPlots.render(analysis, claimed, families(rows, registry), dir.resolve("plots"), progress)
                : List.of();
        List<NetworkPictures.Picture> pictures = plots
                ? NetworkPictures.render(analysis, manifest, registry, dir.resolve("plots")) : List.of();
        List<SubReport> subReports = SubReport.find(outDir);
        progress.phase("writing");
        List<String> files = new ArrayList<>(List.of(RESULTS, TIMING, MANIFEST, SUMMARY, INDEX));
        pictures.forEach(p -> files.add("plots/" + p.file()));
        writeRows(dir, rows);
        manifest.write(dir.resolve(MANIFEST));
        for (ReportPlots.Plot p : rendered) {
            files.add("plots/" + p.name() + ".png");
            files.add("plots/" + p.name() + ".svg");
        }
        write(dir.resolve(SUMMARY), summary(analysis, manifest, claimed, pictures, subReports));
        write(dir.resolve(INDEX), html(analysis, manifest, claimed, rendered, pictures, subReports));
        progress.step(1);
        progress.end();
        return new ReportResult(rows, analysis, manifest, dir, files);
    }

    private static void writeRows(Path dir, List<ResultRow> rows) {
        ResultsCsv.write(dir.resolve(RESULTS), rows);
        ResultsCsv.writeTiming(dir.resolve(TIMING), rows);
    }

    /**
     * Reads the rows a report or shard folder holds.
     *
     * @param dir the folder
     * @return its rows, with timing when {@value #TIMING} is present
     */
    static List<ResultRow> readRows(Path dir) {
        Path timing = dir.resolve(TIMING);
        return ResultsCsv.read(dir.resolve(RESULTS), Files.isRegularFile(timing) ? timing : null);
    }

    private static Map<String, Integer> claimedOrders(List<ResultRow> rows, SolverRegistry registry) {
        Map<String, Integer> out = new TreeMap<>();
        for (ResultRow r : rows) {
            if (!out.containsKey(r.solver())) {
                try {
                    SolverVariant v = SolverVariant.parse(r.solver());
                    out.put(r.solver(), registry.create(v.name(), SolverOptions.of(v.options())).order());
                } catch (RuntimeException e) {
                    out.put(r.solver(), null);
                }
            }
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    private static Map<String, String> families(List<ResultRow> rows, SolverRegistry registry) {
        Map<String, String> out = new TreeMap<>();
        for (ResultRow r : rows) {
            String name = SolverVariant.parse(r.solver()).name();
            if (registry.contains(name)) {
                out.putIfAbsent(r.solver(), registry.entry(name).family().text());
            }
        }
        return out;
    }

    // ---- tables shared by summary.md and index.html ----

    private static Table problemsTable(Suite suite) {
        Table t = new Table(List.of("problem", "description", "d", "schedule", "model", "t"));
        for (ProblemSpec p : suite.problems()) {
            t.add(List.of(p.id(), p.title(), Integer.toString(p.model().dim()), p.schedule().create().describe(),
                    p.prediction().name().toLowerCase(Locale.ROOT), num(p.tStart()) + " -> " + num(p.tEnd())));
        }
        return t;
    }

    private static Table bestTable(ReportAnalysis a) {
        List<String> header = new ArrayList<>(List.of("NFE"));
        for (ProblemSpec p : a.suite().problems()) {
            header.add(p.id());
        }
        Table t = new Table(header);
        for (int n : new java.util.TreeSet<>(a.suite().nfe())) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(n)));
            for (ProblemSpec p : a.suite().problems()) {
                ResultRow b = a.best(p.id()).get(n);
                row.add(b == null ? "—" : b.series() + " (" + b.nfe() + "): " + sci(b.rmse())
                        + (Double.isFinite(b.fd()) ? ", FD " + sci(b.fd()) : ""));
            }
            t.add(row);
        }
        return t;
    }

    private static Table rankingTable(ReportAnalysis a) {
        Table t = new Table(List.of("NFE", "1st", "2nd", "3rd", "DDIM (first order) for scale"));
        for (int n : new java.util.TreeSet<>(a.suite().nfe())) {
            List<ReportAnalysis.Ranked> r = a.ranking(n);
            // series with bit-identical results (registry aliases) share one place
            List<String> places = new ArrayList<>();
            for (int k = 0; k < r.size() && places.size() <= 3; k++) {
                String name = r.get(k).series();
                if (k > 0 && r.get(k).geometricMeanRmse() == r.get(k - 1).geometricMeanRmse()) {
                    String last = places.remove(places.size() - 1);
                    places.add(last.replace(": ", " = " + name + ": "));
                } else {
                    places.add(name + ": " + sci(r.get(k).geometricMeanRmse()));
                }
            }
            List<String> row = new ArrayList<>(List.of(Integer.toString(n)));
            for (int k = 0; k < 3; k++) {
                row.add(k < places.size() ? places.get(k) : "—");
            }
            String ddim = r.stream().filter(x -> x.series().startsWith("ddim@"))
                    .map(x -> x.series() + ": " + sci(x.geometricMeanRmse())).findFirst().orElse("—");
            row.add(ddim);
            t.add(row);
        }
        return t;
    }

    /** How stochastic solvers enter the error tables, plots and order fits. */
    static final String WEAK_NOTE = "Stochastic solvers have no pathwise error: their error is the Frechet distance of "
            + "their output law to the exact marginal at tEnd, their order a weak order. On Gaussian problems it is "
            + "exact (ExactOutputLaw; W), fitted on distances above " + ReportAnalysis.WEAK_FLOOR + " (matrix "
            + "square-root round-off). Where a stochastic solver has no exact law (mixtures; adaptive solvers) it is "
            + "estimated from seeded samples (S): " + ConfigRunner.SAMPLES + " at target NFE " + ConfigRunner.SAMPLED_NFE
            + ", " + ConfigRunner.ADAPTIVE_SAMPLES + " (each run alone) at tolerance " + ConfigRunner.SAMPLED_MIN_TOLERANCE
            + "; other such configurations are not measured, to bound the report's time. The estimate is the Frechet "
            + "distance between the Gaussian with the samples' mean and covariance and the one with the exact marginal's, its square extrapolated to infinitely many "
            + "samples from the whole sample and its halves (exact for Gaussian outputs, so comparable with W; on a "
            + "mixture it compares the first two moments only). Its floor is the largest estimate over "
            + SampledFrechet.FLOOR_DRAWS + " sets of as many exact samples of the marginal (column fd_floor of "
            + "results.csv). On Gaussian problems the adaptive solvers' estimate uses the adaptive-SDE study's control "
            + "variate (Euler-Maruyama with " + ControlVariate.REFERENCE_STEPS + " log-SNR steps on the same starts and "
            + "Brownian paths, its exact law added back); its floor is its largest error against the exact law of "
            + "Euler-Maruyama at " + ControlVariate.CHECK_STEPS + " log-SNR steps. An estimate at most "
            + SampledFrechet.RESOLUTION + " x its floor is unresolved (U), left out of the order fits and plots.";

    /** The text of a row's error in the error tables: its weak error ({@link #frechetCell}) or its RMSE. */
    private static String errorCell(ResultRow r) {
        return r.weak() ? frechetCell(r) : sci(r.rmse());
    }

    /**
     * The text of a row's Fréchet distance to the exact marginal: marked S when sampled, {@code ~value U} when
     * unresolved, W when it is a stochastic solver's exact weak error.
     */
    private static String frechetCell(ResultRow r) {
        if (r.unresolved()) {
            return "~" + sci(r.fdExact()) + " U";
        }
        return sci(r.fdExact()) + (r.sampled() ? " S" : r.weak() ? " W" : "");
    }

    /** What the adaptive solvers' table shows. */
    static final String ADAPTIVE_NOTE = "`FD to marginal`: Frechet distance of the output law to the exact marginal at "
            + "tEnd, exact on Gaussian problems, or a sampled estimate (S; U: unresolved) for an adaptive stochastic "
            + "solver, whose NFE and steps are then means per sample over its sampled runs.";

    private static Table ordersTable(ReportAnalysis a, Map<String, Integer> claimed) {
        List<String> header = new ArrayList<>(List.of("solver@grid", "claimed"));
        for (ProblemSpec p : a.suite().problems()) {
            header.add(p.id());
        }
        Table t = new Table(header);
        a.orders().forEach((series, byProblem) -> {
            Integer c = claimed.get(series.substring(0, series.lastIndexOf('@')));
            List<String> row = new ArrayList<>(List.of(series, c == null ? "?" : c.toString()));
            for (ProblemSpec p : a.suite().problems()) {
                OrderFit f = byProblem.get(p.id());
                row.add(f == null ? "—" : f.fitted()
                        ? String.format(Locale.ROOT, "%.2f (%d pts, %d–%d)", f.order(), f.points(), f.nfeMin(),
                                f.nfeMax())
                        : "n/a (" + f.points() + " pts)");
            }
            t.add(row);
        });
        return t;
    }

    private static Table errorTable(ReportAnalysis a, String problem) {
        return seriesByNfe(a, problem, r -> errorCell(r) + (r.nfe() != r.targetNfe() ? " (" + r.nfe() + ")" : ""));
    }

    /**
     * A table of the fixed-step series of a problem by target NFE.
     *
     * @param a the analysis
     * @param problem problem id
     * @param cell the text of a measured row's cell
     * @return one row per series, "—" where a target NFE has no row
     */
    static Table seriesByNfe(ReportAnalysis a, String problem, java.util.function.Function<ResultRow, String> cell) {
        List<Integer> nfe = new ArrayList<>(new java.util.TreeSet<>(a.suite().nfe()));
        List<String> header = new ArrayList<>(List.of("solver@grid"));
        for (int n : nfe) {
            header.add(Integer.toString(n));
        }
        Table t = new Table(header);
        a.series(problem).forEach((series, rows) -> {
            if (rows.get(0).adaptive()) {
                return;
            }
            Map<Integer, ResultRow> byTarget = new TreeMap<>();
            rows.forEach(r -> byTarget.putIfAbsent(r.targetNfe(), r));
            List<String> row = new ArrayList<>(List.of(series));
            for (int n : nfe) {
                ResultRow r = byTarget.get(n);
                row.add(r == null ? "—" : cell.apply(r));
            }
            t.add(row);
        });
        return t;
    }

    private static Table adaptiveTable(ReportAnalysis a) {
        Table t = new Table(List.of("problem", "solver", "tolerance", "NFE", "steps", "RMSE", "max error",
                "FD to marginal"));
        for (ResultRow r : a.rows()) {
            if (r.adaptive() && r.status() == ResultRow.Status.OK) {
                t.add(List.of(r.problem(), r.solver(), sci(r.tolerance()), Integer.toString(r.nfe()),
                        Integer.toString(r.steps()), sci(r.rmse()), sci(r.maxError()),
                        frechetCell(r)));
            }
        }
        return t;
    }

    /**
     * Median wall time per step of each solver on each problem (the whole batch of initial states),
     * over its measured configurations; empty when no row carries a time.
     */
    private static Table timingTable(ReportAnalysis a) {
        List<String> header = new ArrayList<>(List.of("solver"));
        a.suite().problems().forEach(p -> header.add(p.id()));
        Table t = new Table(header);
        Map<String, Map<String, List<Double>>> times = new TreeMap<>();
        for (ResultRow r : a.rows()) {
            if (r.status() == ResultRow.Status.OK && Double.isFinite(r.secondsPerStep())) {
                times.computeIfAbsent(r.solver(), k -> new TreeMap<>())
                        .computeIfAbsent(r.problem(), k -> new ArrayList<>()).add(r.secondsPerStep());
            }
        }
        times.forEach((solver, byProblem) -> {
            List<String> row = new ArrayList<>(List.of(solver));
            for (ProblemSpec p : a.suite().problems()) {
                List<Double> v = byProblem.get(p.id());
                double micros = v == null ? Double.NaN : 1e6 * median(v);
                row.add(v == null ? "—" : String.format(Locale.ROOT, micros >= 100 ? "%.0f" : "%.3g", micros));
            }
            t.add(row);
        });
        return t;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        java.util.Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : 0.5 * (v.get(n / 2 - 1) + v.get(n / 2));
    }

    private static String timingNote(Suite s) {
        return "Median wall time per step in microseconds, for the whole batch of " + s.batchSize()
                + " initial states, over each solver's configurations on the problem (from timing.csv; it "
                + "varies from run to run and with the machine load, unlike every other number here).";
    }

    private static Table unmeasuredTable(ReportAnalysis a) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ResultRow r : a.unmeasured()) {
            counts.merge(r.solver() + "\u0000" + r.status().text() + "\u0000" + r.note(), 1, Integer::sum);
        }
        Table t = new Table(List.of("solver", "status", "configurations", "reason"));
        counts.forEach((k, n) -> {
            String[] p = k.split("\u0000", -1);
            t.add(List.of(p[0], p[1], Integer.toString(n), p[2]));
        });
        return t;
    }

    private static List<String[]> manifestLines(RunManifest m, List<ResultRow> rows) {
        long ok = rows.stream().filter(r -> r.status() == ResultRow.Status.OK).count();
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"suite", m.suite().name()});
        l.add(new String[] {"SamplerKit", m.version() + ", commit " + m.gitCommit()});
        l.add(new String[] {"seed", Long.toString(m.seed())});
        l.add(new String[] {"configurations", m.configs() + " of " + m.totalConfigs() + " (" + ok + " measured)"
                + (m.shards().size() > 1 ? ", shards " + m.shards() : "")});
        l.add(new String[] {"machine", m.cores() + " cores, " + m.os() + ", " + m.java()});
        l.add(new String[] {"run", m.startedAt() + ", " + String.format(Locale.ROOT, "%.1f s", m.seconds())
                + " on " + m.threads() + " threads"});
        l.add(new String[] {"initial states", m.suite().batches() + " batches x " + m.suite().batchSize()
                + (m.suite().problems().stream().anyMatch(p -> p.reference() != null)
                        ? " (analytic data: from the exact marginal at t_start; networks: sigma(t_start) z)"
                        : " from the exact marginal at t_start")});
        return l;
    }

    // ---- summary.md ----

    private static String summary(ReportAnalysis a, RunManifest m, Map<String, Integer> claimed,
            List<NetworkPictures.Picture> pictures, List<SubReport> subReports) {
        Suite s = a.suite();
        StringBuilder sb = new StringBuilder("# SamplerKit report: suite `").append(s.name()).append("`\n\n");
        sb.append(s.description()).append("\n\n");
        for (String[] l : manifestLines(m, a.rows())) {
            sb.append("- **").append(l[0]).append("**: ").append(l[1]).append('\n');
        }
        sb.append("\nFiles: `results.csv` (every configuration), `timing.csv` (wall time per step), `manifest.json`, `index.html` (with plots), "
                + "`plots/`.\n\n");
        for (SubReport r : subReports) {
            sb.append("## ").append(r.title()).append("\n\n").append(r.description()).append(" See [")
                    .append(r.folder()).append("/summary.md](").append(r.folder()).append("/summary.md) ([HTML](")
                    .append(r.folder()).append("/index.html)).\n\n");
        }
        sb.append("## Problems\n\n").append(problemsTable(s).markdown());
        Table truth = NetworkSections.groundTruth(a, m);
        if (!truth.isEmpty()) {
            sb.append("\n## Ground truth of the networks\n\n").append(NetworkSections.GROUND_TRUTH_NOTE)
                    .append(" Initial states: x_T = sigma(t_start) z, z ~ N(0, I), one seeded batch per problem.\n\n")
                    .append(truth.markdown());
        }
        sb.append("\n## Best solver per NFE\n\nLowest RMSE to the exact probability-flow solution among the "
                + "configurations within the NFE budget (`solver@grid (NFE used): RMSE, exact Frechet distance "
                + "of the output law to the data law`).\n\n").append(bestTable(a).markdown());
        sb.append("\n## Overall ranking\n\nFixed-step `solver@grid` series measured on every problem, ranked at each "
                + "target NFE by the geometric mean of their RMSE over the problems.\n\n")
                .append(rankingTable(a).markdown());
        sb.append("\n## Convergence orders\n\nMinus the least-squares slope of log RMSE vs log NFE over NFE >= ")
                .append(s.orderMinNfe()).append(", leaving out errors at or below ").append(sci(s.errorFloor()))
                .append(" (round-off floor) or below the reference's accuracy (mixtures); `claimed` is `Solver.order()`. Default options: warm-up steps, "
                        + "lower-order final steps and grids can hold a solver below its claimed order "
                        + "(docs/math.md section 12, \"Measuring convergence orders\"). " + WEAK_NOTE + "\n\n")
                .append(ordersTable(a, claimed).markdown());
        for (ProblemSpec p : s.problems()) {
            sb.append("\n## RMSE by target NFE: ").append(p.id()).append("\n\n").append(p.title())
                    .append(". A number in parentheses is the NFE actually used when it differs; W marks a weak error "
                            + "(stochastic solver: exact Frechet distance to the exact marginal), S a sampled estimate "
                            + "of it, U a sampled estimate not clearly above its floor (unresolved).\n\n")
                    .append(errorTable(a, p.id()).markdown());
            if (p.quality() != null) {
                sb.append("\n## ").append(qualityTitle(p)).append("\n\n").append(NetworkSections.qualityNote(p, m))
                        .append("\n\n").append(NetworkSections.quality(a, p).markdown());
            }
            for (NetworkPictures.Picture pic : pictures) {
                if (pic.problem().equals(p.id())) {
                    sb.append("\n").append(pic.caption()).append(":\n\n![").append(pic.problem())
                            .append(" samples](plots/").append(pic.file()).append(")\n");
                }
            }
        }
        Table adaptive = adaptiveTable(a);
        if (!adaptive.isEmpty()) {
            sb.append("\n## Adaptive solvers\n\n").append(ADAPTIVE_NOTE).append("\n\n").append(adaptive.markdown());
        }
        Table time = timingTable(a);
        if (!time.isEmpty()) {
            sb.append("\n## Time per step\n\n").append(timingNote(s)).append("\n\n").append(time.markdown());
        }
        Table na = unmeasuredTable(a);
        if (!na.isEmpty()) {
            sb.append("\n## Not applicable or failed\n\n").append(na.markdown());
        }
        return sb.toString();
    }

    // ---- index.html ----

    private static String html(ReportAnalysis a, RunManifest m, Map<String, Integer> claimed,
            List<ReportPlots.Plot> plots, List<NetworkPictures.Picture> pictures, List<SubReport> subReports) {
        Suite s = a.suite();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>SamplerKit report: ")
                .append(Table.escape(s.name())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;"
                        + "color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}\n")
                .append("th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f2f2f2}tr:nth-child(even) td{background:#fafafa}\n")
                .append("figure svg{max-width:100%;height:auto;border:1px solid #eee;margin:.5em 0}\n")
                .append("figure{margin:1em 0}figcaption{font-size:12px;color:#555}\n")
                .append(".scroll{overflow-x:auto}\n</style>\n</head>\n<body>\n");
        sb.append("<h1>SamplerKit report: suite <code>").append(Table.escape(s.name())).append("</code></h1>\n<p>")
                .append(Table.escape(s.description())).append("</p>\n<ul>\n");
        for (String[] l : manifestLines(m, a.rows())) {
            sb.append("<li><b>").append(Table.escape(l[0])).append("</b>: ").append(Table.escape(l[1]))
                    .append("</li>\n");
        }
        sb.append("</ul>\n<p>Data: <a href=\"results.csv\">results.csv</a>, <a href=\"timing.csv\">timing.csv</a>, <a href=\"manifest.json\">"
                + "manifest.json</a>, <a href=\"summary.md\">summary.md</a>.</p>\n");
        for (SubReport r : subReports) {
            sb.append("<h2>").append(Table.escape(r.title())).append("</h2>\n<p>").append(Table.escape(r.description()))
                    .append(" See <a href=\"").append(r.folder()).append("/index.html\">").append(r.folder())
                    .append("/index.html</a>.</p>\n");
        }
        sb.append("<h2>Problems</h2>\n<div class=\"scroll\">").append(problemsTable(s).html()).append("</div>\n");
        Table truth = NetworkSections.groundTruth(a, m);
        if (!truth.isEmpty()) {
            sb.append("<h2>Ground truth of the networks</h2>\n<p>").append(Table.escape(NetworkSections.GROUND_TRUTH_NOTE))
                    .append("</p>\n<div class=\"scroll\">").append(truth.html()).append("</div>\n");
        }
        sb.append("<h2>Best solver per NFE</h2>\n<p>Lowest RMSE to the exact probability-flow solution within the "
                + "NFE budget: <i>solver@grid (NFE used): RMSE, exact Fr&eacute;chet distance of the output law "
                + "to the data law</i>.</p>\n<div class=\"scroll\">").append(bestTable(a).html()).append("</div>\n");
        sb.append("<h2>Overall ranking</h2>\n<p>Fixed-step series measured on every problem, ranked at each target "
                + "NFE by the geometric mean of their RMSE over the problems.</p>\n<div class=\"scroll\">")
                .append(rankingTable(a).html()).append("</div>\n");
        sb.append("<h2>Convergence orders</h2>\n<p>Minus the least-squares slope of log RMSE vs log NFE over "
                + "NFE &ge; ").append(s.orderMinNfe()).append(", errors above ").append(sci(s.errorFloor()))
                .append(". <i>claimed</i> is <code>Solver.order()</code>. " + WEAK_NOTE + "</p>\n<div class=\"scroll\">")
                .append(ordersTable(a, claimed).html()).append("</div>\n");
        if (!plots.isEmpty()) {
            sb.append("<h2>Plots</h2>\n<p>").append(Table.escape(ReportPlots.GUIDE)).append("</p>\n<ul>\n");
            for (ProblemSpec p : s.problems()) {
                sb.append("<li><a href=\"#").append(p.id()).append("\">").append(Table.escape(p.id()))
                        .append("</a></li>\n");
            }
            sb.append("</ul>\n");
        }
        for (ProblemSpec p : s.problems()) {
            sb.append("<h2 id=\"").append(p.id()).append("\">").append(Table.escape(p.id())).append("</h2>\n<p>")
                    .append(Table.escape(p.title())).append("</p>\n");
            for (ReportPlots.Plot plot : plots) {
                if (plot.problem().equals(p.id())) {
                    sb.append("<figure>\n").append(plot.svg()).append("<figcaption>")
                            .append(Table.escape(plot.title())).append(" (<a href=\"plots/").append(plot.name())
                            .append(".svg\">SVG</a>, <a href=\"plots/").append(plot.name())
                            .append(".png\">PNG</a>)</figcaption></figure>\n");
                }
            }
            sb.append("<details><summary>RMSE by target NFE</summary><div class=\"scroll\">")
                    .append(errorTable(a, p.id()).html()).append("</div></details>\n");
            if (p.quality() != null) {
                sb.append("<h3>").append(Table.escape(qualityTitle(p))).append("</h3>\n<p>")
                        .append(Table.escape(NetworkSections.qualityNote(p, m))).append("</p>\n<div class=\"scroll\">")
                        .append(NetworkSections.quality(a, p).html()).append("</div>\n");
            }
            for (NetworkPictures.Picture pic : pictures) {
                if (pic.problem().equals(p.id())) {
                    sb.append("<figure><img src=\"plots/").append(pic.file()).append("\" alt=\"")
                            .append(Table.escape(pic.problem())).append(" samples\"><figcaption>")
                            .append(Table.escape(pic.caption())).append("</figcaption></figure>\n");
                }
            }
        }
        Table adaptive = adaptiveTable(a);
        if (!adaptive.isEmpty()) {
            sb.append("<h2>Adaptive solvers</h2>\n<p>").append(Table.escape(ADAPTIVE_NOTE))
                    .append("</p>\n<div class=\"scroll\">").append(adaptive.html())
                    .append("</div>\n");
        }
        Table time = timingTable(a);
        if (!time.isEmpty()) {
            sb.append("<h2>Time per step</h2>\n<p>").append(Table.escape(timingNote(s)))
                    .append("</p>\n<div class=\"scroll\">").append(time.html()).append("</div>\n");
        }
        Table na = unmeasuredTable(a);
        if (!na.isEmpty()) {
            sb.append("<h2>Not applicable or failed</h2>\n<div class=\"scroll\">").append(na.html())
                    .append("</div>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    // ---- helpers ----

    private static String qualityTitle(ProblemSpec p) {
        return "Sample quality by target NFE: " + p.id() + " (" + p.quality().measureName() + ", "
                + p.quality().coverageName() + ")";
    }

    static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "—";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
