package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Threaded twins of the {@link Kernels}, for large states. Below {@link #threshold()} elements a call goes straight
 * to the single-thread kernel; above it the flat index range is cut into fixed chunks
 * {@code [i c, min(n, (i+1) c))} of {@link #chunkSize()} elements, and the calling thread and the
 * {@link KernelWorkers} claim the chunks one by one, the calling thread from the first chunk on and the workers from
 * the last one back, so that on two threads each works on about the same half of the arrays from call to call.
 *
 * <p>The chunks run exactly the package-private range loops that {@link Kernels} runs on the whole range, and every
 * element's value depends only on that element's inputs (multi-term {@link #lincomb} sums the terms in the same order
 * inside each chunk). Results are therefore bit-identical to the single-thread kernels for every thread count and
 * every chunk size. Aliasing rules are those of the matching {@link Kernels} method.
 *
 * <p><b>No allocation per call.</b> The per-chunk state of a size is made on its first call and kept (a run's arrays
 * all have one size), and the call state of the workers is re-armed for every call; the kernel's arguments go into
 * one mutable job that the chunks read. So an instance is owned by one run on one thread. A run's context attaches
 * one ({@link #forRuns()}) to its {@link FusedEvaluation}, and then every {@link Kernels} call of its steps at or
 * above the threshold runs here: solvers call {@link Kernels} and need not know.
 *
 * <p>A call that reads a model output whose check or conversion is pending ({@link FusedEvaluation}) runs chunked
 * too, each chunk checking (and converting) its blocks before it computes them and stopping at an unsound one; the
 * calling thread settles the stopped chunks afterwards ({@link FusedEvaluation}), so the exception and its located
 * index are those of the separate scan. When the call overwrites the evaluated state and the output is within the
 * scan-ahead limit ({@link FusedEvaluation#SCAN_AHEAD}), the chunks first scan the whole output, each its part; a sound
 * output spares them the scans of the output's and the state's blocks. A call that consumes a draw left to it
 * ({@link FusedEvaluation#drawLater}) runs chunked when the draw's source has {@link BlockSource#reader readers}: each
 * chunk gets a reader of its own (made once per run) and generates its part of the draw block by block into a block
 * of its own, the same values as the in-order draw. The fused pair {@link Kernels#lincombPair} runs chunked like the
 * other kernels. Every public method of this facade goes through the same path as {@link Kernels}, so a pending
 * evaluation or draw it reads is consumed as there, never skipped.
 *
 * <p>Not thread-safe: one run on one thread.
 */
public final class ParallelKernels implements Kernels.Fused {

    /**
     * Default element count from which calls are threaded ({@code 2^16}, two chunks of {@link #DEFAULT_CHUNK_SIZE}):
     * the smallest count that splits, and already 2.2x faster than one thread for a five-array kernel on the
     * development machine (docs/performance.md, "Threads", the quiet measurement of the threshold).
     */
    public static final int DEFAULT_THRESHOLD = 1 << 16;
    /** Default chunk size ({@code 2^15} elements, 256 KiB per operand). */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 15;
    /**
     * System property: threads of the runs' kernels (default: the available processors, read once per JVM; 1 turns
     * threading off).
     */
    public static final String THREADS_PROPERTY = "samplerkit.kernel.threads";
    /** System property: the runs' threshold (default {@link #DEFAULT_THRESHOLD}). */
    public static final String THRESHOLD_PROPERTY = "samplerkit.kernel.threshold";

    /** The generic multi-term {@link Kernels#lincomb}, beyond the kinds of {@link Kernels#range}. */
    private static final int LINCOMB = -1;
    /** The pair {@link Kernels#lincombPair}. */
    private static final int PAIR = -2;
    /** A draw written into its array, {@link Kernels#draw}. */
    private static final int DRAW = -3;
    /**
     * Elements of the block a chunk generates its part of a draw into, one block per chunk (a thread-local block would
     * not do: any thread may run any chunk, and a block per thread would have to be looked up per call). Any block
     * size gives the same bits.
     */
    private static final int DRAW_BLOCK = 512;

    private final KernelWorkers workers;
    private final KernelWorkers.Call call = new KernelWorkers.Call();
    private final int threshold;
    private final int chunkSize;
    private final Job job = new Job();
    private int preparedSize = -1;
    private int chunks;
    // the readers of the last two draw sources (a run's step noise and its Brownian tree's), made once per source
    // and chunk count; the current one is readerSlot's
    private final BlockSource[] readerSources = new BlockSource[2];
    private final BlockSource.Reader[] firstReaders = new BlockSource.Reader[2];
    private final BlockSource.Reader[][] readerSets = new BlockSource.Reader[2][];
    private int readerSlot;
    private long pairCalls;
    private long drawCalls;

    /**
     * A facade on given workers.
     *
     * @param workers the threads that run chunks beside the calling thread
     * @param threshold smallest element count that is threaded, at least 1
     * @param chunkSize elements per chunk, at least 1
     */
    public ParallelKernels(KernelWorkers workers, int threshold, int chunkSize) {
        this.workers = Checks.requireNonNull(workers, "workers");
        this.threshold = Checks.requirePositive(threshold, "threshold");
        this.chunkSize = Checks.requirePositive(chunkSize, "chunkSize");
    }

    /**
     * The facade a run's kernels use, or {@code null} for one thread: when {@value #THREADS_PROPERTY} is at least 2,
     * the calling thread and the {@link KernelWorkers#shared() shared} workers (the processors minus one),
     * from the threshold of {@value #THRESHOLD_PROPERTY}, in chunks of {@link #DEFAULT_CHUNK_SIZE}.
     *
     * @return a new facade for one run, or {@code null}
     * @throws io.samplerkit.core.InvalidInputException if a property is not a positive integer
     */
    public static ParallelKernels forRuns() {
        int threads = KernelProperties.intProperty(THREADS_PROPERTY, KernelWorkers.processors(), 1);
        if (threads < 2) {
            return null;
        }
        int threshold = KernelProperties.intProperty(THRESHOLD_PROPERTY, DEFAULT_THRESHOLD, 1);
        return new ParallelKernels(KernelWorkers.shared(), threshold, DEFAULT_CHUNK_SIZE);
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
        out.requireSameShape(x);
        Kernels.applyOn(at(out), Kernels.SCALE, out.data(), a, x.data(), 0, null, 0, null, 0, null, 0, null);
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
        out.requireSameShape(x);
        out.requireSameShape(y);
        Kernels.applyOn(at(out), Kernels.LINCOMB2, out.data(), a, x.data(), b, y.data(), 0, null, 0, null, 0, null);
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
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        Kernels.applyOn(at(out), Kernels.LINCOMB3, out.data(), a, x.data(), b, y.data(), c, z.data(), 0, null, 0,
                null);
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
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        Kernels.applyOn(at(out), Kernels.LINCOMB4, out.data(), a, x.data(), b, y.data(), c, z.data(), d, w.data(), 0,
                null);
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
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        out.requireSameShape(v);
        Kernels.applyOn(at(out), Kernels.LINCOMB5, out.data(), a, x.data(), b, y.data(), c, z.data(), d, w.data(), e,
                v.data());
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
        run(null, null, LINCOMB, out.data(), 0, null, 0, null, 0, null, 0, null, 0, null);
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
        out.requireSameShape(x);
        out.requireSameShape(y);
        Kernels.applyOn(at(out), Kernels.LERP, out.data(), w, x.data(), 0, y.data(), 0, null, 0, null, 0, null);
    }

    /** This facade for a call on {@code out} from the threshold on, else {@code null} (the calling thread). */
    private ParallelKernels at(Batch out) {
        return out.data().length >= threshold ? this : null;
    }

    /**
     * @return the calls of {@link Kernels#lincombPair} this facade has run in chunks
     */
    public long pairCalls() {
        return pairCalls;
    }

    /**
     * @return the calls this facade has run in chunks that generated a draw: a kernel consuming a draw left to it
     *     ({@link FusedEvaluation#drawLater}) or a draw written into its array ({@link Kernels#draw})
     */
    public long drawCalls() {
        return drawCalls;
    }

    /**
     * Whether a call that draws from {@code source} can run in chunks: the source has {@link BlockSource#reader
     * readers}. Asks the source once while it is one of the last two sources drawn from (a run has its step noise
     * and, in Brownian mode, its tree's), so alternating between two allocates nothing.
     */
    boolean canSplit(BlockSource source) {
        int slot = readerSources[0] == source ? 0 : readerSources[1] == source ? 1 : -1;
        if (slot < 0) {
            slot = 1 - readerSlot;
            readerSources[slot] = source;
            firstReaders[slot] = source.reader();
            readerSets[slot] = null;
        }
        readerSlot = slot;
        return firstReaders[slot] != null;
    }

    /**
     * Runs a checked, recorded kernel on the chunks ({@link Kernels}, when a run attached this facade, or one of this
     * facade's methods from its threshold on). When it consumes the pending evaluation {@code g}, each chunk checks and
     * converts its blocks first, and the chunks that stopped at an unsound block are settled on the calling thread
     * ({@link FusedEvaluation}). When it consumes the draw left to it ({@code n}, whose source {@link #canSplit}),
     * each chunk generates its part of the draw with a reader of its own, block by block.
     *
     * @throws io.samplerkit.core.SamplingException if the evaluation fails its check
     */
    void run(FusedEvaluation g, FusedEvaluation n, int kind, double[] o, double a, double[] x, double b, double[] y,
            double c, double[] z, double d, double[] w, double e, double[] v) {
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
        prepare(o.length);
        if (n != null) {
            armReaders();
            j.drawn = true;
            drawCalls++;
        }
        runChunks(g, o);
        FusedEvaluation.doneNoise(n, o);
    }

    /**
     * {@link Kernels#lincombPair} on the chunks ({@code o} and {@code p} as there), the pending evaluation {@code g}
     * claimed with destination {@code p} as in {@link #run}.
     *
     * @throws io.samplerkit.core.SamplingException if the evaluation fails its check
     */
    void runPair(FusedEvaluation g, double[] o, double[] a, double[] p, double[] b, int count, double[] t0,
            double[] t1, double[] t2, double[] t3, double[] t4) {
        Job j = job;
        j.kind = PAIR;
        j.o = p;
        j.o2 = o;
        j.coefficients = a;
        j.coefficients2 = b;
        j.count = count;
        j.x = t0;
        j.y = t1;
        j.z = t2;
        j.w = t3;
        j.v = t4;
        prepare(o.length);
        pairCalls++;
        runChunks(g, p);
    }

    /**
     * {@link Kernels#draw} on the chunks: each writes its part of the draw of the source last passed to
     * {@link #canSplit} into {@code o} with its reader.
     */
    void runDraw(double[] o) {
        job.kind = DRAW;
        job.o = o;
        prepare(o.length);
        armReaders();
        drawCalls++;
        runChunks(null, o);
    }

    /** Runs the job's chunks (its arguments set), settles a claimed evaluation, then drops the job's arrays. */
    private void runChunks(FusedEvaluation g, double[] o) {
        job.claimed = g;
        try {
            if (g != null && g.chunksScanAhead(o)) {
                // the whole output first, on the chunks: a sound one spares every chunk its state scans
                job.scanning = true;
                workers.run(call, job, chunks);
                job.scanning = false;
                g.scannedOnChunks(job.stops, chunks);
            }
            workers.run(call, job, chunks);
            job.claimed = null;
            if (g != null) {
                g.settle(o, job.stops, chunks, chunkSize, job);
            }
        } finally {
            job.claimed = null;
            job.clear();
        }
    }

    /** Makes the per-chunk state of {@code n} elements unless the last call had that size. */
    private void prepare(int n) {
        if (n != preparedSize) {
            chunks = (int) ((n + (long) chunkSize - 1) / chunkSize);
            job.n = n;
            job.stops = new int[chunks];
            preparedSize = n;
        }
        job.chunkSize = chunkSize;
    }

    /** One reader of the draw's source (the one {@link #canSplit} saw last) and one block per chunk. */
    private void armReaders() {
        BlockSource.Reader[] readers = readerSets[readerSlot];
        if (readers == null || readers.length != chunks) {
            readers = new BlockSource.Reader[chunks];
            readers[0] = firstReaders[readerSlot];
            for (int k = 1; k < chunks; k++) {
                readers[k] = readerSources[readerSlot].reader();
            }
            readerSets[readerSlot] = readers;
        }
        job.readers = readers;
        if (job.blocks == null || job.blocks.length != chunks) {
            job.blocks = new double[chunks][DRAW_BLOCK];
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
    private static final class Job implements Range, KernelWorkers.ChunkBody {
        int kind;
        /** Elements of the call's arrays. */
        int n;
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
        /** The pair's first destination and its second coefficients ({@code coefficients} are the first). */
        double[] o2;
        double[] coefficients2;
        /** The evaluation a claiming call checks and converts per block, or {@code null}. */
        FusedEvaluation claimed;
        /**
         * Per chunk, where a claiming call stopped at an unsound block, or -1; while {@code scanning}, the chunk's first
         * unsound output element, or -1.
         */
        int[] stops;
        /** Whether the chunks run their part of the whole-output scan instead of the kernel. */
        boolean scanning;
        /** Whether the kernel's last term is a draw, generated per chunk by {@code readers[chunk]}. */
        boolean drawn;
        BlockSource.Reader[] readers;
        /** Per chunk, the block its part of a draw is generated into. */
        double[][] blocks;
        int chunkSize;

        /** Drops the arrays (the job outlives the call). */
        void clear() {
            o = null;
            x = null;
            y = null;
            z = null;
            w = null;
            v = null;
            o2 = null;
            coefficients = null;
            coefficients2 = null;
            terms = null;
            drawn = false;
            scanning = false;
        }

        @Override
        public void runChunk(int chunk) {
            int from = chunk * chunkSize;
            runChunk(chunk, from, (int) Math.min(n, (long) from + chunkSize));
        }

        /**
         * One chunk: its part of the whole-output scan while {@code scanning}; else the kernel, a claiming call
         * checking and converting each block first and stopping at an unsound one (after a sound whole-output scan the
         * check of a block returns at once).
         */
        void runChunk(int chunk, int from, int to) {
            FusedEvaluation g = claimed;
            if (scanning) {
                stops[chunk] = g.firstUnsoundOutput(from, to);
                return;
            }
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
            } else if (kind == DRAW) {
                readers[from / chunkSize].read(from, o, from, to - from);
            } else if (kind == PAIR) {
                Kernels.pair(o2, coefficients, o, coefficients2, count, x, y, z, w, v, from, to);
            } else if (drawn) {
                // [from, to) lies in one chunk (a whole chunk, a checked block or a settled rest)
                BlockSource.Reader reader = readers[from / chunkSize];
                double[] block = blocks[from / chunkSize];
                for (int lo = from, hi; lo < to; lo = hi) {
                    hi = Math.min(to, lo + DRAW_BLOCK);
                    reader.read(lo, block, 0, hi - lo);
                    Kernels.withDrawnLastTerm(kind, o, a, x, b, y, c, z, d, w, e, block, lo, hi);
                }
            } else {
                Kernels.range(kind, o, a, x, b, y, c, z, d, w, e, v, from, to);
            }
        }
    }
}
