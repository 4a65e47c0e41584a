package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Fused element-wise linear combinations over batches, one pass over memory and no allocation.
 *
 * <p>Every kernel computes {@code out[i] = a x[i] + b y[i] + ...} element by element, so
 * {@code out} may alias any input ("Modified." for {@code out}, "Not modified." for inputs that do
 * not alias it). Shapes are checked once per call; the loops themselves are unchecked.
 * The combination is evaluated left to right in the order of the arguments, which fixes the rounding.
 * Each public kernel delegates to a package-private loop over a flat index range {@code [from, to)};
 * {@link ParallelKernels} runs the same loops on fixed chunks, so its results are bit-identical.
 *
 * <p>A model evaluation whose check or conversion is pending on the calling thread ({@link FusedEvaluation}) is checked
 * and converted by the first kernel that reads it, block by block inside the kernel, instead of by separate passes.
 *
 * <p>Thread-safe: stateless.
 */
public final class Kernels {

    static final int SCALE = 0;
    static final int CLAMP = 1;
    static final int COPY = 2;
    static final int LINCOMB2 = 3;
    static final int LINCOMB3 = 4;
    static final int LINCOMB4 = 5;
    static final int LINCOMB5 = 6;
    static final int LERP = 7;

    private Kernels() {
    }

    /**
     * Runs a checked kernel over its whole range, on the run's threaded kernels from their threshold, else on the
     * calling thread. Arguments as in {@link #range}.
     */
    static void apply(int kind, double[] o, double a, double[] x, double b, double[] y, double c, double[] z,
            double d, double[] w, double e, double[] v) {
        applyOn(FusedEvaluation.threads(o.length), kind, o, a, x, b, y, c, z, d, w, e, v);
    }

    /**
     * Runs a checked kernel over its whole range on {@code threads} ({@code null}: the calling thread): the pending
     * evaluation it reads, if any, checked and converted block by block ({@link FusedEvaluation}), a pending draw it
     * reads as its last term generated block by block ({@link #withDrawnLastTerm}). A draw whose source has no
     * {@link BlockSource#reader readers} is delivered in order, so such a call stays on the calling thread.
     * Reports its passes to {@link KernelTraffic} first. Arguments as in {@link #range}.
     */
    static void applyOn(ParallelKernels threads, int kind, double[] o, double a, double[] x, double b, double[] y,
            double c, double[] z, double d, double[] w, double e, double[] v) {
        FusedEvaluation n = FusedEvaluation.claimNoise(kind, o, x, y, z, w, v);
        FusedEvaluation g = FusedEvaluation.claim(o, x, y, z, w, v);
        FusedEvaluation.record(g, n, o, x, y, z, w, v);
        if (threads != null && (n == null || threads.canSplit(FusedEvaluation.noiseSource(n)))) {
            threads.run(g, n, kind, o, a, x, b, y, c, z, d, w, e, v);
            return;
        }
        for (int from = 0, to; from < o.length; from = to) {
            to = FusedEvaluation.blockEnd(g, o, from);
            if (n == null) {
                range(kind, o, a, x, b, y, c, z, d, w, e, v, from, to);
            } else {
                for (int lo = from, hi; lo < to; lo = hi) {
                    hi = Math.min(to, lo + FusedEvaluation.BLOCK);
                    withDrawnLastTerm(kind, o, a, x, b, y, c, z, d, w, e, FusedEvaluation.nextNoise(n, hi - lo),
                            lo, hi);
                }
            }
        }
        FusedEvaluation.done(g);
        FusedEvaluation.doneNoise(n, o);
    }

