package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.FrechetDistance;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.SampleMoments;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.law.ExactOutputLaw;
import io.samplerkit.solvers.law.GaussianLaw;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The report's comparison of the adaptive SDE solver {@code gotta-go-fast} with {@code euler-maruyama} at equal
 * Fréchet distance (section "adaptive SDE"). An adaptive stochastic solver's output is not Gaussian (its accepted
 * steps depend on the noise), so it has no exact law; it is measured by sampled estimates.
 *
 * <p>Every Gaussian problem of the suite; {@code N} initial states from the exact marginal at {@code tStart} (the
 * report's initial-state rule, its own seeds), and one Brownian path per sample ({@link NoiseMode#BROWNIAN},
 * per-sample numbering) shared by every configuration of the problem. {@code gotta-go-fast} runs each sample
 * alone (per-sample step sizes, as in the paper's code); its NFE is the mean over the samples.
 * {@code euler-maruyama} runs on the uniform log-SNR grid, and a reference run of it with {@link #REFERENCE_STEPS}
 * steps on the same paths gives {@code Y}. Two estimates per configuration {@code X}:
 * <ul>
 *   <li>direct: the Fréchet distance of the sample mean and covariance of {@code X} to the exact marginal at
 *       {@code tEnd}. Its floor, the same distance for {@code N} exact samples of that marginal (their exact
 *       probability-flow images), over {@link #FLOOR_REPEATS} seeds, is stated: distances near it are not
 *       resolved;</li>
 *   <li>paired: the Fréchet distance between the sample moments of {@code X} and of {@code Y}. Both come from
 *       the same starts and paths, so most of the sampling noise cancels; it estimates the distance of
 *       {@code X}'s law to the reference's, whose own exact distance to the marginal is stated. For
 *       {@code euler-maruyama} it is checked against the exact law ({@link ExactOutputLaw}) in the table.</li>
 * </ul>
 * The comparison: for each {@code euler-maruyama} setting, the fewest NFE with which {@code gotta-go-fast}'s paired
 * estimate is at most Euler–Maruyama's. Deterministic for a seed.
 */
public final class AdaptiveSdeStudy {

    /** Relative tolerances of {@code gotta-go-fast} ({@code atol} stays at its default). */
    public static final List<Double> RTOLS = List.of(0.5, 0.2, 0.1, 0.05);
    /** Step counts of {@code euler-maruyama}. */
    public static final List<Integer> EM_STEPS = List.of(10, 20, 40, 80, 160);
    /** Steps of the reference run. */
    public static final int REFERENCE_STEPS = 640;
    /** Samples per configuration. */
    public static final int DEFAULT_SAMPLES = 400;
    /** Seeds over which the estimator's floor is measured. */
    public static final int FLOOR_REPEATS = 4;
    /** File the section is written to, next to the report. */
    public static final String FILE = "adaptive-sde.md";

    private static final String GGF = "gotta-go-fast";
    private static final String EM = "euler-maruyama";

    /**
     * One measured configuration.
     *
     * @param problem problem id
     * @param solver registry name
     * @param setting {@code rtol=...} or {@code steps=...}
     * @param nfe model calls per sample (mean over the samples for the adaptive solver)
     * @param direct Fréchet distance of the sample moments to the exact marginal at {@code tEnd}
     * @param paired Fréchet distance of the sample moments to those of the reference run on the same paths
     * @param exact exact Fréchet distance of the output law to the marginal, NaN when there is none
     */
    public record Row(String problem, String solver, String setting, double nfe, double direct, double paired,
            double exact) {
    }

    /**
     * The estimator's floor and the reference on one problem.
     *
     * @param problem problem id
     * @param mean mean over {@link #FLOOR_REPEATS} seeds of the direct estimate for exact samples
     * @param max largest over those seeds
     * @param reference exact Fréchet distance of the reference run's law to the marginal
     */
    public record Floor(String problem, double mean, double max, double reference) {
    }

    /**
     * @param rows every configuration
     * @param floors one per problem
     * @param samples samples per configuration
     */
    public record Result(List<Row> rows, List<Floor> floors, int samples) {
    }

    private AdaptiveSdeStudy() {
    }

    /**
     * Runs the study.
     *
     * @param suite the suite (its Gaussian problems are used)
     * @param registry solvers
     * @param seed master seed
     * @param samples samples per configuration
     * @param threads worker threads
     * @param log progress lines
     * @return the measurements
     */
    public static Result run(Suite suite, SolverRegistry registry, long seed, int samples, int threads,
            Consumer<String> log) {
        List<Row> rows = new ArrayList<>();
        List<Floor> floors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (ProblemSpec spec : suite.problems()) {
                if (spec.data().gaussian().isEmpty()) {
                    continue;
                }
                ProblemInstance p = spec.instantiate(new long[] {Seeds.derive(seed, "adaptive-sde|" + spec.id())},
                        samples);
                GaussianData data = p.gaussianData().orElseThrow();
                GaussianLaw target = GaussianLaw.marginal(data, p.schedule().alpha(spec.tEnd()),
                        p.schedule().sigma(spec.tEnd()));
                double sum = 0;
                double max = 0;
                for (int k = 0; k < FLOOR_REPEATS; k++) {
                    ProblemInstance exact = k == 0 ? p : spec.instantiate(
                            new long[] {Seeds.derive(seed, "adaptive-sde-floor|" + spec.id() + "|" + k)}, samples);
                    double f = Moments.of(exact.reference()).distance(target);
                    sum += f;
                    max = Math.max(max, f);
                }
                SeededNoise paths = new SeededNoise(Seeds.derive(seed, "adaptive-sde-paths|" + spec.id()), 0,
                        NoiseMode.BROWNIAN);
                SamplingProblem reference = emProblem(p, REFERENCE_STEPS, paths);
                Solver em = registry.create(EM, SolverOptions.of(Map.of()));
                Batch y = em.sample(reference, p.initialStates()).x();
                floors.add(new Floor(spec.id(), sum / FLOOR_REPEATS, max,
                        ExactOutputLaw.of(em, reference, data).frechetToMarginal()));
                Moments ref = Moments.of(y);
                List<Future<Row>> futures = new ArrayList<>();
                for (double rtol : RTOLS) {
                    futures.add(pool.submit(() -> adaptive(registry, p, paths, rtol, target, ref)));
                }
                for (int steps : EM_STEPS) {
                    futures.add(pool.submit(() -> eulerMaruyama(em, p, paths, steps, target, ref, data)));
                }
                for (Future<Row> f : futures) {
                    Row r = get(f);
                    rows.add(r);
                    log.accept(String.format(Locale.ROOT, "adaptive-sde %s %s %s: NFE %.1f, direct %.4g, paired %.4g",
                            r.problem(), r.solver(), r.setting(), r.nfe(), r.direct(), r.paired()));
                }
            }
        } finally {
            pool.shutdown();
        }
        return new Result(rows, floors, samples);
    }

    private static SamplingProblem emProblem(ProblemInstance p, int steps, SeededNoise paths) {
        ProblemSpec spec = p.spec();
        Timesteps grid = Timesteps.of(p.schedule(), new LogSnrGrid(), spec.tStart(), spec.tEnd(), steps);
        return new SamplingProblem(p.schedule(), p.model(), grid, paths, StepObserver.NONE, false, false);
    }

    private static Row adaptive(SolverRegistry registry, ProblemInstance p, SeededNoise paths, double rtol,
            GaussianLaw target, Moments reference) {
        Solver solver = registry.create(GGF, SolverOptions.of(Map.of("rtol", rtol)));
        ProblemSpec spec = p.spec();
        Timesteps span = Timesteps.of(p.schedule(), new double[] {spec.tStart(), spec.tEnd()});
        Batch x = p.initialStates();
        int d = x.dim();
        Batch out = x.like();
        Batch one = Batch.zeros(1, d);
        long calls = 0;
        for (int r = 0; r < x.size(); r++) {
            System.arraycopy(x.data(), r * d, one.data(), 0, d);
            SamplingProblem sp = new SamplingProblem(p.schedule(), p.model(), span, paths.withFirstSample(r),
                    StepObserver.NONE, false, false);
            SamplingResult res = solver.sample(sp, one);
            calls += res.modelCalls();
            System.arraycopy(res.x().data(), 0, out.data(), r * d, d);
        }
        Moments m = Moments.of(out);
        return new Row(spec.id(), GGF, "rtol=" + rtol, (double) calls / x.size(), m.distance(target),
                m.distance(reference), Double.NaN);
    }

    private static Row eulerMaruyama(Solver em, ProblemInstance p, SeededNoise paths, int steps, GaussianLaw target,
            Moments reference, GaussianData data) {
        SamplingProblem sp = emProblem(p, steps, paths);
        SamplingResult res = em.sample(sp, p.initialStates());
        Moments m = Moments.of(res.x());
        return new Row(p.spec().id(), EM, "steps=" + steps, (double) res.modelCalls(), m.distance(target),
                m.distance(reference), ExactOutputLaw.of(em, sp, data).frechetToMarginal());
    }

    /** Sample mean and covariance (divisor {@code N - 1}). */
    private record Moments(double[] mean, double[][] covariance) {

        static Moments of(Batch x) {
            double[][] rows = new double[x.size()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = Arrays.copyOfRange(x.data(), r * x.dim(), (r + 1) * x.dim());
            }
            double[] mean = SampleMoments.mean(rows);
            return new Moments(mean, SampleMoments.covariance(rows, mean, rows.length - 1));
        }

        double distance(GaussianLaw law) {
            return FrechetDistance.distance(mean, covariance, law.mean(), law.covariance());
        }

        double distance(Moments other) {
            return FrechetDistance.distance(mean, covariance, other.mean, other.covariance);
        }
    }

    /**
     * The section as Markdown: per problem, the floor and reference, every configuration, and the comparison.
     *
     * @param result the measurements
     * @return the text
     */
    public static String markdown(Result result) {
        StringBuilder sb = new StringBuilder("# Adaptive SDE solver vs Euler-Maruyama at equal Frechet distance\n\n");
        sb.append(String.format(Locale.ROOT, "`gotta-go-fast` (rtol %s, default atol; each sample run alone, NFE = mean "
                + "model calls per sample) against `euler-maruyama` (uniform log-SNR grid, %s steps), N = %d samples per "
                + "setting from the same starts and the same Brownian path per sample. The adaptive solver's output is "
                + "not Gaussian, so it has no exact law; two sampled estimates are given. `direct`: Frechet distance of "
                + "the sample mean and covariance to the exact marginal at tEnd; its floor (the same distance for N "
                + "exact samples, mean and largest over %d seeds) is stated, and distances near it are not resolved. "
                + "`paired`: Frechet distance between the sample moments and those of Euler-Maruyama with %d steps on "
                + "the same starts and paths (the reference), so most of the sampling noise cancels; `exact` is "
                + "Euler-Maruyama's exact law (ExactOutputLaw), against which the paired estimate can be checked. The "
                + "comparison asks, for each Euler-Maruyama setting, for the fewest NFE with which gotta-go-fast's paired "
                + "estimate is at most Euler-Maruyama's (`-`: no tolerance tried reached it).%n",
                RTOLS, EM_STEPS, result.samples(), FLOOR_REPEATS, REFERENCE_STEPS));
        for (Floor f : result.floors()) {
            sb.append("\n## ").append(f.problem()).append("\n\n");
            sb.append(String.format(Locale.ROOT, "Direct estimator floor: %.4f (largest %.4f). Reference: exact "
                    + "distance %.2e to the marginal.%n%n", f.mean(), f.max(), f.reference()));
            Table t = new Table(List.of("solver", "setting", "NFE", "direct FD", "paired FD", "exact FD"));
            List<Row> rows = result.rows().stream().filter(r -> r.problem().equals(f.problem())).toList();
            for (Row r : rows) {
                t.add(List.of(r.solver(), r.setting(), String.format(Locale.ROOT, "%.1f", r.nfe()), fd(r.direct()),
                        fd(r.paired()), Double.isNaN(r.exact()) ? "" : fd(r.exact())));
            }
            sb.append(t.markdown()).append('\n');
            Table cmp = new Table(List.of("euler-maruyama", "its paired FD", "gotta-go-fast NFE to reach it",
                    "fewer NFE"));
            for (Row e : rows) {
                if (!e.solver().equals(EM)) {
                    continue;
                }
                double ggf = Double.NaN;
                for (Row g : rows) {
                    if (g.solver().equals(GGF) && g.paired() <= e.paired() && !(g.nfe() >= ggf)) {
                        ggf = g.nfe();
                    }
                }
                String winner = Double.isNaN(ggf) ? EM : ggf < e.nfe() ? GGF : ggf > e.nfe() ? EM : "tie";
                cmp.add(List.of(String.format(Locale.ROOT, "%s (%.0f NFE)", e.setting(), e.nfe()), fd(e.paired()),
                        nfe(ggf), winner));
            }
            sb.append(cmp.markdown());
        }
        return sb.toString();
    }

    private static String fd(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String nfe(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
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
