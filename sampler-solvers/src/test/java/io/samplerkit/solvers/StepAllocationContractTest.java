package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.KernelWorkers;
import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.ForwardingModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.core.testing.VarianceChannelModel;
import io.samplerkit.solvers.ContractProblem.GridKind;
import io.samplerkit.solvers.SolverContractTest.SolverCase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The allocation contract of docs/performance.md ("Allocation per step: the contract test"): once compiled, a
 * {@link SolverRun#step} of every solver of {@link SolverContractTest#cases()} (every registry entry with its default
 * options, and the extra option sets of the solver contract) allocates nothing. Measured with the thread's
 * allocated-bytes counter ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) read just before and just
 * after each step call, so what {@link Solver#start} allocates (buffers, histories) and what the driver does between
 * steps are not counted; adaptive solvers are held to zero per attempted step (accepted plus rejected).
 *
 * <p><b>Variants</b>, each a code path of its own: every model parameterization the solver accepts
 * ({@link Solver#validate}; the conversion to what the solver integrates differs), fresh and Brownian noise
 * ({@link NoiseMode}) for stochastic solvers, at one kernel thread; and the first accepted parameterization with
 * fresh noise at two kernel threads. The problem is the contract's schedule and grid ({@link ContractProblem},
 * {@link SolverContractTest#gridFor}) with diagonal Gaussian data, {@value #ROWS} rows of {@value #DIM} dimensions;
 * at two threads {@value #THREADED_DIM} dimensions, so that every kernel call splits into two chunks and a kernel
 * worker can run one ({@link KernelWorkers}; the workers' allocation counters are read before and after each window
 * too). Brownian noise is not repeated at two threads: its path is drawn on the stepping thread in both cases
 * (measured at one thread), and the solver's kernels then read the drawn batch as the deterministic variants'
 * kernels do (measured at two threads); a Brownian step at this size costs tens of milliseconds.
 * {@link #noOptionPathAllocates} adds the code paths that options choose: every entry with one boolean or enum option
 * at each non-default value. {@link #noStepAllocatesOnTheBlockPath} adds the one-thread block path of the fused
 * evaluation: at {@value #BLOCK_PATH_DIM} dimensions the state is larger than the runs' scan-ahead limit
 * ({@value #BLOCK_PATH_SCAN_AHEAD} there), so a kernel checks the model output (and, when it overwrites the evaluated state,
 * the state) block by block instead of scanning the whole output first.
 *
 * <p>The exact model allocates a little itself; what it allocates inside its calls is subtracted
 * ({@link ExcludedModel}), so every byte counted is the solver's, its context's or the kernels'. It has a variance
 * channel ({@link VarianceChannelModel}), which only ddpm's learned variances read.
 *
 * <p><b>Robust, not lenient.</b> The interpreter and the first compilations allocate what compiled code does not
 * (the Vector API's objects before its intrinsics, what escape analysis removes), and a deoptimization allocates once
 * when it rebuilds the objects that compiled code had removed. So a variant is measured in windows of steps and
 * passes at the first window in which nothing was allocated; it fails when {@value #MAX_WINDOWS} windows and at least
 * five seconds of them all allocated, the message giving every window's bytes per step. An allocation made by the step
 * itself shows in every window. {@link #DOCUMENTED_EXCEPTIONS} lists the variants that may allocate, with the bytes
 * measured and why (none today). {@link #anAllocatingStepIsCaught} shows that the measurement fails when it should.
 */
class StepAllocationContractTest {

    /** Rows of the state. */
    static final int ROWS = 2;
    /** Dimension of the one-thread runs. */
    static final int DIM = 256;
    /**
     * The scan-ahead limit of the block-path runs ({@link FusedEvaluation#SCAN_AHEAD_PROPERTY}): the largest output
     * scanned whole before a kernel's first block. Smaller than the default {@link FusedEvaluation#SCAN_AHEAD}, so that
     * the block path is reached at a size this test can afford for every solver.
     */
    static final int BLOCK_PATH_SCAN_AHEAD = 1 << 15;
    /** Dimension of the one-thread block-path runs: {@code ROWS * BLOCK_PATH_DIM} elements are more than that limit. */
    static final int BLOCK_PATH_DIM = BLOCK_PATH_SCAN_AHEAD / ROWS + 1024;
    /** Dimension of the two-thread runs: {@code ROWS * THREADED_DIM} elements are two kernel chunks (1.5 chunks' worth). */
    static final int THREADED_DIM = 3 * ParallelKernels.DEFAULT_CHUNK_SIZE / (2 * ROWS);
    /** Steps of one fixed-grid run (the run restarts at its end); a multiple of 2 and 3 for the fixed singlestep orders. */
    private static final int GRID_STEPS = 480;
    /** Steps before the first window: the lazy first-step work of a run (a stream, a task tree) is not per step. */
    private static final int WARM_STEPS = 4;
    /** Steps of one window, one thread. */
    private static final int WINDOW_STEPS = 50;
    /**
     * Steps of one window, two threads. While the kernels ran on the common {@code ForkJoinPool}, a calling thread that
     * had to wait for the worker's chunk (a loaded machine) allocated a 24-byte waiter node in
     * {@code ForkJoinTask.awaitDone}, and the windows were one step long; the {@link KernelWorkers} wait by spinning
     * and allocate nothing, so a window holds several steps again.
     */
    private static final int THREADED_WINDOW_STEPS = 6;
    /**
     * A variant fails only after this many windows and {@link #MIN_FAILING_NANOS} of them, all allocating: time for
     * the just-in-time compiler to compile the step (until then escape analysis removes nothing) on a loaded machine.
     */
    private static final int MAX_WINDOWS = 60;
    private static final long MIN_FAILING_NANOS = 5_000_000_000L;
    /** Seed of the data and of the starting state. */
    private static final long SEED = 11L;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Variants that cannot be allocation-free, by {@link Variant#label()} and {@code " dim=N"}: the bytes per step
     * measured and why. Empty: every step of every solver allocates nothing.
     */
    static final Map<String, String> DOCUMENTED_EXCEPTIONS = Map.of();

    /**
     * One code path of a solver.
     *
     * @param c the solver case
     * @param prediction the model's parameterization
     * @param mode the noise mode
     * @param threads kernel threads
     */
    record Variant(SolverCase c, Prediction prediction, NoiseMode mode, int threads) {

        String label() {
            return c.label() + " " + prediction + " " + mode + " threads=" + threads;
        }
    }

    @TestFactory
    Stream<DynamicNode> noStepAllocates() {
        return SolverContractTest.cases().stream().map(c -> dynamicContainer(c.label(),
                variants(c).stream().map(v -> dynamicTest(v.prediction() + " " + v.mode() + " threads=" + v.threads(),
                        () -> assertNoAllocation(v)))));
    }

    /**
     * The block path at one thread: every entry of {@link SolverContractTest#cases()} with its first variant, on a
     * state larger than the scan-ahead limit. Above the limit the guard's scan is called once per block from inside the
     * kernel, a code path (and a call site for the just-in-time compiler) that the {@value #DIM}-dimension runs never
     * reach, and where a vector scan that boxes its vectors shows first in the benchmarks (docs/performance.md "On a
     * second host": 12 bytes per element).
     */
    @TestFactory
    Stream<DynamicNode> noStepAllocatesOnTheBlockPath() {
        return SolverContractTest.cases().stream().map(c -> dynamicTest(c.label(), () -> {
            Variant first = variants(c).get(0);
            KernelPropertiesForTests.withScanAhead(BLOCK_PATH_SCAN_AHEAD, () -> {
                assertNoAllocation(first, BLOCK_PATH_DIM);
                return null;
            });
        }));
    }

    /**
     * The measurement can fail: a step that keeps one small array per call (the array escapes, so no compiler removes
     * it) is caught in every window, at the array's size.
     */
    @Test
    void anAllocatingStepIsCaught() {
        Solver allocating = new Solver() {
            @Override
            public String name() {
                return "allocating";
            }

            @Override
            public int order() {
                return 1;
            }

            @Override
            public SolverRun start(SolverContext context) {
                return new GridSolverRun(context) {
                    private double[] kept;

                    @Override
                    protected void advance(int i, Batch x) {
                        kept = new double[2];
                        kept[0] = x.data()[0];
                    }
                };
            }
        };
        SamplingProblem problem = problem(GridKind.LOG_SNR, Prediction.NOISE, NoiseMode.FRESH, DIM);
        Measurement m = measure(allocating, problem, DIM, false, 5, 0);
        // a double[2]: 16 bytes of values and the array's header (16 bytes on a 64-bit JVM with compressed class
        // pointers, 32 B in all, as measured)
        assertThat(m.callerWindows()).hasSize(5).allSatisfy(b -> assertThat(b).isBetween(24.0, 40.0));
    }

    /**
     * The other code paths that options choose: every registry entry with one boolean or enum option set to a value
     * other than its default, at one thread with the first accepted parameterization and fresh noise. A value the
     * factory refuses on its own (one the solver never takes, or one that needs another option too) is a configuration
     * error, not a path, and is left out.
     */
    @TestFactory
    Stream<DynamicNode> noOptionPathAllocates() {
        return optionCases().stream().map(c -> dynamicTest(c.label(), () -> {
            Variant v = variants(c).get(0);
            assertNoAllocation(v);
        }));
    }

    /**
     * Option values the factory refuses alone, with the other option they need: their paths, measured as well (only
     * when the entry and its options are registered).
     */
    private static final List<SolverCase> OPTION_COMBINATIONS = List.of(
            new SolverCase("dpmpp-2m-sde", Map.of("start", "refined", "eta", 0.0), "the refined start needs eta = 0"),
            new SolverCase("sa-solver", Map.of("start", "refined", "tau", 0.0), "the warm-up starts need tau = 0"),
            new SolverCase("sa-solver", Map.of("start", "singlestep", "tau", 0.0), "the warm-up starts need tau = 0"),
            new SolverCase("pndm", Map.of("diffusers-alpha-to-one", true, "diffusers-step-offset", 0.001),
                    "alpha-to-one needs a step offset"),
            new SolverCase("plms", Map.of("diffusers-alpha-to-one", true, "diffusers-step-offset", 0.001),
                    "alpha-to-one needs a step offset"),
            new SolverCase("s-pndm", Map.of("diffusers-alpha-to-one", true, "diffusers-step-offset", 0.001),
                    "alpha-to-one needs a step offset"));

    /**
     * @return one case per entry and non-default value of each of its boolean and enum options, and the
     *     {@link #OPTION_COMBINATIONS}
     */
    static List<SolverCase> optionCases() {
        SolverRegistry registry = SolverRegistry.standard();
        List<SolverCase> cases = new ArrayList<>();
        for (SolverCase c : OPTION_COMBINATIONS) {
            if (SolverContractTest.registered(c)) {
                cases.add(c);
            }
        }
        for (SolverEntry e : registry.entries()) {
            for (Option<?> o : e.options()) {
                for (Object value : otherValues(o.defaultValue())) {
                    SolverCase c = new SolverCase(e.name(), Map.of(o.name(), value), "option path");
                    try {
                        c.create();
                    } catch (IllegalArgumentException refusedAlone) {
                        continue;
                    }
                    cases.add(c);
                }
            }
        }
        return cases;
    }

    private static List<Object> otherValues(Object defaultValue) {
        List<Object> values = new ArrayList<>();
        if (defaultValue instanceof Boolean b) {
            values.add(!b);
        } else if (defaultValue instanceof Enum<?> e) {
            for (Enum<?> c : e.getDeclaringClass().getEnumConstants()) {
                if (c != e) {
                    values.add(Option.enumText(c));
                }
            }
        }
        return values;
    }

    /**
     * @param c a solver case
     * @return its variants: at one thread every accepted parameterization, with both noise modes when stochastic; at
     *     two threads the first accepted parameterization with fresh noise
     */
    static List<Variant> variants(SolverCase c) {
        Solver s = c.create();
        List<NoiseMode> modes = s.stochastic() ? List.of(NoiseMode.FRESH, NoiseMode.BROWNIAN) : List.of(NoiseMode.FRESH);
        List<Variant> out = new ArrayList<>();
        for (Prediction p : Prediction.values()) {
            if (!accepts(s, c, p)) {
                continue;
            }
            for (NoiseMode m : modes) {
                out.add(new Variant(c, p, m, 1));
            }
        }
        assertThat(out).as("%s accepts no model parameterization", c.label()).isNotEmpty();
        out.add(new Variant(c, out.get(0).prediction(), NoiseMode.FRESH, 2));
        return out;
    }

    private static boolean accepts(Solver s, SolverCase c, Prediction p) {
        try {
            s.validate(problem(SolverContractTest.gridFor(c), p, NoiseMode.FRESH, DIM));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void assertNoAllocation(Variant v) {
        assertNoAllocation(v, v.threads() > 1 ? THREADED_DIM : DIM);
    }

    private static void assertNoAllocation(Variant v, int dim) {
        Measurement m = KernelPropertiesForTests.withThreads(v.threads(), () -> measure(v, dim));
        String key = v.label() + " dim=" + dim;
        if (DOCUMENTED_EXCEPTIONS.containsKey(key)) {
            return;
        }
        assertThat(m.callerBytesPerStep()).as("%s: bytes allocated per step by the stepping thread (smallest window; "
                + "all windows: %s)", key, m.callerWindows()).isZero();
        assertThat(m.workerBytesPerStep()).as("%s: bytes allocated per step by the kernel workers (smallest window; "
                + "all windows: %s)", key, m.workerWindows()).isZero();
    }

    /**
     * Smallest bytes per step over the windows, of the stepping thread and of the kernel workers.
     *
     * @param callerBytesPerStep stepping thread
     * @param workerBytesPerStep the kernel workers (0 at one thread)
     * @param callerWindows every window's value, for the message
     * @param workerWindows every window's value, for the message
     */
    record Measurement(double callerBytesPerStep, double workerBytesPerStep, List<Double> callerWindows,
            List<Double> workerWindows) {
    }

    static Measurement measure(Variant v, int dim) {
        boolean threaded = v.threads() > 1;
        SamplingProblem problem = problem(SolverContractTest.gridFor(v.c()), v.prediction(), v.mode(), dim);
        return measure(v.c().create(), problem, dim, threaded, MAX_WINDOWS, MIN_FAILING_NANOS);
    }

    /**
     * @param solver the solver
     * @param problem its problem (from {@link #problem})
     * @param dim the problem's dimension
     * @param threaded whether the run's kernels are threaded (read the workers' counters too)
     * @param maxWindows windows that must all allocate before the variant fails
     * @param minNanos time those windows must take at least
     * @return the smallest window's bytes per step, and every window's
     */
    private static Measurement measure(Solver solver, SamplingProblem problem, int dim, boolean threaded,
            int maxWindows, long minNanos) {
        solver.validate(problem);
        Stepping stepping = new Stepping(solver, problem, (ExcludedModel) problem.model(), initialState(dim));
        int window = threaded ? THREADED_WINDOW_STEPS : WINDOW_STEPS;
        stepping.steps(WARM_STEPS);
        long[] workers = threaded ? workerIds() : new long[0];
        List<Double> caller = new ArrayList<>();
        List<Double> worker = new ArrayList<>();
        long deadline = System.nanoTime() + minNanos;
        boolean clean = false;
        while (!clean && (caller.size() < maxWindows || System.nanoTime() < deadline)) {
            long workersBefore = sum(THREADS.getThreadAllocatedBytes(workers));
            Window r = stepping.steps(window);
            long workerBytes = sum(THREADS.getThreadAllocatedBytes(workers)) - workersBefore;
            caller.add((double) r.bytes() / r.attempts());
            worker.add((double) workerBytes / r.attempts());
            clean = r.bytes() == 0 && workerBytes == 0;
        }
        return new Measurement(min(caller), min(worker), caller, worker);
    }

    /** A run stepped again and again (restarted at its end), counting the bytes of the step calls only. */
    private static final class Stepping {
        private final Solver solver;
        private final SamplingProblem problem;
        private final ExcludedModel model;
        private final Batch xT;
        private final Batch x;
        private SolverContext context;
        private SolverRun run;
        private int index;

        Stepping(Solver solver, SamplingProblem problem, ExcludedModel model, Batch xT) {
            this.solver = solver;
            this.problem = problem;
            this.model = model;
            this.xT = xT;
            this.x = xT.like();
            restart();
        }

        private void restart() {
            x.copyFrom(xT);
            context = new SolverContext(solver.name(), problem, x.size(), x.dim());
            run = solver.start(context);
            index = 0;
        }

        Window steps(int count) {
            long bytes = 0;
            long attempts = 0;
            for (int k = 0; k < count; k++) {
                if (run.done()) {
                    restart();
                }
                context.setStep(index++);
                int rejected = run.rejectedSteps();
                long excluded = model.excludedBytes;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                run.step(x);
                long after = THREADS.getCurrentThreadAllocatedBytes();
                bytes += after - before - (model.excludedBytes - excluded);
                attempts += 1 + run.rejectedSteps() - rejected;
            }
            return new Window(bytes, attempts);
        }
    }

    /**
     * @param bytes allocated by the step calls
     * @param attempts steps attempted (accepted and rejected)
     */
    private record Window(long bytes, long attempts) {
    }

    /** The exact model, with what it allocates inside its calls counted apart: the model is not under test. */
    private static final class ExcludedModel extends ForwardingModel {
        private long excludedBytes;

        ExcludedModel(DiffusionModel model) {
            super(model, "ExcludedModel");
        }

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            model().evaluate(x, t, out);
            excludedBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        }

        @Override
        public void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            model().evaluateWithVariance(x, t, out, variance);
            excludedBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        }
    }

    private static SamplingProblem problem(GridKind grid, Prediction p, NoiseMode mode, int dim) {
        // a variance channel too (0: unit variance for ddpm's learned variance, mid-range for learned-range)
        DiffusionModel exact = new VarianceChannelModel(data(dim).model(ContractProblem.SCHEDULE, p), new double[dim],
                new double[dim]);
        return SamplingProblem.of(ContractProblem.SCHEDULE, new ExcludedModel(exact),
                grid.timesteps(GRID_STEPS)).withNoise(new SeededNoise(SEED, 0, mode));
    }

    /** Diagonal Gaussian data: means in (-2, 2), variances from 1e-2 to 10 (the contract's range), seeded. */
    private static GaussianData data(int dim) {
        SplittableRandom rng = new SplittableRandom(SEED);
        double[] mean = new double[dim];
        double[] variances = new double[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = rng.nextDouble(-2, 2);
            variances[i] = Math.pow(10, rng.nextDouble(-2, 1));
        }
        return GaussianData.diagonal(mean, variances);
    }

    private static Batch initialState(int dim) {
        Batch x = Batch.zeros(ROWS, dim);
        new SeededNoise(SEED + 1).standardNormal(0, x);
        return x;
    }

    private static long[] workerIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(KernelWorkers.THREAD_NAME_PREFIX))
                .mapToLong(Thread::getId).toArray();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += Math.max(v, 0);
        }
        return s;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
