package io.samplerkit.bench.jmh;

import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.state.Batch;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The memory-bandwidth probe: a STREAM-like triad (McCalpin 1995) over {@code dim * batch} doubles,
 * the same element count as a solver state, written in place like a solver update,
 * {@code a[i] = b[i] + s a[i]}: two reads and one write of a line already read, so exactly 24 bytes
 * per element cross the memory bus (STREAM's own triad writes a third array and pays a hidden
 * write-allocate read, which would understate the bandwidth by a quarter). Its bandwidth at a size
 * is the physical bound a step kernel of that size can reach.
 *
 * <p>{@code threads} sets the kernel threads exactly as the steps of {@link SolverStepBenchmark} get them
 * ({@value ParallelKernels#THREADS_PROPERTY}): with 2 or more, the triad is the threaded kernel
 * {@code a = 1 b + s a} of a run's {@link ParallelKernels#forRuns()} (same threshold, chunks and hand-off as the
 * steps; below the threshold it is the single-thread kernel, as the steps' are), so a step is compared with the
 * bandwidth the same threading reaches.
 */
public class BandwidthBenchmark extends MeasuredBenchmark {

    /** Bytes per element the triad moves. */
    public static final int BYTES_PER_ELEMENT = 24;

    /** Sample dimension. */
    @Param({"1000", "1000000"})
    public int dim;

    /** Batch size. */
    @Param({"1"})
    public int batch;

    /** Kernel threads ({@value ParallelKernels#THREADS_PROPERTY}); 1 = the plain loop. */
    @Param({"1", "2"})
    public int threads;

    private double[] a;
    private double[] b;
    private Batch aBatch;
    private Batch bBatch;
    private ParallelKernels kernels;

    /** Allocates and fills the arrays; with 2 or more threads, takes the threaded kernels a run would. */
    @Setup
    public void setUp() {
        aBatch = Batch.zeros(batch, dim);
        bBatch = Batch.zeros(batch, dim);
        a = aBatch.data();
        b = bBatch.data();
        Arrays.fill(a, 2.0);
        Arrays.fill(b, 1.0);
        System.setProperty(ParallelKernels.THREADS_PROPERTY, Integer.toString(threads));
        kernels = ParallelKernels.forRuns();
    }

    /**
     * @return the destination (returned so it is not dead code)
     */
    @Benchmark
    public double[] triad() {
        if (kernels != null) {
            kernels.lincomb2(aBatch, 1.0, bBatch, 0.5, aBatch);
            return a;
        }
        double s = 0.5;
        double[] a1 = a;
        double[] b1 = b;
        for (int i = 0; i < a1.length; i++) {
            a1[i] = b1[i] + s * a1[i];
        }
        return a1;
    }
}
