package io.samplerkit.core.kernel;

/**
 * The counting facade of the kernels: every state-sized pass a kernel (or a guard scan) makes over an
 * array is reported to an installed {@link Recorder}, so that a benchmark can measure the bytes a
 * solver step really moves instead of reading them off the code.
 *
 * <p>Each public {@link Kernels} and {@link ParallelKernels} method reports, before it runs, one
 * {@link Recorder#read} per input array (in argument order) and then one {@link Recorder#write} for its
 * destination; the generic multi-pass {@link Kernels#lincomb} reports each of its passes. With no
 * recorder installed (the normal case) the cost is one volatile read per kernel call, nothing per
 * element, and no allocation.
 *
 * <p>The recorder is process-wide: install it only around single-threaded measurement code (the
 * threaded kernels report from the calling thread, once per call).
 */
public final class KernelTraffic {

    /** Receives the passes kernels make. */
    public interface Recorder {
        /**
         * A kernel reads every element of {@code array} once.
         *
         * @param array the array read. Not modified.
         */
        void read(double[] array);

        /**
         * A kernel writes every element of {@code array} once.
         *
         * @param array the array written. Not modified by the recorder.
         */
        void write(double[] array);

        /**
         * A reduction over the arrays read so far finished, and what follows needs its result (a norm that scales the
         * next update): no pass after this point can share a sweep over memory with one before it, as across a model
         * call. The default ignores it.
         */
        default void barrier() {
        }
    }

    private static volatile Recorder recorder;

    private KernelTraffic() {
    }

    /**
     * Installs a recorder (replacing any other), or removes it with {@code null}.
     *
     * @param r the recorder, or {@code null} to stop recording
     */
    public static void install(Recorder r) {
        recorder = r;
    }

    /**
     * Reports one pass reading {@code array} (no-op without a recorder). For code outside this package
     * that scans a state-sized array itself, such as the non-finite guards.
     *
     * @param array the array read. Not modified.
     */
    public static void read(double[] array) {
        Recorder r = recorder;
        if (r != null) {
            r.read(array);
        }
    }

    /**
     * Reports one pass writing {@code array} (no-op without a recorder).
     *
     * @param array the array written. Not modified.
     */
    public static void write(double[] array) {
        Recorder r = recorder;
        if (r != null) {
            r.write(array);
        }
    }

    /**
     * Reports that a reduction over the passes so far finished and the passes after it need its result
     * ({@link Recorder#barrier}; no-op without a recorder).
     */
    public static void barrier() {
        Recorder r = recorder;
        if (r != null) {
            r.barrier();
        }
    }

    /** @return whether a recorder is installed */
    static boolean recording() {
        return recorder != null;
    }

    static void record(double[] out, double[] a) {
        Recorder r = recorder;
        if (r != null) {
            r.read(a);
            r.write(out);
        }
    }

    static void record(double[] out, double[] a, double[] b) {
        if (recorder != null) {
            read(a);
            record(out, b);
        }
    }

    static void record(double[] out, double[] a, double[] b, double[] c) {
        if (recorder != null) {
            read(a);
            record(out, b, c);
        }
    }

    static void record(double[] out, double[] a, double[] b, double[] c, double[] d) {
        if (recorder != null) {
            read(a);
            record(out, b, c, d);
        }
    }

    static void record(double[] out, double[] a, double[] b, double[] c, double[] d, double[] e) {
        if (recorder != null) {
            read(a);
            record(out, b, c, d, e);
        }
    }
}
