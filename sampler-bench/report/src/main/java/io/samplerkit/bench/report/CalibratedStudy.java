package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.CalibratedGridFile;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
import io.samplerkit.solvers.calibration.CalibrationTarget;
import io.samplerkit.solvers.calibration.ExactGlobalError;
import io.samplerkit.solvers.calibration.GaussianFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The report's held-out evaluation of calibrated grids and solver coefficients (section "calibrated"): for every
 * problem of a suite and every NFE of {@link #NFE}, each solver of {@link #SOLVERS} gets the grids of the
 * grid-only {@link Variant}s (global error on the Gaussian fit of the problem's data ({@link CalibrateRun#target}),
 * and on that fit widened by a family of scales ({@link GaussianFit#withScaleFamily}, from the squared
 * noise-to-signal ratio at the last time) the global error, its regularised form and the one-step dynamic
 * programme), and each solver of {@link #COEFFICIENT_SOLVERS} gets its coefficients calibrated with the grid
 * ({@link Variant#coefficients()}, {@link io.samplerkit.solvers.calibration.Calibrator#calibrateCoefficients}).
 * Each is then measured on the problem itself with the report's initial states and reference, exactly as
 * {@link ConfigRunner} measures RMSE. The best calibrated configuration is compared with the best configuration of
 * the report's own rows at the same target NFE (any solver, any default grid). Targets: ratio at most 1/2 on
 * Gaussian data, at most 0.7 on mixtures. Nothing is fitted on the problem: a mixture is held out.
 *
 * <p>Deterministic except for the seconds column.
 */
public final class CalibratedStudy {

    /** NFE budgets compared. */
    public static final List<Integer> NFE = List.of(5, 6, 8, 10);
    /** Solvers whose grids are calibrated (multistep, one model call per step). */
    public static final List<String> SOLVERS = List.of("dpmpp-2m", "ipndm", "unipc-bh1", "unipc-bh2", "dpmpp-3m-corrected");
    /** Solvers whose coefficients are calibrated too (multistep DPM-Solver++ with the reference start). */
    public static final List<String> COEFFICIENT_SOLVERS = List.of("dpmpp-2m", "dpmpp-3m");
    /** Ridge of the coefficients fitted for the Gaussian fit itself. */
    static final double FIT_RIDGE = io.samplerkit.solvers.calibration.CoefficientCalibrator.DEFAULT_RIDGE;
    /** Ridge of the coefficients meant to carry over to other data: a correction of norm 1 must halve the error. */
    static final double HELD_OUT_RIDGE = 0.5;
    /** Extra directions of the scale family. */
    static final int SCALE_FAMILY = 32;

    /** How a study grid is calibrated. */
    public enum Variant {
        /** Global-error optimum on the Gaussian fit. */
        FIT_GLOBAL_ERROR("fit/global-error", false, CalibrationMethod.GLOBAL_ERROR),
        /** Global-error optimum on the fit widened by a family of scales (the grid must serve every scale). */
        SCALES_GLOBAL_ERROR("fit+scales/global-error", true, CalibrationMethod.GLOBAL_ERROR),
        /** Global-error optimum on the widened fit, regularised towards the uniform log-SNR grid. */
        SCALES_REGULARISED("fit+scales/global-error-regularised", true, CalibrationMethod.REGULARISED_GLOBAL_ERROR),
        /** One-step dynamic programme on the fit widened by a family of scales. */
        SCALES_GITS_DP("fit+scales/gits-dp", true, CalibrationMethod.GITS_DP),
        /** Grid and solver coefficients calibrated together on the Gaussian fit (small ridge). */
        FIT_COEFFICIENTS("fit/global-error+coefficients", false, CalibrationMethod.GLOBAL_ERROR, FIT_RIDGE),
        /** Regularised grid and strongly regularised coefficients on the widened fit. */
        SCALES_REGULARISED_COEFFICIENTS("fit+scales/global-error-regularised+coefficients", true,
                CalibrationMethod.REGULARISED_GLOBAL_ERROR, HELD_OUT_RIDGE),
        /** The one-step dynamic programme's grid with strongly regularised coefficients, on the widened fit. */
        SCALES_GITS_DP_COEFFICIENTS("fit+scales/gits-dp+coefficients", true, CalibrationMethod.GITS_DP, HELD_OUT_RIDGE);

        private final String label;
        private final boolean widened;
        private final CalibrationMethod method;
        private final double ridge;

        Variant(String label, boolean widened, CalibrationMethod method) {
            this(label, widened, method, Double.NaN);
        }

        Variant(String label, boolean widened, CalibrationMethod method, double ridge) {
            this.label = label;
            this.widened = widened;
            this.method = method;
            this.ridge = ridge;
        }

        /** @return whether the solver's coefficients are calibrated too */
        public boolean coefficients() {
            return !Double.isNaN(ridge);
        }

        boolean applies(String solver) {
            return coefficients() ? COEFFICIENT_SOLVERS.contains(solver) : SOLVERS.contains(solver);
        }

        CalibratedGrid calibrate(SolverRegistry registry, String solver, int nfe, CalibrationTarget target,
                int evaluations) {
            return coefficients()
                    ? CalibrateRun.calibrateWithCoefficients(registry, solver, nfe, target, method, evaluations, ridge,
                            line -> { })
                    : CalibrateRun.calibrate(registry, solver, nfe, target, method, evaluations, line -> { });
        }

        /** @return the label used in the tables */
        public String label() {
            return label;
        }
    }

    /** Ratio targets of issue 13. */
    static final double GAUSSIAN_TARGET = 0.5;
    /** Ratio target on mixtures. */
    static final double MIXTURE_TARGET = 0.7;

    private CalibratedStudy() {
    }

    /**
     * One calibrated measurement.
     *
     * @param problem problem id
     * @param gaussian whether the problem's data are Gaussian (the fit is then the data)
     * @param targetNfe the budget
     * @param solver solver name
     * @param variant how the grid was calibrated
     * @param grid the calibrated grid
     * @param rmse RMSE measured on the problem
     * @param fitRmse exact RMSE on the widened Gaussian fit (the selection criterion that does not look at the
     *     problem)
     * @param seconds calibration wall time
     */
    public record Row(String problem, boolean gaussian, int targetNfe, String solver, Variant variant, CalibratedGrid grid,
            double rmse, double fitRmse, double seconds) {
    }

    /**
     * Runs the study.
     *
     * @param suite the suite (problems, batches)
     * @param registry solvers
     * @param seed the report's master seed (same initial states as the report)
     * @param threads worker threads
     * @param evaluations objective evaluations per start of the search
     * @param progress receives one line per calibration
     * @return the rows, in (problem, NFE, solver) order
     * @throws InvalidInputException naming the suite's first problem without analytic data (a trained network: the
     *     networks are calibrated from the report's networks folder, {@link CalibratedNetworks})
     */
    public static List<Row> run(Suite suite, SolverRegistry registry, long seed, int threads, int evaluations,
            Consumer<String> progress) {
        List<ProblemSpec> problems = suite.problems();
        for (int i = 0; i < problems.size(); i++) {
            if (problems.get(i).model().analytic().isEmpty()) {
                throw new InvalidInputException("suite.problems[" + i + "]", problems.get(i).id(), "a problem with "
                        + "analytic data: the calibrated study compares with exact solutions (the trained networks "
                        + "are calibrated from the networks folder of the standard suite's report)");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Row>> futures = new ArrayList<>();
            for (ProblemSpec spec : suite.problems()) {
                ProblemInstance instance = ReportRunner.instance(suite, spec, seed);
                CalibrationTarget fit = CalibrateRun.target(spec);
                CalibrationTarget widened = widened(fit);
                boolean gaussian = spec.data().gaussian().isPresent();
                for (int nfe : NFE) {
                    for (String name : studySolvers()) {
                        for (Variant variant : Variant.values()) {
                            if (!variant.applies(name)) {
                                continue;
                            }
                            futures.add(pool.submit(() -> {
                                Calibration c = calibrate(registry, name, nfe, variant, fit, widened, evaluations);
                                CalibratedGrid grid = c.grid();
                                Solver solver = c.solver();
                                double rmse = measure(solver, grid, instance);
                                double fitRmse = Math.sqrt(new ExactGlobalError(widened).meanSquaredError(solver,
                                        grid.times()));
                                progress.accept(String.format(Locale.ROOT, "%s NFE %d %s %s: RMSE %.3e (%.1f s)",
                                        spec.id(), nfe, name, variant.label(), rmse, c.seconds()));
                                return new Row(spec.id(), gaussian, nfe, name, variant, grid, rmse, fitRmse, c.seconds());
                            }));
                        }
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("calibration study interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> studySolvers() {
        List<String> names = new ArrayList<>(SOLVERS);
        COEFFICIENT_SOLVERS.stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /**
     * RMSE of a solver on a grid over the problem's initial states, against its reference.
     */
    static double measure(Solver solver, CalibratedGrid grid, ProblemInstance instance) {
        return ConfigRunner.errors(sample(solver, grid, instance).data(), 0, instance.reference().data())[0];
    }

    /**
     * Runs a solver on a grid from the problem's initial states.
     *
     * @param solver the solver
     * @param grid the grid
     * @param instance the problem
     * @return the samples at the grid's last time
     */
    static Batch sample(Solver solver, CalibratedGrid grid, ProblemInstance instance) {
        Timesteps ts = Timesteps.of(instance.schedule(), grid.times());
        return SamplingDriver.run(solver, SamplingProblem.of(instance.schedule(), instance.model(), ts),
                instance.initialStates()).x();
    }

    /**
     * A calibrated grid, the solver that runs it and the calibration's wall time.
     *
     * @param grid the grid
     * @param solver the solver
     * @param seconds calibration wall time
     */
    record Calibration(CalibratedGrid grid, Solver solver, double seconds) {
    }

    /**
     * Calibrates one (solver, NFE, variant).
     *
     * @param registry solvers
     * @param name solver name
     * @param nfe the budget
     * @param variant how to calibrate
     * @param fit the Gaussian fit's target
     * @param widened the fit widened by the scale family ({@link #widened})
     * @param evaluations objective evaluations per start of the search
     * @return the grid, its solver and the time it took
     */
    static Calibration calibrate(SolverRegistry registry, String name, int nfe, Variant variant, CalibrationTarget fit,
            CalibrationTarget widened, int evaluations) {
        long t0 = System.nanoTime();
        CalibratedGrid grid = variant.calibrate(registry, name, nfe, variant.widened ? widened : fit, evaluations);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new Calibration(grid, CalibrateRun.solverOf(registry, grid), seconds);
    }

    /**
     * The fit widened by {@link #SCALE_FAMILY} scales down to the squared noise-to-signal ratio at its last time.
     *
     * @param fit a calibration target
     * @return the same target on the widened Gaussian
     */
    static CalibrationTarget widened(CalibrationTarget fit) {
        double rhoEnd = fit.schedule().rho(fit.tEnd());
        return new CalibrationTarget(fit.schedule(), fit.prediction(),
                GaussianFit.withScaleFamily(fit.data(), rhoEnd * rhoEnd, SCALE_FAMILY), fit.tStart(), fit.tEnd());
    }

    /**
     * The markdown section: the table of issue 13's targets (best calibrated configuration measured on the problem,
     * and the configuration chosen on the widened Gaussian fit alone), the hit counts, every calibrated configuration
     * and the calibration cost.
     *
     * @param rows the study's rows
     * @param reportRows the report's rows
     * @return the section text
     */
    public static String markdown(List<Row> rows, List<ResultRow> reportRows) {
        return markdown(rows, reportRows, true);
    }

    /**
     * The markdown section, with or without the table of every calibrated configuration (the summary links to
     * {@code calibrated.md} for it).
     *
     * @param rows the study's rows
     * @param reportRows the report's rows
     * @param detailed whether to list every calibrated configuration
     * @return the section text
     */
    public static String markdown(List<Row> rows, List<ResultRow> reportRows, boolean detailed) {
        return markdown(rows, reportRows, Optional.empty(), List.of(), detailed);
    }

    /**
     * The markdown section with the trained networks' subsection ({@link CalibratedNetworks}) before the cost table.
     *
     * @param rows the study's rows
     * @param reportRows the report's rows
     * @param networks the networks' measurements, or empty when they were not evaluated (the section says so)
     * @param networkRows the networks report's rows
     * @param detailed whether to list every calibrated configuration
     * @return the section text
     */
    public static String markdown(List<Row> rows, List<ResultRow> reportRows, Optional<CalibratedNetworks.Result> networks,
            List<ResultRow> networkRows, boolean detailed) {
        StringBuilder md = new StringBuilder();
        md.append("## calibrated\n\n");
        md.append("Grids calibrated on the Gaussian with the data's mean and covariance, measured on each problem ")
                .append("with the report's initial states and reference (docs/solvers/calibration.md). Four ")
                .append("calibrations per (solver, NFE): `fit/global-error` (global-error optimum on the fit), ")
                .append("`fit+scales/global-error`, `fit+scales/global-error-regularised` (the same pulled towards the ")
                .append("uniform log-SNR grid) and `fit+scales/gits-dp` (one-step dynamic ")
                .append("programme), the last three on the fit widened by ").append(SCALE_FAMILY)
                .append(" scales down to the last noise level). Three more calibrate the solver's coefficients with the ")
                .append("grid for ").append(String.join(", ", COEFFICIENT_SOLVERS)).append(" (per-step corrections of the ")
                .append("output weights, S4S-style): `fit/global-error+coefficients` (grid and coefficients together, ")
                .append("ridge ").append(FIT_RIDGE).append("), `fit+scales/global-error-regularised+coefficients` and ")
                .append("`fit+scales/gits-dp+coefficients` (ridge ").append(HELD_OUT_RIDGE).append(", on the widened ")
                .append("fit). `best calibrated` is the best of ").append(String.join(", ", studySolvers()))
                .append(" on any of them, measured on the problem; `chosen on the fit` ")
                .append("is the one with the smallest exact RMSE on the widened fit, a choice that does not look at the ")
                .append("problem; `best default` is the best configuration of this report at the same target NFE (any ")
                .append("solver, any standard grid). Target ratio: <= ")
                .append(GAUSSIAN_TARGET).append(" on Gaussian problems, <= ").append(MIXTURE_TARGET)
                .append(" on mixtures (held out: calibrated on their Gaussian fit).\n\n");
        md.append("| problem | NFE | best calibrated | RMSE | chosen on the fit | RMSE | best default | RMSE | ratio best "
                + "| ratio chosen | target |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        int[] hits = new int[4];
        int[] cells = new int[4];
        List<String> problems = rows.stream().map(Row::problem).distinct().toList();
        for (String problem : problems) {
            for (int nfe : NFE) {
                List<Row> cell = rows.stream().filter(r -> r.problem().equals(problem) && r.targetNfe() == nfe)
                        .filter(r -> Double.isFinite(r.rmse())).toList();
                Optional<Row> best = cell.stream().min(Comparator.comparingDouble(Row::rmse));
                Optional<Row> chosen = cell.stream().filter(r -> Double.isFinite(r.fitRmse()))
                        .min(Comparator.comparingDouble(Row::fitRmse));
                Optional<ResultRow> def = bestDefault(reportRows, problem, nfe);
                if (best.isEmpty() || chosen.isEmpty()) {
                    continue;
                }
                Row b = best.get();
                Row c = chosen.get();
                double limit = b.gaussian() ? GAUSSIAN_TARGET : MIXTURE_TARGET;
                String defLabel = def.map(r -> r.solver() + "@" + r.grid() + " (" + r.nfe() + ")").orElse("-");
                double defRmse = def.map(ResultRow::rmse).orElse(Double.NaN);
                double ratio = b.rmse() / defRmse;
                double ratioChosen = c.rmse() / defRmse;
                int k = b.gaussian() ? 0 : 2;
                cells[k]++;
                cells[k + 1]++;
                hits[k] += ratio <= limit ? 1 : 0;
                hits[k + 1] += ratioChosen <= limit ? 1 : 0;
                String verdict = !Double.isFinite(ratio) ? "-" : (ratio <= limit ? "met" : "**miss**") + " / "
                        + (ratioChosen <= limit ? "met" : "**miss**");
                md.append(String.format(Locale.ROOT, "| %s | %d | %s@%s | %.2e | %s@%s | %.2e | %s | %.2e | %.3f | %.3f | %s |%n",
                        problem, nfe, b.solver(), b.variant().label(), b.rmse(), c.solver(), c.variant().label(), c.rmse(),
                        defLabel, defRmse, ratio, ratioChosen, verdict));
            }
        }
        md.append(String.format(Locale.ROOT, "%nTargets met (best calibrated / chosen on the fit): Gaussian problems %d / %d "
                + "of %d, mixtures %d / %d of %d.%n", hits[0], hits[1], cells[0], hits[2], hits[3], cells[2]));
        String networkPart = networks.map(n -> CalibratedNetworks.markdown(n, networkRows, detailed))
                .orElse("\nTrained networks: not evaluated (no networks/results.csv in the report folder, or --skip-networks).\n");
        List<CalibratedNetworks.Row> netRows = networks.map(CalibratedNetworks.Result::rows).orElse(List.of());
        if (!detailed) {
            md.append("\nEvery calibrated configuration: [calibrated.md](calibrated.md).\n");
            md.append(networkPart);
            md.append(costTable(rows, netRows));
            return md.toString();
        }
        md.append("\nEvery calibrated configuration (RMSE on the problem; the exact RMSE on the Gaussian fit it was ")
                .append("calibrated on at the calibrated grid and at the uniform log-SNR grid; the exact RMSE on the ")
                .append("widened fit; calibration wall time):\n\n");
        md.append("| problem | NFE | solver | calibration | RMSE | fit RMSE calibrated / log-SNR | widened-fit RMSE | seconds |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2e | %.2e / %.2e | %.2e | %.1f |%n", r.problem(),
                    r.targetNfe(), r.solver(), r.variant().label(), r.rmse(), Math.sqrt(r.grid().meanSquaredError()),
                    Math.sqrt(r.grid().startValue()), r.fitRmse(), r.seconds()));
        }
        md.append(networkPart);
        md.append(costTable(rows, netRows));
        return md.toString();
    }

    /**
     * The calibration cost: wall seconds per calibration, by method, over every (problem, NFE, solver), the
     * networks' Gaussian fits in rows of their own.
     *
     * @param rows the study's rows
     * @param networkRows the networks' rows
     * @return a markdown subsection
     */
    static String costTable(List<Row> rows, List<CalibratedNetworks.Row> networkRows) {
        StringBuilder md = new StringBuilder("\n### Calibration cost\n\nWall time of one calibration (one solver, one NFE) ")
                .append("in seconds, on the machine and load of this run (it varies from run to run, unlike the other ")
                .append("numbers here):\n\n| calibration | count | median | max | total |\n|---|---|---|---|---|\n");
        for (Variant v : Variant.values()) {
            costLine(md, v.label(), rows.stream().filter(r -> r.variant() == v).mapToDouble(Row::seconds));
        }
        for (Variant v : Variant.values()) {
            costLine(md, v.label() + " (networks' fits)", networkRows.stream().filter(r -> r.variant() == v)
                    .mapToDouble(CalibratedNetworks.Row::seconds));
        }
        return md.toString();
    }

    private static void costLine(StringBuilder md, String label, java.util.stream.DoubleStream seconds) {
        double[] t = seconds.sorted().toArray();
        if (t.length == 0) {
            return;
        }
        double total = java.util.Arrays.stream(t).sum();
        md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.0f |%n", label, t.length, t[t.length / 2],
                t[t.length - 1], total));
    }

    /**
     * Puts the section into a report's {@code summary.md}: it replaces an existing {@code ## calibrated} section, or
     * goes before {@code ## Time per step} (or at the end), so the summary carries the table, the hits and misses and
     * the calibration cost next to the time per step.
     *
     * @param summary the summary's text
     * @param section the section ({@link #markdown})
     * @return the new summary text
     */
    public static String intoSummary(String summary, String section) {
        String heading = "## calibrated\n";
        int start = summary.indexOf(heading);
        String body = section.endsWith("\n") ? section : section + "\n";
        if (start >= 0) {
            int next = summary.indexOf("\n## ", start + heading.length());
            String rest = next < 0 ? "" : summary.substring(next + 1);
            return summary.substring(0, start) + body + (rest.isEmpty() ? "" : "\n" + rest);
        }
        int time = summary.indexOf("## Time per step");
        if (time >= 0) {
            return summary.substring(0, time) + body + "\n" + summary.substring(time);
        }
        return summary + (summary.endsWith("\n") ? "\n" : "\n\n") + body;
    }

    static Optional<ResultRow> bestDefault(List<ResultRow> reportRows, String problem, int nfe) {
        return reportRows.stream().filter(r -> r.problem().equals(problem) && r.targetNfe() == nfe && !r.adaptive())
                .filter(r -> r.status() == ResultRow.Status.OK && Double.isFinite(r.rmse()))
                .min(Comparator.comparingDouble(ResultRow::rmse));
    }

    /**
     * Writes {@code calibrated.md} into a report folder.
     *
     * @param dir the report folder
     * @param text the section
     */
    public static void write(Path dir, String text) {
        CalibratedGridFile.writeAtomically(dir.resolve("calibrated.md"), text);
    }

    /**
     * Replaces a report's {@code summary.md} atomically.
     *
     * @param summary the file
     * @param text its new text ({@link #intoSummary})
     */
    public static void writeSummary(Path summary, String text) {
        CalibratedGridFile.writeAtomically(summary, text);
    }
}
