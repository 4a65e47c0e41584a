package io.samplerkit.bench.jmh;

import io.samplerkit.bench.spec.SampleRun;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.RunWorkspace;
import io.samplerkit.solvers.SamplingResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The solver's share of {@link NetworkThroughputBenchmark}'s runs on its own: the same run spec, step count and batch,
 * with the network replaced by a stand-in that copies one recorded network output (the network's answer at the first
 * grid time, from the spec's {@code x_T}) into every model call. No network runs during the measurement, so the time
 * per operation is the run's start, its buffers, its kernels, its guards and the driver, plus one copy of the output
 * per model call (the auxiliary counters {@code modelNanos} and {@code solverNanos} split it, as the throughput
 * benchmark does); {@code -prof gc} shows what a run allocates, {@code -prof stack} where its time goes.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RunOverheadBenchmark extends MeasuredBenchmark {

    /** Run spec in the models folder. */
    @Param({"digits-ddpm.json"})
    public String spec;

    /** Model calls per run (NFE). */
    @Param({"10", "20"})
    public int nfe;

    /** Samples per run. */
    @Param({"256"})
    public int batch;

    /** Whether the runs reuse one {@link RunWorkspace} ({@link NetworkThroughputBenchmark#reuse}). */
    @Param({"true"})
    public boolean reuse;

    /**
     * Bytes the stand-in model streams through after its copy, to leave the solver's arrays out of the core's caches as
     * the network does (0: none; the network's weights and activations are a few MiB).
     */
    @Param({"0"})
    public int evictBytes;

    private SampleRun run;
    private NetworkThroughputBenchmark.TimedModel timed;
    private SamplingProblem problem;
    private RunWorkspace workspace;

    /** The split of the measured runs' time (class comment). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        /** Nanoseconds in the stand-in's copies. */
        public long modelNanos;
        /** Nanoseconds outside the model calls. */
        public long solverNanos;
        /**
         * CPU time of the runs on the benchmark's thread, model calls included: on a machine shared with other work
         * it leaves out the time the thread waited for a core, which the wall-clock figures include.
         */
        public long cpuNanos;
        /** Runs measured. */
        public long runs;

        /** Starts every iteration from zero. */
        @Setup(Level.Iteration)
        public void clear() {
            modelNanos = 0;
            solverNanos = 0;
            cpuNanos = 0;
            runs = 0;
        }
    }

    /** Prepares the spec, records the network's output at the first grid time and closes the network. */
    @Setup(Level.Trial)
    public void setUp() {
        run = NetworkThroughputBenchmark.prepare(spec, nfe, batch);
        DiffusionModel network = run.network();
        Batch answer = run.xT().like();
        network.evaluate(run.xT(), run.timesteps().t(0), answer);
        run.close();
        timed = new NetworkThroughputBenchmark.TimedModel(new RecordedModel(network.prediction(), answer,
                new long[evictBytes / Long.BYTES]), false);
        problem = run.problem().withModel(timed);
        workspace = reuse ? new RunWorkspace() : null;
    }

    /**
     * One sampling run.
     *
     * @param split where the run's time split is added
     * @return the result
     */
    @Benchmark
    public SamplingResult sample(Split split) {
        long model0 = timed.nanos();
        long cpu0 = NetworkThroughputBenchmark.TimedModel.CPU.getCurrentThreadCpuTime();
        long begun = System.nanoTime();
        SamplingResult result = workspace == null ? run.solver().sample(problem, run.xT())
                : run.solver().sample(problem, run.xT(), workspace);
        long total = System.nanoTime() - begun;
        split.cpuNanos += NetworkThroughputBenchmark.TimedModel.CPU.getCurrentThreadCpuTime() - cpu0;
        long inModel = timed.nanos() - model0;
        split.modelNanos += inModel;
        split.solverNanos += total - inModel;
        split.runs++;
        return result;
    }

    /**
     * Answers every call with one recorded output.
     *
     * @param prediction what the recorded output is
     * @param answer the output. Not modified.
     * @param evict memory written through after each copy (may be empty). Modified.
     */
    record RecordedModel(Prediction prediction, Batch answer, long[] evict) implements DiffusionModel {

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            out.copyFrom(answer);
            long[] e = evict;
            for (int i = 0; i < e.length; i++) {
                e[i] += i;
            }
        }
    }
}
