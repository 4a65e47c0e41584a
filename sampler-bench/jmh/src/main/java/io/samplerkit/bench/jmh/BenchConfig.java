package io.samplerkit.bench.jmh;

import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.core.Checks;
import io.samplerkit.solvers.SolverRegistry;
import java.util.List;

/**
 * What {@link BenchRunner} measures and how long.
 *
 * @param solvers solvers whose steps are timed: registry names, optionally with options
 *     ({@code unipc-bh2[order=3]})
 * @param dims dimensions of the size sweep (batch 1)
 * @param batches batch sizes of the batch sweep (at {@code batchSweepDim}); empty to skip it
 * @param batchSweepDim dimension used in the batch sweep
 * @param kernels whether to time the {@code Kernels} benchmark too
 * @param forks JMH forks per benchmark
 * @param warmupIterations JMH warm-up iterations
 * @param warmupMillis length of one warm-up iteration
 * @param measurementIterations JMH measurement iterations
 * @param measurementMillis length of one measurement iteration
 * @param gcProfiler whether to attach JMH's GC profiler (allocation per step)
 * @param threads kernel threads the steps and the triad are timed with, each in JVMs of its own
 *     ({@code samplerkit.kernel.threads}; 1 = single-thread kernels)
 */
public record BenchConfig(List<String> solvers, List<Integer> dims, List<Integer> batches, int batchSweepDim,
        boolean kernels, int forks, int warmupIterations, int warmupMillis, int measurementIterations,
        int measurementMillis, boolean gcProfiler, List<Integer> threads) {

    /** The solvers the issue asks for, in table order; those not registered are left out. */
    public static final List<String> PREFERRED_SOLVERS = List.of("ddim", "dpmpp-2m", "dpmpp-3m",
            "unipc-bh2[order=3]", "deis[order=3]", "heun");

    /** Largest kernel thread count accepted. */
    public static final int MAX_THREADS = 256;

    /** Validates and copies. */
    public BenchConfig {
        solvers = List.copyOf(solvers);
        dims = List.copyOf(dims);
        batches = List.copyOf(batches);
        threads = List.copyOf(threads);
        if (threads.isEmpty()) {
            throw new IllegalArgumentException("threads must not be empty");
        }
        for (int t : threads) {
            Checks.requireInRange(t, 1, MAX_THREADS, "threads");
        }
        if (solvers.isEmpty() || dims.isEmpty()) {
            throw new IllegalArgumentException("solvers and dims must not be empty");
        }
        for (int d : dims) {
            Checks.requireInRange(d, 1, 100_000_000, "dim");
        }
        for (int b : batches) {
            Checks.requireInRange(b, 1, 100_000, "batch");
            if ((long) b * batchSweepDim > 100_000_000L) {
                throw new IllegalArgumentException(Checks.format("batch * batchSweepDim must be <= 1e8, got %d",
                        (long) b * batchSweepDim));
            }
        }
        Checks.requirePositive(batchSweepDim, "batchSweepDim");
        Checks.requirePositive(forks, "forks");
        Checks.requirePositive(warmupIterations, "warmupIterations");
        Checks.requirePositive(warmupMillis, "warmupMillis");
        Checks.requirePositive(measurementIterations, "measurementIterations");
        Checks.requirePositive(measurementMillis, "measurementMillis");
    }

    /** @return the registered solvers among {@link #PREFERRED_SOLVERS} */
    public static List<String> defaultSolvers() {
        SolverRegistry r = SolverRegistry.standard();
        return PREFERRED_SOLVERS.stream().filter(s -> r.contains(SolverVariant.parse(s).name())).toList();
    }

    /**
     * Short settings (a few minutes on 2 cores): dims 1e3 ... 1e7, batches 1 ... 64 at d = 1e4,
     * one fork, 1 x 0.5 s warm-up, 2 x 0.5 s measurement, GC profiler on, kernels included, steps and triad on 1 and
     * 2 kernel threads.
     *
     * @return the configuration
     */
    public static BenchConfig quick() {
        return new BenchConfig(defaultSolvers(), List.of(1_000, 10_000, 100_000, 1_000_000, 10_000_000),
                List.of(4, 16, 64), 10_000, true, 1, 1, 500, 2, 500, true, List.of(1, 2));
    }

    /**
     * Publication settings: two forks, 3 x 1 s warm-up, 5 x 1 s measurement (about 15 times longer).
     *
     * @return the configuration
     */
    public static BenchConfig full() {
        BenchConfig q = quick();
        return new BenchConfig(q.solvers, q.dims, q.batches, q.batchSweepDim, true, 2, 3, 1000, 5, 1000, true,
                q.threads);
    }

    /**
     * @param names registry names
     * @return a copy timing those solvers
     */
    public BenchConfig withSolvers(List<String> names) {
        return new BenchConfig(names, dims, batches, batchSweepDim, kernels, forks, warmupIterations, warmupMillis,
                measurementIterations, measurementMillis, gcProfiler, threads);
    }

    /**
     * @param newDims dimensions of the size sweep
     * @param newBatches batch sizes of the batch sweep (empty to skip)
     * @return a copy
     */
    public BenchConfig withSizes(List<Integer> newDims, List<Integer> newBatches) {
        return new BenchConfig(solvers, newDims, newBatches, batchSweepDim, kernels, forks, warmupIterations,
                warmupMillis, measurementIterations, measurementMillis, gcProfiler, threads);
    }

    /**
     * @param withKernels whether to time the kernels
     * @return a copy
     */
    public BenchConfig withKernels(boolean withKernels) {
        return new BenchConfig(solvers, dims, batches, batchSweepDim, withKernels, forks, warmupIterations,
                warmupMillis, measurementIterations, measurementMillis, gcProfiler, threads);
    }

    /**
     * @param newThreads kernel thread counts to time the steps and the triad with
     * @return a copy
     */
    public BenchConfig withThreads(List<Integer> newThreads) {
        return new BenchConfig(solvers, dims, batches, batchSweepDim, kernels, forks, warmupIterations, warmupMillis,
                measurementIterations, measurementMillis, gcProfiler, newThreads);
    }
}
