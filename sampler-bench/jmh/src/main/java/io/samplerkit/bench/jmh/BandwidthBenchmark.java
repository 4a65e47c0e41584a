package io.samplerkit.bench.jmh;

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

    private double[] a;
    private double[] b;

    /** Allocates and fills the arrays. */
    @Setup
    public void setUp() {
        int n = Math.multiplyExact(dim, batch);
        a = new double[n];
        b = new double[n];
        Arrays.fill(a, 2.0);
        Arrays.fill(b, 1.0);
    }

    /**
     * @return the destination (returned so it is not dead code)
     */
    @Benchmark
    public double[] triad() {
        double s = 0.5;
        double[] a1 = a;
        double[] b1 = b;
        for (int i = 0; i < a1.length; i++) {
            a1[i] = b1[i] + s * a1[i];
        }
        return a1;
    }
}
