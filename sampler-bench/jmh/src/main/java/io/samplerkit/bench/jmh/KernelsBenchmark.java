package io.samplerkit.bench.jmh;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.KernelWorkers;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.kernel.SoundnessScan;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The fused kernels of {@link Kernels} against {@code System.arraycopy} of the same array (the
 * baseline: 16 bytes per element, one read and one write), and their multi-threaded twins of
 * {@link ParallelKernels} ({@code parallel*}: on the common fork-join pool, threaded at every size (threshold 1) so
 * that the crossover against the single-thread kernel can be read off, bit-identical results). A kernel of
 * {@code k} inputs moves {@code 8 (k + 1)} bytes per element (see {@link #bytesPerElement}); sizes span
 * L1, L2, L3 and DRAM. {@code guardScan} is the model-output guard's scan alone (8 bytes per element, read only).
 * {@code lincomb3InPlace} is the update of a multistep step ({@code x = a x + b y + c z}, as DPM-Solver++(2M) writes
 * it: three reads, the write of a line already read) and {@code guardedLincomb3InPlace} the same update consuming a
 * model output whose guard is pending, as a step runs it ({@link FusedEvaluation}: open, defer, kernel, close); the
 * two against the in-place triad of {@link BandwidthBenchmark} give the floor of such a step at a size.
 */
public class KernelsBenchmark extends MeasuredBenchmark {

    /** Elements per array. */
    @Param({"1000", "10000", "100000", "300000", "1000000", "10000000"})
    public int size;

    private Batch out;
    private Batch x;
    private Batch y;
    private Batch z;
    private Batch w;
    private Batch v;
    private final double[] coefficients = {0.9, 0.1, -0.2, 0.3, -0.05};
    private final double[] pairCoefficients = {0.05, -0.3, 0.2, -0.1, 0.95};
    private BatchView[] terms;
    private final FusedEvaluation guard = new FusedEvaluation();
    private final ParallelKernels parallel = new ParallelKernels(KernelWorkers.shared(), 1,
            ParallelKernels.DEFAULT_CHUNK_SIZE);

    /** Allocates and fills the arrays. */
    @Setup
    public void setUp() {
        out = Batch.zeros(1, size);
        x = filled(1.0);
        y = filled(2.0);
        z = filled(3.0);
        w = filled(4.0);
        v = filled(5.0);
        terms = new BatchView[] {x, y, z, w, v};
    }

    private Batch filled(double value) {
        Batch b = Batch.zeros(1, size);
        Arrays.fill(b.data(), value);
        return b;
    }

    /**
     * Bytes a benchmark of this class moves per element.
     *
     * @param benchmark method name
     * @return bytes per element, or -1 when unknown
     */
    public static int bytesPerElement(String benchmark) {
        switch (benchmark) {
            case "guardScan":
                return 8;
            case "baseline":
            case "scale":
            case "parallelScale":
                return 16;
            case "lincomb2":
            case "parallelLincomb2":
                return 24;
            case "lincomb3":
            case "lincomb3InPlace":
            case "guardedLincomb3InPlace":
                return 32;
            case "lincomb4":
            case "parallelLincomb4":
                return 40;
            case "lincomb5":
            case "lincombGeneric5":
                return 48;
            case "lincombPair5":
                return 56;
            default:
                return -1;
        }
    }

    /**
     * @return the guard's scan of x (no unsound element: the whole array is read), as every model output gets it
     *     ({@link SoundnessScan#firstUnsound}, the vector form when the module is resolved)
     */
    @Benchmark
    public int guardScan() {
        return SoundnessScan.firstUnsound(x.data(), 0, size, SamplingException.MAX_MAGNITUDE);
    }

    /** @return copy of x ({@code System.arraycopy}) */
    @Benchmark
    public Batch baseline() {
        System.arraycopy(x.data(), 0, out.data(), 0, size);
        return out;
    }

    /** @return {@code 0.9 x} */
    @Benchmark
    public Batch scale() {
        Kernels.scale(out, 0.9, x);
        return out;
    }

    /** @return two-term combination */
    @Benchmark
    public Batch lincomb2() {
        Kernels.lincomb2(out, 0.9, x, 0.1, y);
        return out;
    }

    /** @return three-term combination */
    @Benchmark
    public Batch lincomb3() {
        Kernels.lincomb3(out, 0.9, x, 0.1, y, -0.2, z);
        return out;
    }

    /** @return three-term combination written over its first term ({@code x = 0.9 x + 0.1 y - 0.2 z}) */
    @Benchmark
    public Batch lincomb3InPlace() {
        Kernels.lincomb3(x, 0.9, x, 0.1, y, -0.2, z);
        return x;
    }

    /**
     * @return {@link #lincomb3InPlace} consuming {@code y} as a model output evaluated at {@code x} whose check is
     *     pending: the whole-output scan and the update, with the step's open and close
     */
    @Benchmark
    public Batch guardedLincomb3InPlace() {
        guard.open();
        guard.defer(x, y, "guardedLincomb3InPlace", 0, 0.5);
        Kernels.lincomb3(x, 0.9, x, 0.1, y, -0.2, z);
        guard.close();
        return x;
    }

    /** @return four-term combination */
    @Benchmark
    public Batch lincomb4() {
        Kernels.lincomb4(out, 0.9, x, 0.1, y, -0.2, z, 0.3, w);
        return out;
    }

    /** @return five-term combination */
    @Benchmark
    public Batch lincomb5() {
        Kernels.lincomb5(out, 0.9, x, 0.1, y, -0.2, z, 0.3, w, -0.05, v);
        return out;
    }

    /**
     * @return two five-term combinations of the same terms in one loop, each written over one of them, as UniPC's
     *     corrector and the next step's prediction run ({@link Kernels#lincombPair}: {@code x = sum a_k t_k} over the
     *     first term, {@code v = sum b_k t_k} over the last; five reads, two writes of lines already read, ten
     *     multiplies per element)
     */
    @Benchmark
    public Batch lincombPair5() {
        Kernels.lincombPair(x, coefficients, v, pairCoefficients, 5, terms);
        return x;
    }

    /** @return {@code 0.9 x} on the fork-join pool */
    @Benchmark
    public Batch parallelScale() {
        parallel.scale(out, 0.9, x);
        return out;
    }

    /** @return two-term combination on the fork-join pool */
    @Benchmark
    public Batch parallelLincomb2() {
        parallel.lincomb2(out, 0.9, x, 0.1, y);
        return out;
    }

    /** @return four-term combination on the fork-join pool */
    @Benchmark
    public Batch parallelLincomb4() {
        parallel.lincomb4(out, 0.9, x, 0.1, y, -0.2, z, 0.3, w);
        return out;
    }

    /** @return five-term combination through the generic entry point (which runs the fused {@code lincomb5}) */
    @Benchmark
    public Batch lincombGeneric5() {
        Kernels.lincomb(out, 5, coefficients, terms);
        return out;
    }
}
