package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Threaded twins of the {@link Kernels}, for large batches. Below {@link #threshold()} elements a call
 * goes straight to the single-thread kernel (no allocation, no task); above it the flat index range is
 * cut into fixed chunks {@code [i c, min(n, (i+1) c))} of {@link #chunkSize()} elements, and the chunks
 * run on a {@link ForkJoinPool} by recursive halving of the chunk index range.
 *
 * <p>The chunks run exactly the package-private range loops that {@link Kernels} runs on the whole
 * range, and every element's value depends only on that element's inputs (multi-term
 * {@link #lincomb} sums the terms in the same order inside each chunk). Results are therefore
 * bit-identical to the single-thread kernels for every thread count and every chunk size. Aliasing
 * rules are those of the matching {@link Kernels} method.
 *
 * <p>A call that reads a model output whose check is pending ({@link FusedGuard}) runs on the calling thread, as
 * the single-thread kernel with the check fused in.
 *
 * <p>The threaded path allocates a few small task objects per call (not per element); the
 * single-thread path allocates nothing. Immutable and thread-safe.
 */
public final class ParallelKernels implements Kernels.Fused {

    /** Default element count from which calls are threaded ({@code 2^16}, about 512 KiB per operand). */
    public static final int DEFAULT_THRESHOLD = 1 << 16;
    /** Default chunk size ({@code 2^14} elements, 128 KiB per operand). */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 14;

    private static final ParallelKernels SHARED =
            new ParallelKernels(ForkJoinPool.commonPool(), DEFAULT_THRESHOLD, DEFAULT_CHUNK_SIZE);

    private final ForkJoinPool pool;
    private final int threshold;
    private final int chunkSize;

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
     * The shared facade: the common {@link ForkJoinPool}, {@link #DEFAULT_THRESHOLD}, {@link #DEFAULT_CHUNK_SIZE}.
     *
     * @return the shared instance
     */
    public static ParallelKernels shared() {
        return SHARED;
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
                || FusedGuard.claim(out.data(), x.data(), null, null, null, null) != null) {
            Kernels.scale(out, a, x);
            return;
        }
        out.requireSameShape(x);
        double[] o = out.data();
        double[] xs = x.data();
        KernelTraffic.record(o, xs);
        forEachChunk(o.length, (from, to) -> Kernels.scale(o, a, xs, from, to));
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
                || FusedGuard.claim(out.data(), x.data(), y.data(), null, null, null) != null) {
            Kernels.lincomb2(out, a, x, b, y);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        KernelTraffic.record(o, xs, ys);
        forEachChunk(o.length, (from, to) -> Kernels.lincomb2(o, a, xs, b, ys, from, to));
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
                || FusedGuard.claim(out.data(), x.data(), y.data(), z.data(), null, null) != null) {
            Kernels.lincomb3(out, a, x, b, y, c, z);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        double[] zs = z.data();
        KernelTraffic.record(o, xs, ys, zs);
        forEachChunk(o.length, (from, to) -> Kernels.lincomb3(o, a, xs, b, ys, c, zs, from, to));
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
                || FusedGuard.claim(out.data(), x.data(), y.data(), z.data(), w.data(), null) != null) {
            Kernels.lincomb4(out, a, x, b, y, c, z, d, w);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        double[] zs = z.data();
        double[] ws = w.data();
        KernelTraffic.record(o, xs, ys, zs, ws);
        forEachChunk(o.length, (from, to) -> Kernels.lincomb4(o, a, xs, b, ys, c, zs, d, ws, from, to));
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
                || FusedGuard.claim(out.data(), x.data(), y.data(), z.data(), w.data(), v.data()) != null) {
            Kernels.lincomb5(out, a, x, b, y, c, z, d, w, e, v);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        out.requireSameShape(v);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        double[] zs = z.data();
        double[] ws = w.data();
        double[] vs = v.data();
        KernelTraffic.record(o, xs, ys, zs, ws, vs);
        forEachChunk(o.length, (from, to) -> Kernels.lincomb5(o, a, xs, b, ys, c, zs, d, ws, e, vs, from, to));
    }

    /**
     * {@code out = sum_k coefficients[k] terms[k]}; see {@link Kernels#lincomb(Batch, int, double[], BatchView[])}.
     *
     * @param out destination. Modified; may alias {@code terms[0]} only.
     * @param count number of terms to use, at least 1
     * @param coefficients coefficients. Not modified.
     * @param terms inputs. Not modified.
     */
    public void lincomb(Batch out, int count, double[] coefficients, BatchView[] terms) {
        if (out.data().length < threshold || FusedGuard.claim(out.data(), count, terms) != null) {
            Kernels.lincomb(out, count, coefficients, terms);
            return;
        }
        Kernels.checkLincomb(out, count, coefficients, terms);
        if (Kernels.fused(this, out, count, coefficients, terms)) {
            return;
        }
        double[] o = out.data();
        Kernels.recordLincomb(out, count, terms);
        forEachChunk(o.length, (from, to) -> Kernels.lincomb(o, count, coefficients, terms, from, to));
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
                || FusedGuard.claim(out.data(), x.data(), y.data(), null, null, null) != null) {
            Kernels.lerp(out, x, w, y);
            return;
        }
        out.requireSameShape(x);
        out.requireSameShape(y);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        KernelTraffic.record(o, xs, ys);
        forEachChunk(o.length, (from, to) -> Kernels.lerp(o, xs, w, ys, from, to));
    }

    /** One kernel loop over a flat index range. */
    @FunctionalInterface
    private interface RangeLoop {
        void run(int from, int to);
    }

    private void forEachChunk(int n, RangeLoop loop) {
        int chunks = (int) ((n + (long) chunkSize - 1) / chunkSize);
        ChunkTask task = new ChunkTask(loop, n, chunkSize, 0, chunks);
        if (pool == ForkJoinPool.commonPool() || ForkJoinTask.getPool() == pool) {
            // run in the calling thread and let the pool steal the forked halves
            task.invoke();
        } else {
            pool.invoke(task);
        }
    }

    /** Runs chunks {@code [lo, hi)} by recursive halving. */
    private static final class ChunkTask extends RecursiveAction {

        private static final long serialVersionUID = 1L;

        private final transient RangeLoop loop;
        private final int n;
        private final int chunkSize;
        private final int lo;
        private final int hi;

        ChunkTask(RangeLoop loop, int n, int chunkSize, int lo, int hi) {
            this.loop = loop;
            this.n = n;
            this.chunkSize = chunkSize;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int from = lo * chunkSize;
                loop.run(from, (int) Math.min(n, (long) from + chunkSize));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new ChunkTask(loop, n, chunkSize, lo, mid), new ChunkTask(loop, n, chunkSize, mid, hi));
        }
    }
}
