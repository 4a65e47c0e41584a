package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.grid.UniformTimeGrid;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.law.ExactOutputLaw;
import io.samplerkit.solvers.law.GaussianLaw;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The report's comparison of the adaptive SDE solver {@code gotta-go-fast} with {@code euler-maruyama} at equal
 * Fréchet distance (section "adaptive SDE"). An adaptive stochastic solver's output is not Gaussian (its accepted
 * steps depend on the noise), so it has no exact law; it is measured by a sampled estimate.
 *
 * <p>The study has tiers ({@link Tier}, {@link #tiers}). The first holds every Gaussian problem of the suite and,
 * when none of them has a variance-exploding schedule, a VE problem on the data of the first one
 * ({@link #problems}); the second holds their {@value #SECTION_DIM}-dimensional sections ({@link GaussianSection}),
 * where thousands of samples resolve distances far below those the suite's problems resolve, so that it can reach
 * targets tight enough to show where the solvers' different weak orders cross. Per problem, {@code N} initial states
 * from the exact marginal at {@code tStart} (the report's initial-state rule, its own seeds), and one Brownian path
 * per sample ({@link NoiseMode#BROWNIAN}, per-sample numbering) shared by every configuration.
 * {@code gotta-go-fast} runs each sample alone (per-sample step sizes, as in the paper's code) at the tier's
 * tolerances; its NFE is the mean over the samples. {@code euler-maruyama} runs on the uniform-in-time grid (the
 * paper's baseline) and on the uniform log-SNR grid, at the tier's step counts. A reference run {@code Y} of
 * Euler–Maruyama with {@link #REFERENCE_STEPS} log-SNR steps on the same starts and paths has an exact output law ({@link ExactOutputLaw}) with mean
 * {@code m_Y} and covariance {@code P_Y}. For a configuration {@code X} with sample moments {@code (m̂_X, P̂_X)}:
 * <ul>
 *   <li>estimate (control variate): the Fréchet distance of {@code (m̂_X − m̂_Y + m_Y, P̂_X − P̂_Y + P_Y)} to the
 *       exact marginal at {@code tEnd}. {@code X} and {@code Y} share starts and paths, so the sampling errors of
 *       their moments nearly cancel, and adding back {@code Y}'s exact moments removes the reference's own
 *       distance to the marginal. The upward bias of a distance computed from {@code N} samples is removed by
 *       extrapolation in {@code 1/N} from the two halves ({@link #estimate});</li>
 *   <li>paired: the Fréchet distance of {@code (m̂_X, P̂_X)} to {@code (m̂_Y, P̂_Y)}, the distance to the
 *       reference rather than to the marginal (kept for comparison);</li>
 *   <li>exact (Euler–Maruyama only): the exact law's distance to the marginal, against which the estimate is
 *       checked. The largest gap between estimate and exact over a problem's Euler–Maruyama rows whose exact
 *       distance is at most the tier's {@link Tier#errorRange()} (which covers its targets) is stated as the
 *       estimate's measured error on that problem; far above the targets the gap grows with the distance and says
 *       nothing about them.</li>
 * </ul>
 * For each target distance of the tier and each method (the adaptive solver, each Euler–Maruyama grid),
 * the NFE at which the estimate reaches the target ({@link #reach}); the method needing fewest is named when the
 * ranges do not overlap and the estimate's measured error near the target ({@link #errorNear}) is at most half the
 * target ({@link #UNRESOLVED} otherwise). Deterministic for a seed.
 */
public final class AdaptiveSdeStudy {

    /** Relative tolerances of {@code gotta-go-fast} on the suite's problems ({@code atol} stays at its default). */
    public static final List<Double> RTOLS = List.of(0.5, 0.2, 0.1, 0.05, 0.02);
    /** Step counts of {@code euler-maruyama} on the suite's problems, on each grid of {@link #EM_GRIDS}. */
    public static final List<Integer> EM_STEPS = List.of(10, 20, 40, 80, 160, 320);
    /** Grids of {@code euler-maruyama}: uniform in the schedule's time (the paper's baseline) and in log-SNR. */
    public static final List<TimeGrid> EM_GRIDS = List.of(new UniformTimeGrid(), new LogSnrGrid());
    /** Steps of the reference run (log-SNR grid). */
    public static final int REFERENCE_STEPS = 640;
    /** Target Fréchet distances of the NFE comparison on the suite's problems. */
    public static final List<Double> TARGETS = List.of(0.4, 0.2, 0.1, 0.05);
    /** Exact distances up to which Euler–Maruyama rows measure the estimate's error (covers {@link #TARGETS}). */
    public static final double ERROR_RANGE = 0.5;
    /** Samples per configuration on the suite's problems. */
    public static final int DEFAULT_SAMPLES = 400;
    /** Dimension of the sections ({@link GaussianSection}) of the low-dimensional tier. */
    public static final int SECTION_DIM = 6;
    /** Samples per configuration on the sections. */
    public static final int DEFAULT_SECTION_SAMPLES = 1600;
    /** Relative tolerances of {@code gotta-go-fast} on the sections. */
    public static final List<Double> SECTION_RTOLS = List.of(0.2, 0.1, 0.05, 0.02, 0.01, 0.005);
    /** Step counts of {@code euler-maruyama} on the sections, on each grid of {@link #EM_GRIDS}. */
    public static final List<Integer> SECTION_EM_STEPS = List.of(10, 20, 40, 80, 160, 320, 640, 1280, 2560);
    /** Target Fréchet distances on the sections. */
    public static final List<Double> SECTION_TARGETS = List.of(0.05, 0.02, 0.01, 0.005);
    /** Exact distances up to which Euler–Maruyama rows measure the estimate's error on the sections. */
    public static final double SECTION_ERROR_RANGE = 0.1;
    /** File the section is written to, next to the report. */
    public static final String FILE = "adaptive-sde.md";
    /** Grid label of the adaptive solver's rows. */
    public static final String ADAPTIVE = "adaptive";

    /** Verdict on a target near which the estimate's measured error exceeds half the target. */
    public static final String UNRESOLVED = "unresolved";

    private static final String GGF = "gotta-go-fast";
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final String EM = "euler-maruyama";

    /**
     * One measured configuration.
     *
     * @param problem problem id
     * @param solver registry name
     * @param grid {@link #ADAPTIVE} for the adaptive solver, else the grid's {@link TimeGrid#describe()}
     * @param setting {@code rtol=...} or {@code steps=...}
     * @param nfe model calls per sample (mean over the samples for the adaptive solver)
     * @param rejected rejected attempts per sample (mean; 0 on a fixed grid)
     * @param estimate control-variate estimate of the Fréchet distance of the output law to the marginal at
     *     {@code tEnd}
     * @param paired Fréchet distance of the sample moments to those of the reference run on the same paths
     * @param exact exact Fréchet distance of the output law to the marginal, NaN when there is none
     */
    public record Row(String problem, String solver, String grid, String setting, double nfe, double rejected,
            double estimate, double paired, double exact) {

        /** @return the method this row belongs to: the solver, and the grid for a fixed-grid solver */
        public String method() {
            return grid.equals(ADAPTIVE) ? solver : solver + " " + grid;
        }
    }

    /**
     * One problem's summary.
     *
     * @param id problem id
     * @param title the problem's description
     * @param tier name of the tier it belongs to
     * @param reference exact Fréchet distance of the reference run's law to the marginal
     * @param estimateError largest {@code |estimate − exact|} over the problem's Euler–Maruyama rows whose exact
     *     distance is at most the tier's {@link Tier#errorRange()}
     */
    public record Problem(String id, String title, String tier, double reference, double estimateError) {
    }

    /**
     * @param rows every configuration
     * @param problems one per problem, in order
     * @param tiers the tiers measured, in order
     */
    public record Result(List<Row> rows, List<Problem> problems, List<Tier> tiers) {
    }

    /**
     * One tier of the study: problems and the settings at which they are measured.
     *
     * @param name the tier's heading
     * @param problems its problems, each with Gaussian data and a unique id
     * @param samples samples per configuration, at least 10
     * @param rtols relative tolerances of {@code gotta-go-fast}
     * @param emSteps step counts of {@code euler-maruyama}, on each grid of {@link #EM_GRIDS}
     * @param targets target Fréchet distances
     * @param errorRange exact distances up to which Euler–Maruyama rows measure the estimate's error
     */
    public record Tier(String name, List<ProblemSpec> problems, int samples, List<Double> rtols, List<Integer> emSteps,
            List<Double> targets, double errorRange) {

        /** Validates. */
        public Tier {
            if (samples < 10) {
                throw new InvalidInputException("samples", samples, "at least 10");
            }
            for (var list : List.of(problems, rtols, emSteps, targets)) {
                if (list.isEmpty()) {
                    throw new InvalidInputException("tier", name, "problems, tolerances, step counts and targets");
                }
            }
            problems = List.copyOf(problems);
            rtols = List.copyOf(rtols);
            emSteps = List.copyOf(emSteps);
            targets = List.copyOf(targets);
        }

        /**
         * The suite's problems ({@link #problems(Suite)}) at {@link #RTOLS}, {@link #EM_STEPS}, {@link #TARGETS}.
         *
         * @param suite the suite
         * @param samples samples per configuration
         * @return the tier
         */
        public static Tier suite(Suite suite, int samples) {
            return new Tier("Suite problems", AdaptiveSdeStudy.problems(suite), samples, RTOLS, EM_STEPS, TARGETS, ERROR_RANGE);
        }

        /**
         * The {@value #SECTION_DIM}-dimensional sections ({@link GaussianSection}) of the suite's problems at
         * {@link #SECTION_RTOLS}, {@link #SECTION_EM_STEPS}, {@link #SECTION_TARGETS}: in a low dimension the
         * estimate resolves distances the suite's problems cannot, so the tier reaches tighter targets.
         *
         * @param suite the suite
         * @param samples samples per configuration
         * @return the tier
         */
        public static Tier sections(Suite suite, int samples) {
            return new Tier(SECTION_DIM + "-dimensional sections", AdaptiveSdeStudy.problems(suite).stream()
                    .map(p -> GaussianSection.of(p, SECTION_DIM)).toList(), samples, SECTION_RTOLS, SECTION_EM_STEPS,
                    SECTION_TARGETS, SECTION_ERROR_RANGE);
        }
    }

    /**
     * The study's two tiers: the suite's problems and their low-dimensional sections.
     *
     * @param suite the suite
     * @param samples samples per configuration on the suite's problems
     * @param sectionSamples samples per configuration on the sections
     * @return the tiers
     */
    public static List<Tier> tiers(Suite suite, int samples, int sectionSamples) {
        return List.of(Tier.suite(suite, samples), Tier.sections(suite, sectionSamples));
    }

    /**
     * NFE at which a method's estimate reaches a target: {@code low == high} when interpolated between two measured
     * settings; {@code low = 0} when its cheapest setting is already at or below the target; {@code high = inf}
     * when no setting reached it.
     *
     * @param low lower bound
     * @param high upper bound
     */
    public record Reach(double low, double high) {

        /**
         * @param other another method's reach
         * @return whether this one needs fewer NFE whatever the values inside both ranges
         */
        public boolean fewerThan(Reach other) {
            return high < other.low;
        }

        @Override
        public String toString() {
            if (low == high) {
                return String.format(Locale.ROOT, "%.0f", low);
            }
            return low == 0 ? String.format(Locale.ROOT, "<= %.0f", high) : String.format(Locale.ROOT, "> %.0f", low);
        }
    }

    private AdaptiveSdeStudy() {
    }

    /**
     * The study's problems: the suite's problems with Gaussian data and, when none of them has a variance-exploding
     * schedule, one on the data of the first of them with score_sde's CIFAR-10 VE schedule ({@code sigma} 0.01 to
     * 50, {@code t} from 1 to {@code 1e-5}, as score_sde samples VE models), a noise-predicting model, named
     * {@code <stem>-ve} after the first problem's id up to its first hyphen.
     *
     * @param suite the suite
     * @return the problems
     * @throws InvalidInputException if the suite has no problem with Gaussian data
     */
    public static List<ProblemSpec> problems(Suite suite) {
        List<ProblemSpec> gaussian = new ArrayList<>(suite.problems().stream()
                .filter(p -> p.model().analytic().flatMap(AnalyticData::gaussian).isPresent()).toList());
        if (gaussian.isEmpty()) {
            throw new InvalidInputException("suite.problems", suite.name(), "a suite with a Gaussian-data problem "
                    + "(the adaptive-SDE study needs exact laws)");
        }
        if (gaussian.stream().noneMatch(p -> p.schedule() instanceof ScheduleSpec.Ve)) {
            ProblemSpec first = gaussian.get(0);
            String stem = first.id().split("-", 2)[0];
            gaussian.add(new ProblemSpec(stem + "-ve", "data of " + first.id() + ", VE sigma 0.01..50 (score_sde "
                    + "CIFAR-10), t 1..1e-5, eps-model", first.model(), new ScheduleSpec.Ve(0.01, 50.0), Prediction.NOISE,
                    1.0, 1e-5));
        }
        return gaussian;
    }

    /**
     * Runs the study.
     *
     * @param tiers the tiers ({@link #tiers}); problem ids must differ across them
     * @param registry solvers
     * @param seed master seed
     * @param threads worker threads
     * @param log progress lines
     * @return the measurements
     * @throws InvalidInputException if two problems share an id
     */
    public static Result run(List<Tier> tiers, SolverRegistry registry, long seed, int threads, Consumer<String> log) {
        Set<String> ids = new HashSet<>();
        for (Tier tier : tiers) {
            for (ProblemSpec spec : tier.problems()) {
                if (!ids.add(spec.id())) {
                    throw new InvalidInputException("tiers.problems.id", spec.id(), "an id no other problem of the "
                            + "study has (rows are grouped by problem id)");
                }
            }
        }
        Solver em = registry.create(EM, SolverOptions.of(Map.of()));
        List<List<Future<Measured>>> futures = new ArrayList<>();
        List<ProblemInstance> instances = new ArrayList<>();
        List<Tier> tierOf = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Tier tier : tiers) {
                for (ProblemSpec spec : tier.problems()) {
                    ProblemInstance p = spec.instantiate(new long[] {Seeds.derive(seed, "adaptive-sde|" + spec.id())},
                            tier.samples());
                    instances.add(p);
                    tierOf.add(tier);
                    futures.add(submit(pool, tier, p, em, registry,
                            new SeededNoise(Seeds.derive(seed, "adaptive-sde-paths|" + spec.id()), 0, NoiseMode.BROWNIAN)));
                }
            }
            List<Row> rows = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            for (int k = 0; k < instances.size(); k++) {
                ProblemInstance p = instances.get(k);
                ProblemSpec spec = p.spec();
                GaussianLaw target = GaussianLaw.marginal(p.gaussianData().orElseThrow(),
                        p.schedule().alpha(spec.tEnd()), p.schedule().sigma(spec.tEnd()));
                List<Future<Measured>> done = futures.get(k);
                Measured reference = get(done.get(0));
                Moments y = Moments.of(reference.x());
                double worst = 0;
                for (Future<Measured> f : done.subList(1, done.size())) {
                    Measured m = get(f);
                    Row r = new Row(spec.id(), m.solver(), m.grid(), m.setting(), m.nfe(), m.rejected(),
                            estimate(m.x(), reference.x(), reference.law(), target), Moments.of(m.x()).distance(y),
                            m.law() == null ? Double.NaN : m.law().frechetDistance(target));
                    if (r.exact() <= tierOf.get(k).errorRange()) {
                        worst = Math.max(worst, Math.abs(r.estimate() - r.exact()));
                    }
                    rows.add(r);
                    log.accept(String.format(Locale.ROOT, "adaptive-sde %s %s %s: NFE %.1f, estimate %.4g, exact %.4g "
                            + "(%.1f s CPU)", r.problem(), r.method(), r.setting(), r.nfe(), r.estimate(), r.exact(),
                            m.seconds()));
                }
                problems.add(new Problem(spec.id(), spec.title(), tierOf.get(k).name(),
                        reference.law().frechetDistance(target), worst));
            }
            return new Result(rows, problems, List.copyOf(tiers));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Submits one problem's configurations, in the order of the tables (the reference, the adaptive solver, each
     * grid) but dearest first (the reference, the tightest tolerance, the most steps) so that the threads finish
     * together.
     */
    private static List<Future<Measured>> submit(ExecutorService pool, Tier tier, ProblemInstance p, Solver em,
            SolverRegistry registry, SeededNoise paths) {
        GaussianData data = p.gaussianData().orElseThrow();
        List<Callable<Measured>> tasks = new ArrayList<>();
        tasks.add(() -> eulerMaruyama(em, p, paths, new LogSnrGrid(), REFERENCE_STEPS, data));
        for (double rtol : tier.rtols()) {
            tasks.add(() -> adaptive(registry, p, paths, rtol));
        }
        for (TimeGrid grid : EM_GRIDS) {
            for (int steps : tier.emSteps()) {
                tasks.add(() -> eulerMaruyama(em, p, paths, grid, steps, data));
            }
        }
        int adaptive = tier.rtols().size();
        List<Future<Measured>> submitted = new ArrayList<>(Collections.nCopies(tasks.size(), null));
        submitted.set(0, pool.submit(tasks.get(0)));
        for (int i = adaptive; i > 0; i--) {
            submitted.set(i, pool.submit(tasks.get(i)));
        }
        for (int i = tasks.size() - 1; i > adaptive; i--) {
            submitted.set(i, pool.submit(tasks.get(i)));
        }
        return submitted;
    }

    /** One configuration's output before it is compared with the reference. */
    private record Measured(String solver, String grid, String setting, double nfe, double rejected, Batch x,
            GaussianLaw law, double seconds) {
    }

    private static Measured adaptive(SolverRegistry registry, ProblemInstance p, SeededNoise paths, double rtol) {
        long start = CPU.getCurrentThreadCpuTime();
        Solver solver = registry.create(GGF, SolverOptions.of(Map.of("rtol", rtol)));
        ProblemSpec spec = p.spec();
        Timesteps span = Timesteps.of(p.schedule(), new double[] {spec.tStart(), spec.tEnd()});
        SingleSampleRuns runs = SingleSampleRuns.run(solver, p.schedule(), p.model(), span, paths, p.initialStates());
        return new Measured(GGF, ADAPTIVE, "rtol=" + rtol, runs.meanModelCalls(), runs.meanRejected(), runs.x(), null,
                (CPU.getCurrentThreadCpuTime() - start) * 1e-9);
    }

    private static Measured eulerMaruyama(Solver em, ProblemInstance p, SeededNoise paths, TimeGrid grid, int steps,
            GaussianData data) {
        long start = CPU.getCurrentThreadCpuTime();
        ControlVariate.ExactRun run = ControlVariate.ExactRun.of(em, p, p.initialStates(), paths, grid, steps, data);
        return new Measured(EM, grid.describe(), "steps=" + steps, run.modelCalls(), 0, run.x(), run.law(),
                (CPU.getCurrentThreadCpuTime() - start) * 1e-9);
    }

    /**
     * The control-variate estimate of the Fréchet distance of {@code x}'s law to {@code target}, with its
     * finite-sample bias removed ({@link SampledFrechet#extrapolated}).
     *
     * @param x the configuration's samples
     * @param y the reference's samples, on the same starts and paths row by row
     * @param exact the reference's exact law
     * @param target the marginal
     * @return the estimate
     */
    static double estimate(Batch x, Batch y, GaussianLaw exact, GaussianLaw target) {
        return SampledFrechet.extrapolated(x.size(), (from, to) -> controlVariate(x, y, from, to, exact).squared(target));
    }

    private static Moments controlVariate(Batch x, Batch y, int from, int to, GaussianLaw exact) {
        return Moments.of(x, from, to).controlVariate(Moments.of(y, from, to), exact);
    }

    /**
     * The NFE at which a method's estimate reaches {@code target}. The settings are taken in order of NFE, each
     * keeping the lowest estimate of the settings so far (more NFE can always be spent on the better setting).
     * Between the last of them above the target and the first at or below it, NFE is interpolated linearly in
     * {@code log NFE} against {@code log estimate}.
     *
     * @param rows the method's rows
     * @param target the target distance
     * @return the NFE, or its bound when the target lies outside the measured range
     */
    public static Reach reach(List<Row> rows, double target) {
        List<Row> sorted = rows.stream().sorted(Comparator.comparingDouble(Row::nfe)).toList();
        Row above = null;
        for (Row r : sorted) {
            if (r.estimate() <= target) {
                if (above == null) {
                    return new Reach(0, r.nfe());
                }
                if (!(r.estimate() > 0)) {
                    return new Reach(r.nfe(), r.nfe());
                }
                double w = Math.log(target / above.estimate()) / Math.log(r.estimate() / above.estimate());
                double nfe = Math.exp(Math.log(above.nfe()) + w * Math.log(r.nfe() / above.nfe()));
                return new Reach(nfe, nfe);
            }
            if (above == null || r.estimate() < above.estimate()) {
                above = r;
            }
        }
        return new Reach(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).nfe(), Double.POSITIVE_INFINITY);
    }

    /**
     * The methods of a problem's rows, the adaptive solver first.
     *
     * @param rows one problem's rows
     * @return method names in order of first appearance
     */
    static List<String> methods(List<Row> rows) {
        return rows.stream().map(Row::method).distinct().toList();
    }

    /**
     * The estimate's measured error near a target: the largest {@code |estimate − exact|} over the rows with an exact
     * distance of at most twice the target (the rows whose settings bracket the target or lie beyond it).
     *
     * @param rows one problem's rows
     * @param target the target distance
     * @return the error, NaN when no row has an exact distance in that range
     */
    static double errorNear(List<Row> rows, double target) {
        return rows.stream().filter(r -> r.exact() <= 2 * target).mapToDouble(r -> Math.abs(r.estimate() - r.exact()))
                .max().orElse(Double.NaN);
    }

    /**
     * The method that needs fewest NFE for a target, when its range lies below every other method's.
     *
     * @param methods method names
     * @param reaches their reaches, in the same order
     * @return the method, or {@code "undecided"}
     */
    static String fewest(List<String> methods, List<Reach> reaches) {
        for (int i = 0; i < methods.size(); i++) {
            boolean best = true;
            for (int j = 0; j < methods.size(); j++) {
                best &= i == j || reaches.get(i).fewerThan(reaches.get(j));
            }
            if (best) {
                return methods.get(i);
            }
        }
        return "undecided";
    }

    /**
     * The section as Markdown: the NFE-to-target table of every problem, then per problem its configurations.
     *
     * @param result the measurements
     * @return the text
     */
    public static String markdown(Result result) {
        StringBuilder sb = new StringBuilder("# Adaptive SDE solver vs Euler-Maruyama at equal Frechet distance\n\n");
        sb.append(String.format(Locale.ROOT, "`gotta-go-fast` (default atol; each sample run alone, NFE = mean model "
                + "calls per sample) against `euler-maruyama` on the grid uniform in the schedule's time "
                + "(`time-uniform`, the paper's baseline) and on the uniform log-SNR grid (`log-snr`), at the "
                + "tolerances, step counts and sample counts of each tier below; every setting of a problem from the "
                + "same starts and the same Brownian path per sample. The adaptive "
                + "solver's output is not Gaussian, so it has no exact law. `estimate`: Frechet distance to the exact "
                + "marginal at tEnd of the control-variate moments (sample mean and covariance minus those of the "
                + "reference, Euler-Maruyama with %d log-SNR steps on the same starts and paths, plus the reference's "
                + "exact mean and covariance), its squared value extrapolated to infinitely many samples from the "
                + "full sample and its two halves (linear in 1/N, as Chong and Forsyth 2020 do for FID; a negative "
                + "extrapolation is shown as 0, a distance below the estimate's resolution). `paired`: Frechet "
                + "distance between the sample moments and the "
                + "reference's (a distance to the reference, not to the marginal). `exact`: Euler-Maruyama's exact "
                + "law (ExactOutputLaw); the largest gap |estimate - exact| over a problem's Euler-Maruyama rows with an "
                + "exact distance up to the tier's error range (which covers its targets) is stated as the estimate's "
                + "measured error. `rejected`: rejected attempts per sample.%n", REFERENCE_STEPS));
        for (Tier tier : result.tiers()) {
            List<Problem> problems = result.problems().stream().filter(p -> p.tier().equals(tier.name())).toList();
            sb.append("\n## ").append(tier.name()).append("\n\n");
            sb.append(String.format(Locale.ROOT, "`gotta-go-fast` at rtol %s; `euler-maruyama` at %s steps on each "
                    + "grid; N = %d samples per setting; targets %s; measured error over exact distances <= %s.%n%n",
                    tier.rtols(), tier.emSteps(), tier.samples(), tier.targets(), tier.errorRange()));
            sb.append("### NFE to reach a target Frechet distance\n\nNFE at which each method's estimate reaches the "
                    + "target, interpolated in log NFE against log distance between the measured settings (`<= n`: "
                    + "already at the cheapest setting; `> n`: not reached by the dearest). `fewest`: the method whose "
                    + "NFE lies below every other's (`undecided` when the bounds overlap). `error near target`: the largest "
                    + "|estimate - exact| over the problem's Euler-Maruyama rows with an exact distance up to twice the "
                    + "target; when it exceeds half the target (or no row lies there) the target is not resolved and "
                    + "`fewest` says `unresolved`.\n\n");
            List<String> header = new ArrayList<>(List.of("problem", "target FD", "error near target"));
            List<String> methods = problems.isEmpty() ? List.of() : methods(rowsOf(result, problems.get(0).id()));
            header.addAll(methods);
            header.add("fewest");
            Table summary = new Table(header);
            for (Problem p : problems) {
                List<Row> rows = rowsOf(result, p.id());
                for (double target : tier.targets()) {
                    List<Reach> reaches = methods.stream().map(m -> reach(rows.stream()
                            .filter(r -> r.method().equals(m)).toList(), target)).toList();
                    double error = errorNear(rows, target);
                    List<String> cells = new ArrayList<>(List.of(p.id(), fd(target), fd(error)));
                    reaches.forEach(r -> cells.add(r.toString()));
                    cells.add(error <= target / 2 ? fewest(methods, reaches) : UNRESOLVED);
                    summary.add(cells);
                }
            }
            sb.append(summary.markdown());
            for (Problem p : problems) {
                sb.append("\n### ").append(p.id()).append("\n\n");
                sb.append(String.format(Locale.ROOT, "%s. Reference: exact distance %.2e to the marginal. Measured "
                        + "error of the estimate: %.2e.%n%n", p.title(), p.reference(), p.estimateError()));
                Table t = new Table(List.of("method", "setting", "NFE", "rejected", "estimate FD", "paired FD",
                        "exact FD"));
                for (Row r : rowsOf(result, p.id())) {
                    t.add(List.of(r.method(), r.setting(), String.format(Locale.ROOT, "%.1f", r.nfe()),
                            String.format(Locale.ROOT, "%.1f", r.rejected()), fd(r.estimate()), fd(r.paired()),
                            Double.isNaN(r.exact()) ? "" : fd(r.exact())));
                }
                sb.append(t.markdown());
            }
        }
        return sb.toString();
    }

    private static List<Row> rowsOf(Result result, String problem) {
        return result.rows().stream().filter(r -> r.problem().equals(problem)).toList();
    }

    private static String fd(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * Writes the section as {@value #FILE} in a report folder.
     *
     * @param dir the report folder
     * @param text the Markdown
     */
    public static void write(Path dir, String text) {
        try {
            Files.writeString(dir.resolve(FILE), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("adaptive SDE study interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }
}