    /**
     * A {@code lincomb2..5} on {@code [from, to)} whose last term's values are {@code block[0, to - from)} (a draw left
     * to it, {@link FusedEvaluation#drawLater}): the kernel of one term less computes the other terms and the last one
     * is added from the block. Java sums {@code a x + b y + c z} left to right, each partial sum rounded to a double,
     * so adding the last product to the stored partial sum gives the same bits as the full kernel.
     */
    static void withDrawnLastTerm(int kind, double[] o, double a, double[] x, double b, double[] y, double c,
            double[] z, double d, double[] w, double e, double[] block, int from, int to) {
        double last = switch (kind) {
            case LINCOMB2 -> b;
            case LINCOMB3 -> c;
            case LINCOMB4 -> d;
            default -> e;
        };
        switch (kind) {
            case LINCOMB2 -> scale(o, a, x, from, to);
            case LINCOMB3 -> lincomb2(o, a, x, b, y, from, to);
            case LINCOMB4 -> lincomb3(o, a, x, b, y, c, z, from, to);
            default -> lincomb4(o, a, x, b, y, c, z, d, w, from, to);
        }
        for (int i = from; i < to; i++) {
            o[i] += last * block[i - from];
        }
    }

    /**
     * The range loop of one kernel over {@code [from, to)}: {@code kind} names it, {@code a ... e} are its
     * coefficients in argument order (the bound of {@code CLAMP}, the weight of {@code LERP}), {@code x ... v} its
     * inputs ({@code null} for absent ones).
     */
    static void range(int kind, double[] o, double a, double[] x, double b, double[] y, double c, double[] z,
            double d, double[] w, double e, double[] v, int from, int to) {
        switch (kind) {
            case SCALE -> scale(o, a, x, from, to);
            case CLAMP -> clamp(o, a, x, from, to);
            case COPY -> System.arraycopy(x, from, o, from, to - from);
            case LINCOMB2 -> lincomb2(o, a, x, b, y, from, to);
            case LINCOMB3 -> lincomb3(o, a, x, b, y, c, z, from, to);
            case LINCOMB4 -> lincomb4(o, a, x, b, y, c, z, d, w, from, to);
            case LINCOMB5 -> lincomb5(o, a, x, b, y, c, z, d, w, e, v, from, to);
            case LERP -> lerp(o, x, a, y, from, to);
            default -> throw new IllegalStateException("unknown kernel " + kind);
        }
    }

    /**
     * {@code out = a x}.
     *
     * @param out destination. Modified.
     * @param a coefficient
     * @param x input. Not modified unless aliased with {@code out}.
     */
    public static void scale(Batch out, double a, BatchView x) {
        out.requireSameShape(x);
        double[] o = out.data();
        double[] xs = x.data();
        apply(SCALE, o, a, xs, 0, null, 0, null, 0, null, 0, null);
    }

