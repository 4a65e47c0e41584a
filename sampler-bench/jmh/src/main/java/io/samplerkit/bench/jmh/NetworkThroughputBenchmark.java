package io.samplerkit.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.spec.SampleRun;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.bench.spec.StrictJson;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.RunWorkspace;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end sampling throughput on a shipped network: one op is a whole {@code solver.sample} run of the run spec
 * {@code models/<spec>} (its schedule, network, solver and grid type) with the grid's step count set so that a run
 * makes {@code nfe} model calls, and {@code batch} samples, so samples per second are {@code batch / (time per op)}. The folder is
 * {@code -Dsamplerkit.models.dir} (default {@code models} in the working folder).
 *
 * <p>The time of every run is split, measured inside the run: the <b>network</b> time is what ONNX Runtime's
 * {@code session.run} took ({@link OnnxModel#networkNanos}), the <b>adapter</b> time the rest of the model calls
 * (conversion of the rows to float32 and back, the network's time input), the <b>solver</b> time everything outside
 * the model calls (the solver's kernels, its bookkeeping, the driver). JMH reports them as the auxiliary counters
 * {@code networkNanos}, {@code adapterNanos}, {@code solverNanos} and {@code runs} (totals per iteration: divide by
 * {@code runs} for one run). With {@code cpuClock=true} it also reports {@code solverCpuNanos}, the benchmark thread's
 * CPU time outside the model calls (the solver's part without the waits for a core of a shared machine; ONNX Runtime's
 * own threads are not in it), and {@code clockNanos}, the wall time of the thread-CPU clock's reads around every model
 * call. Those reads are not free: right after a network call one took 27–48 µs on the development machine
 * (docs/performance.md, "Next to the network: the processor count, the clocks and the heap"). So they are kept out
 * of {@code solverNanos}, but the CPU they spend outside the bracket they measure is in {@code solverCpuNanos} (at
 * most {@code clockNanos}). The default, {@code cpuClock=false}, reads only {@link System#nanoTime}.
 *
 * <p>The fork's heap is fixed and touched before the benchmark starts ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}):
 * with {@code output=NEW} a run allocates its result (128 KiB for the digits spec at batch 256), and without the
 * pre-touch the first pass through the young generation, longer than a fork's measurement, pays a page fault per
 * 4 KiB of it (the result's copy took about 80 µs per run for the first 2 000 runs and 17–24 µs after, same
 * section). The runs measured are those of a process that has been sampling for a while. With {@code
 * output=CALLER} or {@code IN_PLACE} the runs allocate no state-sized array ({@code Solver.sampleInto}), so the
 * young collections that the results caused (a pause of 5–13 ms every few hundred runs, taken by the run whose
 * allocation triggered it) are gone from the solver's time as well.
 *
 * <p>The default warm-up (two iterations of 2 s) is a quick look, not the steady state: the code a run calls once (the
 * driver, the context, the solver's start) reaches the just-in-time compiler's top tier after about 5 000 runs, and
 * until then it took about 30 µs more per 10-NFE run on the digits spec (docs/performance.md, "The per-run code
 * needs about 5 000 runs to reach the top tier"). For the steady state warm up for about two minutes ({@code -wi 60
 * -w 2s} at 10 NFE on the digits spec, {@code -wi 100} at 20).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NetworkThroughputBenchmark {

    /** Run spec in the models folder. */
    @Param({"digits-ddpm.json", "ring8-flow.json"})
    public String spec;

    /** Model calls per run (NFE): the grid's step count is chosen so that a run makes exactly this many. */
    @Param({"10", "20"})
    public int nfe;

    /** Samples per run. */
    @Param({"1", "256"})
    public int batch;

    /**
     * Whether the runs take their buffers from one {@link RunWorkspace} kept across runs (as a caller that samples
     * repeatedly does) or allocate them ({@code false}: every run allocates and zeroes its buffers).
     */
    @Param({"true"})
    public boolean reuse;

    /** Where a run's state lives ({@link Output}); {@code CALLER} and {@code IN_PLACE} need {@code reuse=true}. */
    @Param({"NEW", "IN_PLACE"})
    public Output output;

    /**
     * Whether the model calls are bracketed by the thread-CPU clock too (for {@code solverCpuNanos}; class comment), or
     * by {@link System#nanoTime} only.
     */
    @Param({"false"})
    public boolean cpuClock;

    private SampleRun run;
    private OnnxModel network;
    private TimedModel timed;
    private SamplingProblem problem;
    private RunWorkspace workspace;
    private Batch state;

    /** Where a run's state lives. */
    public enum Output {
        /** A batch the run allocates and returns ({@code solver.sample}). */
        NEW,
        /**
         * One batch the benchmark owns, other than x_T ({@code solver.sampleInto}); the copy of x_T into it is the
         * run's.
         */
        CALLER,
        /**
         * x_T's own batch ({@code solver.sampleInto(problem, x, x, workspace)}), filled with the spec's x_T before
         * every run outside the timed bracket, as a caller draws the next x_T into it.
         */
        IN_PLACE
    }

    /** The split of the measured runs' time (class comment). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        /** Nanoseconds inside ONNX Runtime. */
        public long networkNanos;
        /** Nanoseconds in the model calls outside ONNX Runtime. */
        public long adapterNanos;
        /** Nanoseconds outside the model calls. */
        public long solverNanos;
        /**
         * CPU time of the benchmark's thread outside the model calls: the solver's part without the time the thread
         * waited for a core (on a machine shared with other work, most of {@link #solverNanos}); 0 without
         * {@code cpuClock}.
         */
        public long solverCpuNanos;
        /** Wall time of the thread-CPU clock's reads around the model calls (0 without {@code cpuClock}). */
        public long clockNanos;
        /** Runs measured. */
        public long runs;

        /** Starts every iteration from zero. */
        @Setup(Level.Iteration)
        public void clear() {
            networkNanos = 0;
            adapterNanos = 0;
            solverNanos = 0;
            solverCpuNanos = 0;
            clockNanos = 0;
            runs = 0;
        }
    }

    /**
     * Prepares the spec with the benchmark's batch and the step count that makes {@code nfe} model calls.
     *
     * @throws IllegalStateException if the spec's model is not an ONNX network or no step count gives {@code nfe}
     */
    @Setup(Level.Trial)
    public void setUp() {
        run = prepare(spec, nfe, batch);
        if (!(run.network() instanceof OnnxModel onnx)) {
            throw new IllegalStateException(spec + " must name an ONNX network, got " + run.network());
        }
        network = onnx;
        timed = new TimedModel(network, cpuClock);
        problem = run.problem().withModel(timed);
        workspace = reuse ? new RunWorkspace() : null;
        if (output != Output.NEW && !reuse) {
            throw new IllegalStateException("output=" + output + " samples into a batch with a workspace: it needs "
                    + "reuse=true");
        }
        state = output == Output.NEW ? null : run.xT().like();
    }

    /**
     * The run spec {@code spec} of the models folder ({@code -Dsamplerkit.models.dir}, default {@code models}) with
     * {@code batch} samples and the grid's step count chosen so that a run makes exactly {@code nfe} model calls.
     *
     * @param spec file name of the run spec in the models folder
     * @param nfe model calls per run
     * @param batch samples per run
     * @return the prepared run (close it: it holds the network's session)
     * @throws IllegalStateException if no step count gives {@code nfe} model calls
     */
    static SampleRun prepare(String spec, int nfe, int batch) {
        Path file = Path.of(System.getProperty("samplerkit.models.dir", "models"), spec).toAbsolutePath();
        int steps = nfe;
        for (int attempt = 0; attempt < 3 && steps >= 1; attempt++) {
            SampleRun candidate = prepare(file, steps, batch);
            int calls = candidate.solver().sample(candidate.problem(), candidate.xT()).modelCalls();
            if (calls == nfe) {
                return candidate;
            }
            candidate.close();
            // a grid ending at zero noise or a final denoising call adds calls beyond the step count
            steps -= calls - nfe;
        }
        throw new IllegalStateException(spec + ": no step count gives " + nfe + " model calls");
    }

    private static SampleRun prepare(Path file, int steps, int batch) {
        ObjectNode tree = (ObjectNode) StrictJson.readTree(file);
        ObjectNode model = (ObjectNode) tree.get("model");
        model.put("file", file.getParent().resolve(model.get("file").asText()).toString());
        ((ObjectNode) tree.get("grid")).put("steps", steps);
        tree.put("batch", batch);
        return StrictJson.bind(tree, SampleSpec.class).prepare(SolverRegistry.standard());
    }

    /** Closes the network session. */
    @TearDown(Level.Trial)
    public void tearDown() {
        run.close();
    }

    /**
     * One sampling run.
     *
     * @param split where the run's time split is added
     * @return the result
     */
    @Benchmark
    public SamplingResult sample(Split split) {
        long network0 = network.networkNanos();
        long model0 = timed.nanos();
        long modelCpu0 = timed.cpuNanos();
        long clock0 = timed.clockNanos();
        if (output == Output.IN_PLACE) {
            // the caller's draw of the next x_T, not the solver's work
            state.copyFrom(run.xT());
        }
        long cpu0 = cpuClock ? TimedModel.CPU.getCurrentThreadCpuTime() : 0;
        long begun = System.nanoTime();
        SamplingResult result = switch (output) {
            case NEW -> workspace == null ? run.solver().sample(problem, run.xT())
                    : run.solver().sample(problem, run.xT(), workspace);
            case CALLER -> run.solver().sampleInto(problem, run.xT(), state, workspace);
            case IN_PLACE -> run.solver().sampleInto(problem, state, state, workspace);
        };
        long total = System.nanoTime() - begun;
        if (cpuClock) {
            split.solverCpuNanos += TimedModel.CPU.getCurrentThreadCpuTime() - cpu0 - (timed.cpuNanos() - modelCpu0);
        }
        long inNetwork = network.networkNanos() - network0;
        long inModel = timed.nanos() - model0;
        long inClock = timed.clockNanos() - clock0;
        split.networkNanos += inNetwork;
        split.adapterNanos += inModel - inNetwork;
        split.clockNanos += inClock;
        split.solverNanos += total - inModel - inClock;
        split.runs++;
        return result;
    }

    /**
     * The network with the wall time of its calls summed, and optionally the calling thread's CPU time in them (the
     * wall time of those clock reads is summed apart, so that a caller can keep it out of its own figures).
     */
    static final class TimedModel implements DiffusionModel {
        /** The thread CPU clock. */
        static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

        private final DiffusionModel model;
        private final boolean cpuClock;
        private long nanos;
        private long cpuNanos;
        private long clockNanos;

        /**
         * @param model the model timed
         * @param cpuClock whether to read the thread-CPU clock around every call too
         */
        TimedModel(DiffusionModel model, boolean cpuClock) {
            this.model = model;
            this.cpuClock = cpuClock;
        }

        /** @return wall time of the calls so far, in nanoseconds */
        long nanos() {
            return nanos;
        }

        /** @return CPU time of the calling thread in the calls so far, in nanoseconds (0 without the CPU clock) */
        long cpuNanos() {
            return cpuNanos;
        }

        /** @return wall time of the CPU clock's reads so far, in nanoseconds (0 without the CPU clock) */
        long clockNanos() {
            return clockNanos;
        }

        @Override
        public Prediction prediction() {
            return model.prediction();
        }

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            if (!cpuClock) {
                long begun = System.nanoTime();
                model.evaluate(x, t, out);
                nanos += System.nanoTime() - begun;
                return;
            }
            long read = System.nanoTime();
            long cpu = CPU.getCurrentThreadCpuTime();
            long begun = System.nanoTime();
            model.evaluate(x, t, out);
            long ended = System.nanoTime();
            cpuNanos += CPU.getCurrentThreadCpuTime() - cpu;
            long readEnd = System.nanoTime();
            nanos += ended - begun;
            clockNanos += (begun - read) + (readEnd - ended);
        }
    }
}
