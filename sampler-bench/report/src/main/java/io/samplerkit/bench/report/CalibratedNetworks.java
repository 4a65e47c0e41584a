package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.StrictJson;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationTarget;
import io.samplerkit.solvers.calibration.ExactGlobalError;
import io.samplerkit.solvers.calibration.GaussianFit;
import java.nio.file.Files;
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
 * The trained networks in the report's section "calibrated": grids calibrated on a Gaussian fit, held out on a
 * network. Every problem of the networks suite is built exactly as the networks report builds it
 * ({@link ReportRunner#instance}: the same initial states {@code x_T} and the same converged RK4 solution of the
 * network's probability-flow ODE as ground truth, with its self-consistency check). Its Gaussian fit ({@link #fit})
 * is the mean and covariance of the network's training data where the repository has them, else those of the
 * network's own reference samples. For every (solver, NFE, calibration) of {@link CalibratedStudy} the grid is
 * calibrated on that Gaussian under the network's schedule, parameterization and end points, then run on the
 * network: RMSE to the ground truth and, when the problem has a sample-quality measure (the digits' feature-space
 * Fréchet distance, the ring's energy distance), that measure of the samples. The comparison is with the best
 * configuration of the networks report ({@code networks/results.csv}) at the same target NFE.
 *
 * <p>Deterministic except for the seconds column (one ONNX Runtime thread per network, as in the networks suite).
 */
public final class CalibratedNetworks {

    /** Target ratio on the networks: held out on non-Gaussian data, as for the mixtures. */
    static final double TARGET = CalibratedStudy.MIXTURE_TARGET;
    /** Suffix of the file beside a network's {@code .onnx} that holds its training data's moments. */
    public static final String DATA_SUFFIX = ".data.json";

    private CalibratedNetworks() {
    }

    /**
     * Where a network's Gaussian fit came from.
     *
     * @param problem problem id
     * @param source what the moments are of, for the report
     * @param data the fit
     */
    public record Fit(String problem, String source, GaussianData data) {
    }

    /**
     * One calibrated configuration measured on a network.
     *
     * @param problem problem id
     * @param targetNfe the budget
     * @param solver solver name
     * @param variant how the grid was calibrated
     * @param grid the calibrated grid
     * @param rmse RMSE to the network's PF-ODE ground truth (NaN if the run failed)
     * @param quality the problem's sample-quality measure of the samples (NaN without one or if the run failed)
     * @param fitRmse exact RMSE on the widened Gaussian fit
     * @param seconds calibration wall time
     */
    public record Row(String problem, int targetNfe, String solver, CalibratedStudy.Variant variant, CalibratedGrid grid,
            double rmse, double quality, double fitRmse, double seconds) {
    }

    /**
     * What the study measured on the networks.
     *
     * @param fits one fit per network
     * @param checks the ground truth's self-consistency per network
     * @param qualityNames the name of each network's quality measure (empty string without one), by fit order
     * @param rows the measurements, in (problem, NFE, solver, calibration) order
     */
    public record Result(List<Fit> fits, List<ReferenceCheck> checks, List<String> qualityNames, List<Row> rows) {
    }

    /**
     * Runs the study on every problem of a networks suite.
     *
     * @param suite the networks suite (problems with a {@code reference})
     * @param registry solvers
     * @param seed the report's master seed (same initial states and ground truth as the networks report)
     * @param threads worker threads
     * @param evaluations objective evaluations per start of each search
     * @param progress receives one line per network and per calibration
     * @return the measurements
     */
    public static Result run(Suite suite, SolverRegistry registry, long seed, int threads, int evaluations,
            Consumer<String> progress) {
        return run(suite, registry, seed, threads, evaluations, CalibratedStudy.NFE, CalibratedStudy.SOLVERS, progress);
    }

    /**
     * Runs the study for given budgets and solvers (tests use a few).
     *
     * @param suite the networks suite
     * @param registry solvers
     * @param seed the report's master seed
     * @param threads worker threads
     * @param evaluations objective evaluations per start of each search
     * @param nfes the budgets
     * @param solvers the solver names
     * @param progress receives one line per network and per calibration
     * @return the measurements
     */
    static Result run(Suite suite, SolverRegistry registry, long seed, int threads, int evaluations, List<Integer> nfes,
            List<String> solvers, Consumer<String> progress) {
        List<Fit> fits = new ArrayList<>();
        List<ReferenceCheck> checks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // the ground truths are built side by side; a network's calibrations start as soon as its own is ready
        List<Future<ProblemInstance>> builds = new ArrayList<>();
        try {
            for (ProblemSpec spec : suite.problems()) {
                builds.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    ProblemInstance instance = ReportRunner.instance(suite, spec, seed);
                    progress.accept(String.format(Locale.ROOT, "%s: ground truth built (%.1f s)", spec.id(),
                            (System.nanoTime() - t0) * 1e-9));
                    return instance;
                }));
            }
            for (int k = 0; k < builds.size(); k++) {
                ProblemSpec spec = suite.problems().get(k);
                ProblemInstance instance = await(builds.get(k));
                Fit fit = fit(spec, instance);
                fits.add(fit);
                instance.referenceCheck().ifPresent(checks::add);
                names.add(spec.quality() == null ? "" : spec.quality().measureName());
                rows.addAll(calibrate(spec, instance, fit, registry, evaluations, nfes, solvers, pool, progress));
            }
            return new Result(List.copyOf(fits), List.copyOf(checks), List.copyOf(names), List.copyOf(rows));
        } finally {
            for (Future<ProblemInstance> f : builds) {
                f.cancel(true);
                if (f.isDone() && !f.isCancelled()) {
                    try {
                        f.get().close();
                    } catch (ExecutionException | InterruptedException | RuntimeException e) {
                        // a build that failed has nothing to close; its error is the one thrown above
                    }
                }
            }
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("calibration study interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private static List<Row> calibrate(ProblemSpec spec, ProblemInstance instance, Fit fit, SolverRegistry registry,
            int evaluations, List<Integer> nfes, List<String> solvers, ExecutorService pool, Consumer<String> progress) {
        CalibrationTarget target = new CalibrationTarget(instance.schedule(), spec.prediction(), fit.data(), spec.tStart(),
                spec.tEnd());
        CalibrationTarget widened = CalibratedStudy.widened(target);
        List<Future<Row>> futures = new ArrayList<>();
        for (int nfe : nfes) {
            for (String name : solvers) {
                for (CalibratedStudy.Variant variant : CalibratedStudy.Variant.values()) {
                    if (variant.coefficients()) {
                        continue; // grids only on the networks: calibrated coefficients are not evaluated there yet
                    }
                    futures.add(pool.submit(() -> {
                        CalibratedStudy.Calibration c = CalibratedStudy.calibrate(registry, name, nfe, variant, target,
                                widened, evaluations);
                        Solver solver = c.solver();
                        double rmse = Double.NaN;
                        double quality = Double.NaN;
                        try {
                            Batch out = CalibratedStudy.sample(solver, c.grid(), instance);
                            rmse = ConfigRunner.errors(out.data(), 0, instance.reference().data())[0];
                            quality = instance.quality().map(q -> q.measure(out).value()).orElse(Double.NaN);
                        } catch (RuntimeException e) {
                            progress.accept(spec.id() + " NFE " + nfe + " " + name + " " + variant.label() + ": failed: "
                                    + e.getMessage());
                        }
                        double fitRmse = Math.sqrt(new ExactGlobalError(widened).meanSquaredError(solver, c.grid().times()));
                        progress.accept(String.format(Locale.ROOT, "%s NFE %d %s %s: RMSE %.3e (%.1f s)", spec.id(), nfe,
                                name, variant.label(), rmse, c.seconds()));
                        return new Row(spec.id(), nfe, name, variant, c.grid(), rmse, quality, fitRmse, c.seconds());
                    }));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Future<Row> f : futures) {
            rows.add(await(f));
        }
        return rows;
    }

    /**
     * A network's Gaussian fit, from the first source that exists: a file {@code NAME.data.json} beside the
     * network's {@code NAME.onnx} holding a {@code gaussian} model spec (the moments of its training data); the
     * analytic law its samples are judged against ({@link QualitySpec.Energy}, the law it was trained on); the
     * network's own reference samples (the evaluation's; then the fit is not held out, and the source says so).
     *
     * @param spec the network problem
     * @param instance its instance (the reference samples)
     * @return the fit
     * @throws InvalidInputException naming {@code data} for a data file that is not a Gaussian of the network's
     *     dimension
     */
    static Fit fit(ProblemSpec spec, ProblemInstance instance) {
        Optional<Fit> data = dataFit(spec, instance.dim());
        if (data.isPresent()) {
            return data.get();
        }
        Batch ref = instance.reference();
        double[][] rowsOf = new double[ref.size()][];
        for (int r = 0; r < rowsOf.length; r++) {
            rowsOf[r] = java.util.Arrays.copyOfRange(ref.data(), r * ref.dim(), (r + 1) * ref.dim());
        }
        return new Fit(spec.id(), "moments of the network's own " + spec.reference().label() + " samples (the "
                + "evaluation's own: not held out)", GaussianFit.ofSamples(rowsOf));
    }

    /**
     * A network's Gaussian fit from its training data, without running it: the first two sources of {@link #fit}.
     *
     * @param spec the network problem
     * @param dim the network's sample dimension
     * @return the fit, or empty when the repository has neither source for this network
     * @throws InvalidInputException naming {@code data} for a data file that is not a Gaussian of dimension
     *     {@code dim}
     */
    static Optional<Fit> dataFit(ProblemSpec spec, int dim) {
        Optional<Path> file = dataFile(spec.model());
        if (file.isPresent()) {
            GaussianData data = readData(file.get(), dim);
            return Optional.of(new Fit(spec.id(), "moments of the training data (" + file.get().getFileName() + ")",
                    data));
        }
        if (spec.quality() instanceof QualitySpec.Energy e && e.data().analytic().isPresent()) {
            AnalyticData law = e.data().analytic().get();
            String kind = law.mixture().map(m -> m.components() + "-component Gaussian mixture").orElse("Gaussian");
            return Optional.of(new Fit(spec.id(), "moments of the law it was trained on (the energy measure's " + kind
                    + ")", law.gaussianFit()));
        }
        return Optional.empty();
    }

    /**
     * @param model a network's model spec
     * @return {@code NAME.data.json} beside {@code NAME.onnx}, if it exists
     */
    static Optional<Path> dataFile(ModelSpec model) {
        if (!(model instanceof ModelSpec.Onnx onnx)) {
            return Optional.empty();
        }
        String name = Path.of(onnx.file()).getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
        Path p = Path.of(onnx.file()).resolveSibling(stem + DATA_SUFFIX);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static GaussianData readData(Path file, int dim) {
        ModelSpec model;
        try {
            model = StrictJson.read(file, ModelSpec.class);
        } catch (InvalidInputException e) {
            throw e.under("data");
        }
        if (!(model instanceof ModelSpec.Gaussian) || model.dim() != dim) {
            throw new InvalidInputException("data", file.getFileName().toString(), "a \"gaussian\" model spec of "
                    + "dimension " + dim + " (the network's), with the training data's mean and covariance");
        }
        return model.analytic().orElseThrow().gaussianFit();
    }

    /**
     * The networks' subsection of the section "calibrated".
     *
     * @param result the study's result
     * @param reportRows the networks report's rows
     * @param detailed whether to list every calibrated configuration
     * @return markdown
     */
    static String markdown(Result result, List<ResultRow> reportRows, boolean detailed) {
        StringBuilder md = new StringBuilder("\n### Trained networks (held out)\n\n");
        md.append("The shipped networks of the networks report (networks/summary.md), each calibrated on a Gaussian ")
                .append("fit under its own schedule and measured on the network with that report's initial states: ")
                .append("RMSE to the network's own probability-flow ODE solved by the report's reference solver ")
                .append("from the same x_T, and the report's sample-quality measure of the same samples. The same ")
                .append("solvers and calibrations as above; `best default` is the best configuration of ")
                .append("networks/results.csv at the same target NFE (any solver, log-SNR or Karras grid). ")
                .append("Target ratio: <= ").append(TARGET).append(" (held out, as for the mixtures).\n\n");
        md.append("| network | Gaussian fit | ground truth | self-consistency |\n|---|---|---|---|\n");
        for (int i = 0; i < result.fits().size(); i++) {
            Fit f = result.fits().get(i);
            Optional<ReferenceCheck> check = result.checks().stream().filter(c -> c.problem().equals(f.problem()))
                    .findFirst();
            md.append(String.format(Locale.ROOT, "| %s | %s, d = %d | %s | %s |%n", f.problem(), f.source(),
                    f.data().dim(), check.map(c -> c.reference() + ", " + c.steps() + " steps").orElse("-"),
                    check.map(c -> String.format(Locale.ROOT, "%.2e", c.selfConsistency())).orElse("-")));
        }
        md.append("\n| network | NFE | best calibrated | RMSE | chosen on the fit | RMSE | best default | RMSE | ratio best "
                + "| ratio chosen | target |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        int hits = 0;
        int hitsChosen = 0;
        int cells = 0;
        for (Fit f : result.fits()) {
            for (int nfe : CalibratedStudy.NFE) {
                List<Row> cell = cell(result, f.problem(), nfe);
                Optional<Row> best = cell.stream().filter(r -> Double.isFinite(r.rmse()))
                        .min(Comparator.comparingDouble(Row::rmse));
                Optional<Row> chosen = cell.stream().filter(r -> Double.isFinite(r.fitRmse()))
                        .min(Comparator.comparingDouble(Row::fitRmse));
                Optional<ResultRow> def = CalibratedStudy.bestDefault(reportRows, f.problem(), nfe);
                if (best.isEmpty() || chosen.isEmpty()) {
                    continue;
                }
                double defRmse = def.map(ResultRow::rmse).orElse(Double.NaN);
                double ratio = best.get().rmse() / defRmse;
                double ratioChosen = chosen.get().rmse() / defRmse;
                cells++;
                hits += ratio <= TARGET ? 1 : 0;
                hitsChosen += ratioChosen <= TARGET ? 1 : 0;
                String verdict = !Double.isFinite(ratio) ? "- (no default row at this NFE)"
                        : verdict(ratio) + " / " + verdict(ratioChosen);
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2e | %s | %.2e | %s | %.2e | %.3f | %.3f | %s |%n",
                        f.problem(), nfe, label(best.get()), best.get().rmse(), label(chosen.get()), chosen.get().rmse(),
                        def.map(CalibratedNetworks::label).orElse("-"), defRmse, ratio, ratioChosen, verdict));
            }
        }
        md.append(String.format(Locale.ROOT, "%nTargets met on the networks (best calibrated / chosen on the fit): "
                + "%d / %d of %d.%n", hits, hitsChosen, cells));
        md.append(qualityTable(result, reportRows));
        if (detailed) {
            md.append("\nEvery calibrated configuration on the networks (RMSE to the ground truth; the sample-quality ")
                    .append("measure; the exact RMSE on the widened fit; calibration wall time):\n\n")
                    .append("| network | NFE | solver | calibration | RMSE | quality | widened-fit RMSE | seconds |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (Row r : result.rows()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2e | %s | %.2e | %.1f |%n", r.problem(),
                        r.targetNfe(), r.solver(), r.variant().label(), r.rmse(), number(r.quality()), r.fitRmse(),
                        r.seconds()));
            }
        }
        return md.toString();
    }

    /**
     * Sample quality of the calibrated samples next to the default grids': for each network with a measure, the
     * measure of the best-RMSE calibrated and default configurations, and the lowest measure of any calibrated and
     * any default configuration at that NFE (lower is better for both measures; they can fall below the ground
     * truth's own value, which is given).
     */
    private static String qualityTable(Result result, List<ResultRow> reportRows) {
        StringBuilder md = new StringBuilder();
        for (int i = 0; i < result.fits().size(); i++) {
            String problem = result.fits().get(i).problem();
            String name = result.qualityNames().get(i);
            if (name.isEmpty()) {
                continue;
            }
            double truth = result.checks().stream().filter(c -> c.problem().equals(problem)).findFirst()
                    .map(ReferenceCheck::quality).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "%n%s, sample quality (%s, lower is better; the ground truth scores "
                    + "%s): the configurations with the smallest RMSE above, then the lowest measure of any calibrated "
                    + "and any default configuration (the latter may be a stochastic solver; a value below the ground "
                    + "truth's is possible).%n%n", problem, name, number(truth)));
            md.append("| NFE | best-RMSE calibrated | best-RMSE default | ratio | lowest calibrated | lowest default | ratio "
                    + "|\n|---|---|---|---|---|---|---|\n");
            for (int nfe : CalibratedStudy.NFE) {
                List<Row> cell = cell(result, problem, nfe);
                Optional<Row> best = cell.stream().filter(r -> Double.isFinite(r.rmse()))
                        .min(Comparator.comparingDouble(Row::rmse));
                Optional<Row> lowest = cell.stream().filter(r -> Double.isFinite(r.quality()))
                        .min(Comparator.comparingDouble(Row::quality));
                Optional<ResultRow> def = CalibratedStudy.bestDefault(reportRows, problem, nfe);
                Optional<ResultRow> defLowest = reportRows.stream().filter(r -> r.problem().equals(problem)
                        && r.targetNfe() == nfe && !r.adaptive() && r.status() == ResultRow.Status.OK
                        && Double.isFinite(r.quality())).min(Comparator.comparingDouble(ResultRow::quality));
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |%n", nfe,
                        best.map(r -> number(r.quality()) + " " + label(r)).orElse("-"),
                        def.map(r -> number(r.quality()) + " " + label(r)).orElse("-"),
                        ratio(best.map(Row::quality), def.map(ResultRow::quality)),
                        lowest.map(r -> number(r.quality()) + " " + label(r)).orElse("-"),
                        defLowest.map(r -> number(r.quality()) + " " + label(r)).orElse("-"),
                        ratio(lowest.map(Row::quality), defLowest.map(ResultRow::quality))));
            }
        }
        return md.toString();
    }

    private static String ratio(Optional<Double> a, Optional<Double> b) {
        double r = a.orElse(Double.NaN) / b.orElse(Double.NaN);
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.3f", r) : "-";
    }

    private static List<Row> cell(Result result, String problem, int nfe) {
        return result.rows().stream().filter(r -> r.problem().equals(problem) && r.targetNfe() == nfe).toList();
    }

    private static String verdict(double ratio) {
        return ratio <= TARGET ? "met" : "**miss**";
    }

    private static String label(Row r) {
        return r.solver() + "@" + r.variant().label();
    }

    private static String label(ResultRow r) {
        return r.solver() + "@" + r.grid() + " (" + r.nfe() + ")";
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "-";
    }
}