    static void scale(double[] o, double a, double[] xs, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a * xs[i];
        }
    }

    /**
     * {@code out = min(max(x, -limit), limit)}, element by element: static clipping to {@code [-limit, limit]}
     * (diffusers' {@code clip_sample}). NaN stays NaN.
     *
     * @param out destination. Modified.
     * @param limit the bound, positive
     * @param x input. Not modified unless aliased with {@code out}.
     */
    public static void clamp(Batch out, double limit, BatchView x) {
        out.requireSameShape(x);
        double[] o = out.data();
        double[] xs = x.data();
        apply(CLAMP, o, limit, xs, 0, null, 0, null, 0, null, 0, null);
    }

    static void clamp(double[] o, double limit, double[] xs, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = xs[i];
            o[i] = v > limit ? limit : v < -limit ? -limit : v;
        }
    }

    /**
     * {@code out = x}, element by element ({@link System#arraycopy}): the copy a step makes of a state or a
     * model output, reported to {@link KernelTraffic} like every kernel.
     *
     * @param out destination. Modified.
     * @param x input. Not modified.
     */
    public static void copy(Batch out, BatchView x) {
        out.requireSameShape(x);
        double[] o = out.data();
        double[] xs = x.data();
        apply(COPY, o, 0, xs, 0, null, 0, null, 0, null, 0, null);
    }

    /**
     * {@code out = a x + b y}.
     *
     * @param out destination. Modified.
     * @param a first coefficient
     * @param x first input. Not modified unless aliased.
     * @param b second coefficient
     * @param y second input. Not modified unless aliased.
     */
    public static void lincomb2(Batch out, double a, BatchView x, double b, BatchView y) {
        out.requireSameShape(x);
        out.requireSameShape(y);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        apply(LINCOMB2, o, a, xs, b, ys, 0, null, 0, null, 0, null);
    }

    static void lincomb2(double[] o, double a, double[] xs, double b, double[] ys, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a * xs[i] + b * ys[i];
        }
    }

    /**
     * {@code out = a x + b y + c z}.
     *
     * @param out destination. Modified.
     * @param a first coefficient
     * @param x first input. Not modified unless aliased.
     * @param b second coefficient
     * @param y second input. Not modified unless aliased.
     * @param c third coefficient
     * @param z third input. Not modified unless aliased.
     */
    public static void lincomb3(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z) {
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        double[] zs = z.data();
        apply(LINCOMB3, o, a, xs, b, ys, c, zs, 0, null, 0, null);
    }

    static void lincomb3(double[] o, double a, double[] xs, double b, double[] ys, double c, double[] zs,
            int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a * xs[i] + b * ys[i] + c * zs[i];
        }
    }

    /**
     * {@code out = a x + b y + c z + d w}.
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
    public static void lincomb4(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z,
            double d, BatchView w) {
        out.requireSameShape(x);
        out.requireSameShape(y);
        out.requireSameShape(z);
        out.requireSameShape(w);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        double[] zs = z.data();
        double[] ws = w.data();
        apply(LINCOMB4, o, a, xs, b, ys, c, zs, d, ws, 0, null);
    }

    static void lincomb4(double[] o, double a, double[] xs, double b, double[] ys, double c, double[] zs,
            double d, double[] ws, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a * xs[i] + b * ys[i] + c * zs[i] + d * ws[i];
        }
    }

    /**
     * {@code out = a x + b y + c z + d w + e v}.
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
    public static void lincomb5(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z,
            double d, BatchView w, double e, BatchView v) {
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
        apply(LINCOMB5, o, a, xs, b, ys, c, zs, d, ws, e, vs);
    }

    static void lincomb5(double[] o, double a, double[] xs, double b, double[] ys, double c, double[] zs,
            double d, double[] ws, double e, double[] vs, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a * xs[i] + b * ys[i] + c * zs[i] + d * ws[i] + e * vs[i];
        }
    }

    /**
     * {@code out = sum_k coefficients[k] terms[k]} for the first {@code count} terms, in order.
     * Up to five terms it runs the fused single-pass kernel ({@link #scale}, {@link #lincomb2} ...
     * {@link #lincomb5}): they sum the products left to right exactly as the multi-pass loop does (each product
     * rounded, then added to the running sum), so the result is bit-identical; beyond five it accumulates into
     * {@code out}, one pass per term. The caller allocates {@code coefficients} and {@code terms} once per run.
     *
     * @param out destination. Modified; may alias {@code terms[0]} only (later terms are read after
     *     {@code out} has been partially written otherwise).
     * @param count number of terms to use, at least 1
     * @param coefficients coefficients. Not modified.
     * @param terms inputs. Not modified.
     */
    public static void lincomb(Batch out, int count, double[] coefficients, BatchView[] terms) {
        checkLincomb(out, count, coefficients, terms);
        if (!fused(SINGLE_THREAD, out, count, coefficients, terms)) {
            FusedEvaluation.flushFor(out.data(), count, terms);
            recordLincomb(out, count, terms);
            lincomb(out.data(), count, coefficients, terms, 0, out.data().length);
        }
    }

    /** The fused kernels of one facade, so that {@link #fused} serves both. */
    interface Fused {
        void scale(Batch out, double a, BatchView x);

        void lincomb2(Batch out, double a, BatchView x, double b, BatchView y);

        void lincomb3(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z);

        void lincomb4(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z, double d,
                BatchView w);

        void lincomb5(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z, double d,
                BatchView w, double e, BatchView v);
    }

    private static final Fused SINGLE_THREAD = new Fused() {
        @Override
        public void scale(Batch out, double a, BatchView x) {
            Kernels.scale(out, a, x);
        }

        @Override
        public void lincomb2(Batch out, double a, BatchView x, double b, BatchView y) {
            Kernels.lincomb2(out, a, x, b, y);
        }

        @Override
        public void lincomb3(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z) {
            Kernels.lincomb3(out, a, x, b, y, c, z);
        }

        @Override
        public void lincomb4(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z,
                double d, BatchView w) {
            Kernels.lincomb4(out, a, x, b, y, c, z, d, w);
        }

        @Override
        public void lincomb5(Batch out, double a, BatchView x, double b, BatchView y, double c, BatchView z,
                double d, BatchView w, double e, BatchView v) {
            Kernels.lincomb5(out, a, x, b, y, c, z, d, w, e, v);
        }
    };

    /**
     * Runs a checked combination of up to five terms as the fused kernel of {@code k}.
     *
     * @return whether it ran ({@code false} for more than five terms)
     */
    static boolean fused(Fused k, Batch out, int count, double[] c, BatchView[] t) {
        switch (count) {
            case 1 -> k.scale(out, c[0], t[0]);
            case 2 -> k.lincomb2(out, c[0], t[0], c[1], t[1]);
            case 3 -> k.lincomb3(out, c[0], t[0], c[1], t[1], c[2], t[2]);
            case 4 -> k.lincomb4(out, c[0], t[0], c[1], t[1], c[2], t[2], c[3], t[3]);
            case 5 -> k.lincomb5(out, c[0], t[0], c[1], t[1], c[2], t[2], c[3], t[3], c[4], t[4]);
            default -> {
                return false;
            }
        }
        return true;
    }

    static void checkLincomb(Batch out, int count, double[] coefficients, BatchView[] terms) {
        checkShapes(out, count, coefficients, terms);
        for (int k = 1; k < count; k++) {
            if (terms[k] == out) {
                throw new IllegalArgumentException(Checks.format("terms[%d] must not alias out", k));
            }
        }
    }

    /** The count against the coefficients and terms, and every term's shape against {@code out}'s. */
    private static void checkShapes(Batch out, int count, double[] coefficients, BatchView[] terms) {
        if (count < 1 || count > coefficients.length || count > terms.length) {
            throw new IllegalArgumentException(Checks.format(
                    "count must be in [1, %d], got %d", Math.min(coefficients.length, terms.length), count));
        }
        for (int k = 0; k < count; k++) {
            out.requireSameShape(terms[k]);
        }
    }

    /** Reports the passes of the multi-pass {@link #lincomb}: the first term, then out and each further term. */
    static void recordLincomb(Batch out, int count, BatchView[] terms) {
        KernelTraffic.record(out.data(), terms[0].data());
        for (int k = 1; k < count; k++) {
            KernelTraffic.record(out.data(), out.data(), terms[k].data());
        }
    }

    static void lincomb(double[] o, int count, double[] coefficients, BatchView[] terms, int from, int to) {
        double c0 = coefficients[0];
        double[] t0 = terms[0].data();
        for (int i = from; i < to; i++) {
            o[i] = c0 * t0[i];
        }
        for (int k = 1; k < count; k++) {
            double ck = coefficients[k];
            double[] tk = terms[k].data();
            for (int i = from; i < to; i++) {
                o[i] += ck * tk[i];
            }
        }
    }

    /**
     * Two linear combinations of the same terms in one pass: {@code out = sum_k a_k terms[k]} and
     * {@code out2 = sum_k b_k terms[k]}, each summed left to right as {@link #lincomb} (so {@code out} has the bits of
     * {@code lincomb(out, count, a, terms)}). Every term is read once for both, which is what fusing two consecutive
     * updates over the same inputs needs (a multistep corrector and the next step's predictor). A pending model
     * evaluation ({@link FusedEvaluation}) is checked and converted block by block as in the other kernels, and the
     * call runs on the run's threaded kernels from their threshold like them.
     *
     * @param out first destination. Modified; may alias {@code terms[0]} only.
     * @param a coefficients of {@code out}. Not modified.
     * @param out2 second destination. Modified; must alias neither {@code out} nor {@code terms[0]}; it may alias a
     *     later term (e.g. a model output no longer needed after this call, so that its cache lines, read anyway, take
     *     the write: no read for ownership of a separate array).
     * @param b coefficients of {@code out2}. Not modified.
     * @param count number of terms, 1 to 5
     * @param terms inputs. Not modified unless aliased.
     * @throws IllegalArgumentException for a count outside 1..5, mismatched shapes or a forbidden alias
     */
    public static void lincombPair(Batch out, double[] a, Batch out2, double[] b, int count, BatchView[] terms) {
        if (count > 5) {
            throw new IllegalArgumentException(Checks.format("count must be in [1, 5], got %d", count));
        }
        checkLincomb(out, count, a, terms);
        checkShapes(out2, count, b, terms);
        double[] o = out.data();
        double[] p = out2.data();
        if (p == o || p == terms[0].data()) {
            throw new IllegalArgumentException("out2 must alias neither out nor a term");
        }
        double[] t0 = terms[0].data();
        double[] t1 = count > 1 ? terms[1].data() : null;
        double[] t2 = count > 2 ? terms[2].data() : null;
        double[] t3 = count > 3 ? terms[3].data() : null;
        double[] t4 = count > 4 ? terms[4].data() : null;
        // out is written over without the claim seeing it: an evaluation it belongs to runs first
        FusedEvaluation.flushIfWritten(o);
        FusedEvaluation g = FusedEvaluation.claim(p, t0, t1, t2, t3, t4);
        FusedEvaluation.record(g, null, p, t0, t1, t2, t3, t4);
        KernelTraffic.write(o);
        ParallelKernels threads = FusedEvaluation.threads(o.length);
        if (threads != null) {
            threads.runPair(g, o, a, p, b, count, t0, t1, t2, t3, t4);
            return;
        }
        for (int from = 0, to; from < o.length; from = to) {
            to = FusedEvaluation.blockEnd(g, p, from);
            pair(o, a, p, b, count, t0, t1, t2, t3, t4, from, to);
        }
        FusedEvaluation.done(g);
    }

    /**
     * Whether {@link #lincombPair} with its second destination over a later term runs its vector loop in this JVM
     * (the Vector API resolved, {@link SoundnessScan#vectorized()}): then the write over a term saves the read for
     * ownership of a separate destination. Without it the call is still exact but goes through a scratch block, slower
     * than a separate destination (UniPC-3 at d = 1e6: 3.2 against 2.4 ms per step), so callers that may choose keep
     * the destination separate.
     *
     * @return whether writing {@code out2} over a term is the faster choice here
     */
    public static boolean pairOverTermVectorized() {
        return SoundnessScan.vectorized();
    }

    /**
     * Sub-block of {@link #lincombPair}: small enough that its terms stay in L1 between the two single-output loops.
     * C2 (JDK 17) vectorizes a loop with one store but not the same loop with two (measured: the two-store loop took
     * 16.7 µs at d = 1e4 with five terms, two whole {@code lincomb} calls 7.8 µs).
     */
    private static final int PAIR_SUB_BLOCK = 512;

    /**
     * Per thread, without the Vector API: a sub-block of {@code out2} when it aliases a later term, kept until
     * {@code out} is written (one array per thread that ever ran such a pair kernel, allocated on its first call).
     */
    private static final ThreadLocal<double[]> PAIR_SCRATCH = ThreadLocal.withInitial(() -> new double[PAIR_SUB_BLOCK]);

    /** {@link #lincombPair} on {@code [from, to)}. */
    static void pair(double[] o, double[] a, double[] p, double[] b, int count, double[] t0, double[] t1,
            double[] t2, double[] t3, double[] t4, int from, int to) {
        if (SoundnessScan.vectorized() && (p == t1 || p == t2 || p == t3 || p == t4)) {
            VectorPairKernel.pair(o, a, p, b, count, t0, t1, t2, t3, t4, from, to);
        } else {
            pairInSubBlocks(o, a, p, b, count, t0, t1, t2, t3, t4, from, to);
        }
    }

    /** {@link #pair} without the Vector API: two single-store loops per sub-block. */
    static void pairInSubBlocks(double[] o, double[] a, double[] p, double[] b, int count, double[] t0, double[] t1,
            double[] t2, double[] t3, double[] t4, int from, int to) {
        // o may alias t0, so p's sub-block is computed first; if p is a term too, it waits in the scratch until o is
        // written (same arithmetic, so the same bits)
        double[] scratch = p == t1 || p == t2 || p == t3 || p == t4 ? PAIR_SCRATCH.get() : null;
        for (int lo = from, hi; lo < to; lo = hi) {
            hi = Math.min(to, lo + PAIR_SUB_BLOCK);
            if (scratch == null) {
                combination(p, 0, b, count, t0, t1, t2, t3, t4, lo, hi);
                combination(o, 0, a, count, t0, t1, t2, t3, t4, lo, hi);
            } else {
                combination(scratch, lo, b, count, t0, t1, t2, t3, t4, lo, hi);
                combination(o, 0, a, count, t0, t1, t2, t3, t4, lo, hi);
                System.arraycopy(scratch, 0, p, lo, hi - lo);
            }
        }
    }

    /**
     * {@code d[i - shift] = sum_k c_k t_k[i]} for {@code i} in {@code [from, to)}, summed left to right (the bits of
     * {@link #lincomb}).
     */
    private static void combination(double[] d, int shift, double[] c, int count, double[] t0, double[] t1,
            double[] t2, double[] t3, double[] t4, int from, int to) {
        double c0 = c[0];
        double c1 = count > 1 ? c[1] : 0;
        double c2 = count > 2 ? c[2] : 0;
        double c3 = count > 3 ? c[3] : 0;
        double c4 = count > 4 ? c[4] : 0;
        switch (count) {
            case 1 -> {
                for (int i = from; i < to; i++) {
                    d[i - shift] = c0 * t0[i];
                }
            }
            case 2 -> {
                for (int i = from; i < to; i++) {
                    d[i - shift] = c0 * t0[i] + c1 * t1[i];
                }
            }
            case 3 -> {
                for (int i = from; i < to; i++) {
                    d[i - shift] = c0 * t0[i] + c1 * t1[i] + c2 * t2[i];
                }
            }
            case 4 -> {
                for (int i = from; i < to; i++) {
                    d[i - shift] = c0 * t0[i] + c1 * t1[i] + c2 * t2[i] + c3 * t3[i];
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    d[i - shift] = c0 * t0[i] + c1 * t1[i] + c2 * t2[i] + c3 * t3[i] + c4 * t4[i];
                }
            }
        }
    }

    /**
     * Whether {@link #draw} of {@code n} values from a source with {@link BlockSource#reader readers} runs in chunks
     * here: on the kernel threads of the run open on this thread, from their threshold. A caller with a faster
     * single-thread way to the same values (a {@link io.samplerkit.core.noise.SeededNoise} draw row by row) takes it
     * otherwise.
     *
     * @param n number of values
     * @return whether such a draw would run in chunks
     */
    public static boolean drawRunsInChunks(int n) {
        return FusedEvaluation.threads(n) != null;
    }

    /**
     * {@code out = } the values of {@code source} from its first one, in flat order: a draw written into its array
     * (the step noise a solver reads more than once). On the run's threaded kernels from their threshold, when the
     * source has {@link BlockSource#reader readers}, each chunk writes its part with a reader of its own (the same
     * values); otherwise the source delivers them in order on the calling thread.
     *
     * @param out destination. Modified.
     * @param source the values, positioned at the first one (re-arm it before its next use)
     */
    public static void draw(Batch out, BlockSource source) {
        double[] o = out.data();
        FusedEvaluation.flushIfWritten(o);
        KernelTraffic.write(o);
        ParallelKernels threads = FusedEvaluation.threads(o.length);
        if (threads != null && threads.canSplit(source)) {
            threads.runDraw(o);
        } else {
            source.next(o, 0, o.length);
        }
    }

    /**
     * {@code out = x + w (y - x)}: interpolation for {@code 0 <= w <= 1}, extrapolation beyond, in
     * exactly this rounding order (classifier-free guidance {@code u + w (c - u)}, Ho and Salimans 2022,
     * arXiv:2207.12598, eq. 6).
     *
     * @param out destination. Modified.
     * @param x first input. Not modified unless aliased.
     * @param w weight
     * @param y second input. Not modified unless aliased.
     */
    public static void lerp(Batch out, BatchView x, double w, BatchView y) {
        out.requireSameShape(x);
        out.requireSameShape(y);
        double[] o = out.data();
        double[] xs = x.data();
        double[] ys = y.data();
        apply(LERP, o, w, xs, 0, ys, 0, null, 0, null, 0, null);
    }

    static void lerp(double[] o, double[] xs, double w, double[] ys, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = xs[i] + w * (ys[i] - xs[i]);
        }
    }

    /**
     * Mean squared scaled difference per row, the error measure of adaptive samplers
     * (Jolicoeur-Martineau et al. 2021, arXiv:2105.14080, eq. 6; Lu et al. 2022, arXiv:2206.00927,
     * Algorithm 4):
     * <pre>
     *   rowMeans[r] = (1/dim) sum_i ((a_ri - b_ri) / delta_ri)^2,
     *   delta_ri    = max(atol, rtol max(|a_ri|, |c_ri|)).
     * </pre>
     *
     * @param a lower-order solution. Not modified.
     * @param b higher-order solution. Not modified.
     * @param c previous accepted lower-order solution. Not modified.
     * @param atol absolute tolerance
     * @param rtol relative tolerance
     * @param rowMeans destination, length at least {@code a.size()}. Modified.
     */
    public static void scaledSquaredError(BatchView a, BatchView b, BatchView c, double atol, double rtol,
            double[] rowMeans) {
        int size = a.size();
        int dim = a.dim();
        if (b.size() != size || b.dim() != dim || c.size() != size || c.dim() != dim) {
            throw new IllegalArgumentException(Checks.format("a, b and c must all be %dx%d, got %dx%d and %dx%d",
                    size, dim, b.size(), b.dim(), c.size(), c.dim()));
        }
        if (rowMeans.length < size) {
            throw new IllegalArgumentException(Checks.format("rowMeans.length must be >= %d, got %d", size,
                    rowMeans.length));
        }
        double[] as = a.data();
        double[] bs = b.data();
        double[] cs = c.data();
        for (int r = 0; r < size; r++) {
            double sum = 0;
            for (int i = r * dim; i < (r + 1) * dim; i++) {
                double delta = Math.max(atol, rtol * Math.max(Math.abs(as[i]), Math.abs(cs[i])));
                double e = (as[i] - bs[i]) / delta;
                sum += e * e;
            }
            rowMeans[r] = sum / dim;
        }
    }
}
