package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Threaded twins of the {@link Kernels}, for large states. Below {@link #threshold()} elements a call goes straight
 * to the single-thread kernel; above it the flat index range is cut into fixed chunks
 * {@code [i c, min(n, (i+1) c))} of {@link #chunkSize()} elements, and the chunks run on a {@link ForkJoinPool} by
 * recursive halving of the chunk index range.
 *
 * <p>The chunks run exactly the package-private range loops that {@link Kernels} runs on the whole range, and every
 * element's value depends only on that element's inputs (multi-term {@link #lincomb} sums the terms in the same order
 * inside each chunk). Results are therefore bit-identical to the single-thread kernels for every thread count and
 * every chunk size. Aliasing rules are those of the matching {@link Kernels} method.
 *
 * <p><b>No allocation per call.</b> The task tree of a size is built on its first call and kept (a run's arrays all
 * have one size), re-armed with {@link ForkJoinTask#reinitialize()} for every call; the kernel's arguments go into
 * one mutable job that the leaves read. So an instance is owned by one run on one thread. A run's context attaches
 * one ({@link #forRuns()}) to its {@link FusedEvaluation}, and then every {@link Kernels} call of its steps at or
 * above the threshold runs here: solvers call {@link Kernels} and need not know.
 *
 * <p>A call that reads a model output whose check or conversion is pending ({@link FusedEvaluation}) goes through
 * {@link Kernels}: on the facade a run attached to its evaluation it runs chunked too, each chunk checking (and
 * converting) its blocks before it computes them and stopping at an unsound one; the calling thread settles the
 * stopped chunks afterwards ({@link FusedEvaluation}), so the exception and its located index are those of the
 * separate scan.
 *
 * <p>Not thread-safe: one run on one thread.
 */
public final class ParallelKernels implements Kernels.Fused {

    /**
     * Default element count from which calls are threaded ({@code 2^17}, 1 MiB per operand): below it, the fork and
     * join of the tasks cost more than the second core saves (docs/performance.md, "Threads").
     */
    public static final int DEFAULT_THRESHOLD = 1 << 17;
    /** Default chunk size ({@code 2^15} elements, 256 KiB per operand). */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 15;
    /** System property: threads of the runs' kernels (default: the available processors; 1 turns threading off). */
    public static final String THREADS_PROPERTY = "samplerkit.kernel.threads";
    /** System property: the runs' threshold (default {@link #DEFAULT_THRESHOLD}). */
    public static final String THRESHOLD_PROPERTY = "samplerkit.kernel.threshold";

    /** The generic multi-term {@link Kernels#lincomb}, beyond the kinds of {@link Kernels#range}. */
    private static final int LINCOMB = -1;

    private final ForkJoinPool pool;
    private final int threshold;
    private final int chunkSize;
    private final Job job = new Job();
    private ChunkTask tree;
    private int treeSize = -1;
    private int chunks;

    /**
     * A facade on a given pool.
     *
     * @param pool pool the chunks run on
     * @param threshold smallest element count that is threaded, at least 1
     * @param chunkSize elements per chunk, at least 1
     */
    public ParallelKernels(ForkJoinPool pool, int threshold, int chunkSize) {
        this.pool = Checks.requireNonNull(pool, "pool");
        this.threshold = Checks.requirePositive(threshold, "threshold");
        this.chunkSize = Checks.requirePositive(chunkSize, "chunkSize");
    }

    /**
     * The facade a run's kernels use, or {@code null} for one thread: when {@value #THREADS_PROPERTY} is at least 2,
     * the calling thread and the common {@link ForkJoinPool}'s workers (its parallelism is the processors minus one),
     * from the threshold of {@value #THRESHOLD_PROPERTY}, in chunks of {@link #DEFAULT_CHUNK_SIZE}.
     *
     * @return a new facade for one run, or {@code null}
     * @throws IllegalArgumentException if a property is not a positive integer
     */
    public static ParallelKernels forRuns() {
        int threads = intProperty(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
        if (threads < 2) {
            return null;
        }
        return new ParallelKernels(ForkJoinPool.commonPool(), intProperty(THRESHOLD_PROPERTY, DEFAULT_THRESHOLD),
                DEFAULT_CHUNK_SIZE);
    }

    private static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Checks.requirePositive(Integer.parseInt(value.trim()), name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Checks.format("%s must be a positive integer, got '%s'", name, value), e);
        }
    }

    /** @return smallest element count that is threaded */
    public int threshold() {
        return threshold;
    }

    /** @return elements per chunk */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * {@code out = a x}; see {@link Kernels#scale}.
     *
     * @param out destination. Modified.
     * @param a coefficient
     * @param x input. Not modified unless aliased.
     */
    @Override
    public void scale(Batch out, double a, BatchView x) {
        if (out.data().length < threshold
                || FusedEvaluation.claim(out.data(), x.data(), null, null, null, null) != null) {
            Kernels.scale(out, a, x);
            return;
        }
        out.requireSameShape(x);
        KernelTraffic.record(out.data(), x.data());
        run(Kernels.SCALE, out.data(), a, x.data(), 0, null, 0, null, 0, null, 0, null);
    }

    /**
     * {@code out = a x + b y}; see {@link Kernels#lincomb2}.
     *
     * @param out destination. Modified.
     * @param a first coefficient
     * @param x first input. Not modified unless aliased.
     * @param b second coefficient
     * @param y second input. Not modified unless aliased.
     */
    @Override
    public void lincomb2(Batch out, double a, BatchView x, double b, BatchView y) {
        if (out.data().length < threshold
                || FusedEvaluation.claim(out.data(), x.data(), y.data(), null, null, null) != null) {
            Kernels.lincomb2(out, a, x, b, y);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        KernelTraffic.record(out.data(), x.data(), y.data());
        run(Kernels.LINCOMB2, out.data(), a, x.data(), b, y.data(), 0, null, 0, null, 0, null);
    }

    /**
     * {@code out = a x + b y + c z}; see {@link Kernels#lincomb3}.
     *
     * @param out destination. Modified.
     * @param a first coefficient
     * @param x first input. Not modified unless aliased.
     * @param b second coefficient
     * @param y second input. Not modified unless aliased.
     * @param c third coefficient
     * @param z third input. Not modified unless aliased.
     */
    @Override
    public void lincomb3(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z) {
        if (out.data().length < threshold
                || FusedEvaluation.claim(out.data(), x.data(), y.data(), z.data(), null, null) != null) {
            Kernels.lincomb3(out, a, x, b, y, c, z);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        KernelTraffic.record(out.data(), x.data(), y.data(), z.data());
        run(Kernels.LINCOMB3, out.data(), a, x.data(), b, y.data(), c, z.data(), 0, null, 0, null);
    }

    /**
     * {@code out = a x + b y + c z + d w}; see {@link Kernels#lincomb4}.
     *
     * @param out destination. Modified.
     * @param a first coefficient
     * @param x first input. Not modified unless aliased.
     * @param b second coefficient
     * @param y second input. Not modified unless aliased.
     * @param c third coefficient
     * @param z third input. Not modified unless aliased.
     * @param d fourth coefficient
     * @param w fourth input. Not modified unless aliased.
     */
    @Override
    public void lincomb4(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z,
            double d, BatchView w) {
        if (out.data().length < threshold
                || FusedEvaluation.claim(out.data(), x.data(), y.data(), z.data(), w.data(), null) != null) {
            Kernels.lincomb4(out, a, x, b, y, c, z, d, w);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        KernelTraffic.record(out.data(), x.data(), y.data(), z.data(), w.data());
        run(Kernels.LINCOMB4, out.data(), a, x.data(), b, y.data(), c, z.data(), d, w.data(), 0, null);
    }

    /**
     * {@code out = a x + b y + c z + d w + e v}; see {@link Kernels#lincomb5}.
     *
     * @param out destination. Modified.
     * @param a first coefficient
     * @param x first input. Not modified unless aliased.
     * @param b second coefficient
     * @param y second input. Not modified unless aliased.
     * @param c third coefficient
     * @param z third input. Not modified unless aliased.
     * @param d fourth coefficient
     * @param w fourth input. Not modified unless aliased.
     * @param e fifth coefficient
     * @param v fifth input. Not modified unless aliased.
     */
    @Override
    public void lincomb5(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z,
            double d, BatchView w, double e, BatchView v) {
        if (out.data().length < threshold
                || FusedEvaluation.claim(out.data(), x.data(), y.data(), z.data(), w.data(), v.data()) != null) {
            Kernels.lincomb5(out, a, x, b, y, c, z, d, w, e, v);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        out.requireSameShape(v);
        KernelTraffic.record(out.data(), x.data(), y.data(), z.data(), w.data(), v.data());
        run(Kernels.LINCOMB5, out.data(), a, x.data(), b, y.data(), c, z.data(), d, w.data(), e, v.data());
    }

    /**
     * {@code out = sum_k coefficients[k] terms[k]}; see {@link Kernels#lincomb} (same order of
     * summation per element, hence the same bits).
     *
     * @param out destination. Modified; may alias {@code terms[0]} only.
     * @param count number of terms, at least 1
     * @param coefficients coefficients. Not modified.
     * @param terms inputs. Not modified.
     */
    public void lincomb(Batch out, int count, double[] coefficients, BatchView[] terms) {
        if (out.data().length < threshold) {
            Kernels.lincomb(out, count, coefficients, terms);
            return;
        }
        Kernels.checkLincomb(out, count, coefficients, terms);
        if (Kernels.fused(this, out, count, coefficients, terms)) {
            return;
        }
        FusedEvaluation.flushFor(out.data(), count, terms);
        Kernels.recordLincomb(out, count, terms);
        job.count = count;
        job.coefficients = coefficients;
        job.terms = terms;
        run(LINCOMB, out.data(), 0, null, 0, null, 0, null, 0, null, 0, null);
        job.coefficients = null;
        job.terms = null;
    }

    /**
     * {@code out = x + w (y - x)}; see {@link Kernels#lerp}.
     *
     * @param out destination. Modified.
     * @param x first input. Not modified unless aliased.
     * @param w weight
     * @param y second input. Not modified unless aliased.
     */
    public void lerp(Batch out, BatchView x, double w, BatchView y) {
        if (out.data().length < threshold
                || FusedEvaluation.claim(out.data(), x.data(), y.data(), null, null, null) != null) {
            Kernels.lerp(out, x, w, y);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        KernelTraffic.record(out.data(), x.data(), y.data());
        run(Kernels.LERP, out.data(), w, x.data(), 0, y.data(), 0, null, 0, null, 0, null);
    }

    /**
     * Runs a checked, recorded kernel that consumes the pending evaluation {@code g} on the chunks, each checking and
     * converting its blocks first, then settles the chunks that stopped at an unsound block on the calling thread
     * ({@link FusedEvaluation}; {@link Kernels}, when a run attached this facade).
     *
     * @throws io.samplerkit.core.SamplingException if the evaluation fails its check
     */
    void runClaimed(FusedEvaluation g, int kind, double[] o, double a, double[] x, double b, double[] y, double c,
            double[] z, double d, double[] w, double e, double[] v) {
        job.claimed = g;
        try {
            invoke(kind, o, a, x, b, y, c, z, d, w, e, v);
            job.claimed = null;
            g.settle(o, job.stops, chunks, chunkSize, job);
        } finally {
            job.claimed = null;
            job.clear();
        }
    }

    /**
     * Runs a checked, recorded kernel that reads no pending evaluation on the chunks ({@link Kernels}, when a run
     * attached this facade).
     */
    void run(int kind, double[] o, double a, double[] x, double b, double[] y, double c, double[] z, double d,
            double[] w, double e, double[] v) {
        try {
            invoke(kind, o, a, x, b, y, c, z, d, w, e, v);
        } finally {
            job.clear();
        }
    }

    /** Sets the job's arguments (kept until {@link Job#clear}) and runs the chunks. */
    private void invoke(int kind, double[] o, double a, double[] x, double b, double[] y, double c, double[] z,
            double d, double[] w, double e, double[] v) {
        Job j = job;
        j.kind = kind;
        j.o = o;
        j.a = a;
        j.x = x;
        j.b = b;
        j.y = y;
        j.c = c;
        j.z = z;
        j.d = d;
        j.w = w;
        j.e = e;
        j.v = v;
        int n = o.length;
        if (n != treeSize) {
            chunks = (int) ((n + (long) chunkSize - 1) / chunkSize);
            tree = new ChunkTask(job, n, chunkSize, 0, chunks);
            job.stops = new int[chunks];
            treeSize = n;
        }
        tree.rearm();
        if (pool == ForkJoinPool.commonPool() || ForkJoinTask.getPool() == pool) {
            // run in the calling thread and let the pool steal the forked halves
            tree.invoke();
        } else {
            pool.invoke(tree);
        }
    }

    /** A kernel's loop over a flat index range. */
    interface Range {
        /**
         * Computes {@code [from, to)}.
         *
         * @param from first index
         * @param to end (exclusive)
         */
        void run(int from, int to);
    }

    /** The arguments of the kernel being run; the leaves read them. */
    private static final class Job implements Range {
        int kind;
        double[] o;
        double a;
        double[] x;
        double b;
        double[] y;
        double c;
        double[] z;
        double d;
        double[] w;
        double e;
        double[] v;
        int count;
        double[] coefficients;
        BatchView[] terms;
        /** The evaluation a claiming call checks and converts per block, or {@code null}. */
        FusedEvaluation claimed;
        /** Per chunk, where a claiming call stopped at an unsound block, or -1. */
        int[] stops;

        /** Drops the arrays (the job outlives the call). */
        void clear() {
            o = null;
            x = null;
            y = null;
            z = null;
            w = null;
            v = null;
        }

        /** One chunk: a claiming call checks and converts each block first and stops at an unsound one. */
        void runChunk(int chunk, int from, int to) {
            FusedEvaluation g = claimed;
            if (g == null) {
                run(from, to);
                return;
            }
            for (int b = from, e; b < to; b = e) {
                e = Math.min(to, b + FusedEvaluation.BLOCK);
                if (!g.blockSound(o, b, e)) {
                    stops[chunk] = b;
                    return;
                }
                g.convertBlock(b, e);
                run(b, e);
            }
            stops[chunk] = -1;
        }

        @Override
        public void run(int from, int to) {
            if (kind == LINCOMB) {
                Kernels.lincomb(o, count, coefficients, terms, from, to);
            } else {
                Kernels.range(kind, o, a, x, b, y, c, z, d, w, e, v, from, to);
            }
        }
    }

    /** A node of the pre-built task tree over chunk indices {@code [lo, hi)}. */
    private static final class ChunkTask extends RecursiveAction {

        private static final long serialVersionUID = 1L;

        private final transient Job job;
        private final int n;
        private final int chunkSize;
        private final int lo;
        private final ChunkTask left;
        private final ChunkTask right;

        ChunkTask(Job job, int n, int chunkSize, int lo, int hi) {
            this.job = job;
            this.n = n;
            this.chunkSize = chunkSize;
            this.lo = lo;
            if (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                left = new ChunkTask(job, n, chunkSize, lo, mid);
                right = new ChunkTask(job, n, chunkSize, mid, hi);
            } else {
                left = null;
                right = null;
            }
        }

        /** Makes the whole tree runnable again. */
        void rearm() {
            reinitialize();
            if (left != null) {
                left.rearm();
                right.rearm();
            }
        }

        @Override
        protected void compute() {
            if (left == null) {
                int from = lo * chunkSize;
                job.runChunk(lo, from, (int) Math.min(n, (long) from + chunkSize));
                return;
            }
            invokeAll(left, right);
        }
    }
}
