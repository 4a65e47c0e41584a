package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A model evaluation's check and conversion fused into the kernel that consumes its output, so that neither costs
 * a pass over memory of its own.
 *
 * <p>A run owns one instance and {@link #open opens} it on its thread around a step. While it is open:
 * <ul>
 * <li>a guarded model {@link #defer defers} the model-output guard ({@link SamplingException#requireSoundEvaluation})
 *     instead of scanning: the output, the state it was evaluated at, the label, the step and the time are kept as
 *     the <i>pending evaluation</i>;</li>
 * <li>the solver's context may leave the exact conversion of the output to another parameterization pending too
 *     ({@link #convertLater}: {@code target = cx x + cout output}, the formula and rounding of
 *     {@code PredictionConversion.convert}).</li>
 * </ul>
 * The next kernel of {@link Kernels} on the same thread that reads the output or the conversion's target runs block
 * by block ({@value #BLOCK} elements): it scans the block of the output (and, when the kernel overwrites the
 * evaluated state, the block of the state) while the block is in the cache, writes the block of the conversion's
 * target from the block of the state and the output, then computes its own block, which reads the target from the
 * cache. Every element goes through exactly the arithmetic of the separate passes, so the results are the same to
 * the bit, and the bytes crossing the memory bus are those of one pass: read the state and the output, write the
 * target (it is kept, e.g. as a history entry) and the kernel's destination.
 *
 * <p>A kernel that overwrites the evaluated state would have to scan the state's block too (an unsound output blames
 * an unsound state first, and the state's block is gone once written). Up to {@value #SCAN_AHEAD} elements (the
 * run's {@value #SCAN_AHEAD_PROPERTY}), where the output is still in the last-level cache when the kernel reads it
 * again, the kernel instead scans the whole output before its first block and the state only when the output fails:
 * one scan in place of two, the same exception, and the kernel then runs over the whole array in one call. On the
 * calling thread every kernel does so within that limit, whatever it writes: a kernel that leaves the state alone
 * would scan only the output's blocks, but the call per block cost more than the second read of the output (a heun
 * step at d = 1e4 took 10.1 µs block by block, 7.1–7.7 µs with the whole scan; docs/performance.md, "The whole-output
 * scan for every kernel on one thread"). Threaded kernels scan the whole output first only when they overwrite the
 * state: elsewhere the chunks' block scans were faster on two threads.
 *
 * <p>On the first block holding an unsound element the kernel locates the failure exactly as the separate scan would
 * have, from that block on (every earlier element was checked sound and, for the state, is only overwritten after its
 * check), so the {@link SamplingException} has the same kind, label, step, time, first bad index and message; an
 * unsound state element beside a sound output is not an error (the separate scan blames the state only when the
 * output fails), and the kernel goes on. Whatever could change what the pending evaluation reads runs it first, as
 * separate passes ({@link #flush}): a kernel that writes the output, the state or the target without reading the
 * output or the target, the next model call, and {@link #close} at the end of the step.
 *
 * <p>With no instance open anywhere, a kernel pays one volatile read; with instances open on other threads, one
 * thread-local lookup per kernel call. The threaded {@link ParallelKernels} run a call that consumes a pending
 * evaluation chunk by chunk too: each chunk checks its blocks before it writes them and stops at the first block
 * with an unsound element; the calling thread then {@link #settle settles} the stopped chunks' rest as the
 * separate scan would have (same exception, same located index, since every element a chunk wrote was checked first)
 * or, when the output is sound, computes it. Within the scan-ahead limit an in-place threaded kernel first scans the
 * whole output on the chunks ({@link #chunksScanAhead}), as the one-thread kernel does on its thread. A call that
 * draws its noise ({@link #drawLater}) runs chunked too when the draw's source has {@link BlockSource#reader readers}:
 * each chunk generates its part of the draw with a reader of its own (same values as the in-order draw); a source
 * without readers is drawn in order on the calling thread, and so is the call. The generic multi-pass
 * {@link Kernels#lincomb} beyond five terms runs a pending evaluation first.
 *
 * <p>Not thread-safe: one run on one thread.
 */
public final class FusedEvaluation {

    /** Elements per block: a few arrays of this size stay in the L1/L2 cache between the check and the kernel. */
    static final int BLOCK = 2048;
    /**
     * Default largest output ({@code 2^21} elements, 16 MiB) that a kernel on the calling thread, or a threaded one
     * overwriting the evaluated state, scans whole at its first block ({@link #blockEnd}, and {@link #checkBlock}'s first
     * block), so that the state needs no scan of its own (class comment). The kernel then reads the output a
     * second time, from the last-level cache up to this size on the hosts measured (32 MiB and 300 MiB), so no pass
     * over main memory is added. On one thread the whole scan and one kernel call over the whole array took 0.73–0.96
     * ms per dpmpp-2m step at d = 1e6 against 1.30–1.46 for the scan of the output's and the state's blocks before each
     * block (docs/performance.md, "The whole-output scan up to 16 MiB").
     */
    public static final int SCAN_AHEAD = 1 << 21;
    /**
     * Largest output ({@code 2^15} elements, 256 KiB, within the L2 cache) whose pending conversion is written whole,
     * in one call before the kernel's, once the output is checked, instead of block by block: at d = 1e4 a deis-3 step
     * took 6.6–7.8 µs against 8.5–9.0 (docs/performance.md, "The whole-output scan up to 16 MiB"); at d = 1e6 the whole
     * conversion was slower than the blocks, whose target is still in the L1 cache when the kernel reads it.
     */
    static final int CONVERT_AHEAD = 1 << 15;
    /**
     * System property: the {@link #SCAN_AHEAD} limit of the instances created after it is set, an integer
     * {@code >= 0} (0 checks block by block at every size). Same bits and exceptions at every value; only the speed
     * changes.
     */
    public static final String SCAN_AHEAD_PROPERTY = "samplerkit.kernel.scanAhead";

    private static final ThreadLocal<FusedEvaluation> OPEN = new ThreadLocal<>();
    private static final AtomicInteger OPEN_COUNT = new AtomicInteger();

    private FusedEvaluation enclosing;
    private boolean open;
    // the pending evaluation: state and output, kept while the check or the conversion is pending
    private BatchView state;
    private BatchView outputView;
    private double[] output;
    private boolean checkPending;
    private String label;
    private int step;
    private double time;
    private double[] target;
    private Batch targetView;
    private double xCoefficient;
    private double outputCoefficient;
    private ParallelKernels threads;
    private int scanAhead = KernelProperties.intProperty(SCAN_AHEAD_PROPERTY, SCAN_AHEAD, 0);
    // the pending noise draw: the values of `noise` are left to the kernel that reads it as its last term
    private double[] noise;
    private BlockSource noiseSource;
    private boolean noiseClaimed;
    // noise a kernel consumed without storing it: reading it again is an error until something writes it
    private double[] spent;
    private double[] noiseBlock;

    /**
     * Creates a closed instance with nothing pending, whose scan-ahead limit is {@value #SCAN_AHEAD_PROPERTY}'s value
     * or {@link #SCAN_AHEAD}.
     *
     * @throws io.samplerkit.core.InvalidInputException if the property is set and not an integer {@code >= 0}
     */
    public FusedEvaluation() {
    }

    /**
     * Opens this instance on the calling thread (a run opened inside another one's step hides it until it is
     * released).
     *
     * @throws IllegalStateException if it is already open
     */
    public void open() {
        if (open) {
            throw new IllegalStateException("the fused evaluation is already open");
        }
        enclosing = OPEN.get();
        OPEN.set(this);
        OPEN_COUNT.incrementAndGet();
        open = true;
    }

    /**
     * Runs the pending evaluation, if any, as separate passes, then {@link #release releases} this instance.
     *
     * @throws SamplingException if the pending output (or the state it was evaluated at) is unsound
     */
    public void close() {
        try {
            flush();
            flushDraw();
        } finally {
            release();
        }
    }

    /**
     * Lets the {@link Kernels} calls made while this instance is open run on {@code threads} from its threshold on
     * (same bits and, on an unsound evaluation, the same exception).
     *
     * @param threads the run's threaded kernels, or {@code null} for one thread
     */
    public void useThreads(ParallelKernels threads) {
        this.threads = threads;
    }

    /**
     * Sets the largest output a kernel scans whole before its first block ({@link #scansAhead}; default
     * {@link #SCAN_AHEAD}; 0 checks block by block at every size). Same exceptions and bits either way.
     *
     * @param elements the limit, {@code >= 0}
     */
    void scanAheadUpTo(int elements) {
        this.scanAhead = elements;
    }

    /** @return the largest output scanned whole before a kernel's first block ({@link #scanAheadUpTo}) */
    int scanAhead() {
        return scanAhead;
    }

    /**
     * @return the threaded kernels attached by {@link #useThreads}, or {@code null}
     */
    public ParallelKernels kernelThreads() {
        return threads;
    }

    /**
     * The threaded kernels a {@link Kernels} call of {@code n} elements runs on, or {@code null}.
     *
     * @param n elements
     * @return the open instance's threaded kernels when {@code n} reaches their threshold, else {@code null}
     */
    static ParallelKernels threads(int n) {
        if (OPEN_COUNT.get() == 0) {
            return null;
        }
        FusedEvaluation open = OPEN.get();
        ParallelKernels p = open == null ? null : open.threads;
        return p != null && n >= p.threshold() ? p : null;
    }

    /**
     * Runs one step with this instance open: {@link #open}, the step, {@link #close}, and {@link #release} whatever
     * happens.
     *
     * @param step the step; build it once per run (a method reference allocates)
     * @param x its argument
     * @param <T> type of the argument
     * @throws SamplingException if a check fails
     */
    public <T> void around(Consumer<T> step, T x) {
        open();
        try {
            step.accept(x);
            close();
        } finally {
            release();
        }
    }

    /** Forgets the pending evaluation without running it and removes this instance from its thread. */
    public void release() {
        clearAll();
        if (!open) {
            return;
        }
        // set, never remove: the thread's map entry stays, so opening again allocates nothing
        OPEN.set(enclosing);
        enclosing = null;
        open = false;
        OPEN_COUNT.decrementAndGet();
    }

    /**
     * @return the instance open on the calling thread, or {@code null}
     */
    public static FusedEvaluation current() {
        return OPEN_COUNT.get() == 0 ? null : OPEN.get();
    }

    /**
     * Defers the check of a model evaluation to the kernel that reads its output (class comment). A pending
     * evaluation runs first.
     *
     * @param x the state the model was evaluated at. Not modified.
     * @param out the model output. Not modified.
     * @param label solver name or label of the guarded model
     * @param step step index, or -1
     * @param t schedule time of the evaluation
     * @throws SamplingException if the pending evaluation fails its check
     */
    public void defer(BatchView x, BatchView out, String label, int step, double t) {
        flush();
        this.state = x;
        this.outputView = out;
        this.output = out.data();
        this.checkPending = true;
        this.label = label;
        this.step = step;
        this.time = t;
    }

    /**
     * Leaves the conversion {@code target = cx x + cout output} of the deferred evaluation to the kernel that reads
     * {@code target} (or the output), element by element in this order of rounding.
     *
     * @param out the conversion's destination: the output itself (converted in place, each block after its check) or
     *     an array of its own; must not alias the state. Modified later.
     * @param cx coefficient of the state
     * @param cout coefficient of the output
     * @throws IllegalStateException if no evaluation is deferred or a conversion is already pending
     * @throws IllegalArgumentException if {@code out} aliases the state
     */
    public void convertLater(Batch out, double cx, double cout) {
        if (!checkPending || target != null) {
            throw new IllegalStateException("a conversion needs a deferred evaluation without a pending conversion");
        }
        out.requireSameShape(outputView);
        if (out.data() == state.data()) {
            throw new IllegalArgumentException("the conversion's target must not alias the state");
        }
        this.targetView = out;
        this.target = out.data();
        this.xCoefficient = cx;
        this.outputCoefficient = cout;
    }

    /**
     * Leaves a draw of values for {@code out} to the next kernel of {@link Kernels} on this thread that reads
     * {@code out} as its <b>last</b> term ({@code lincomb2} to {@code lincomb5}, or the generic {@code lincomb} up to
     * five terms): that kernel generates the values block by block into a scratch block ({@value #BLOCK} elements,
     * allocated once per instance) and adds the term from there, so {@code out} is neither written nor read and the
     * step noise costs no pass over memory. The result is bit-identical to drawing into {@code out} first: the kernel
     * computes the other terms as before and adds the last one in the same order of rounding. On the run's threaded
     * kernels ({@link #useThreads}) the kernel runs chunked when {@code source} has {@link BlockSource#reader readers},
     * each chunk generating its part with a reader of its own (the same values); otherwise on the calling thread.
     *
     * <p>{@code out} must be consumed by exactly one such kernel: a kernel reading it again afterwards throws
     * {@link IllegalStateException} (until something writes it). A kernel that reads it otherwise, or writes it, and
     * {@link #close} run the draw into {@code out} first, as a separate pass.
     *
     * @param out the array the values belong to. Not modified by the fused kernel.
     * @param source the values in flat order, positioned at the first one
     * @throws IllegalStateException if this instance is not open on the calling thread
     */
    public void drawLater(Batch out, BlockSource source) {
        if (!open || OPEN.get() != this) {
            throw new IllegalStateException("a deferred draw needs the fused evaluation open on the calling thread");
        }
        flushDraw();
        if (noiseBlock == null) {
            noiseBlock = new double[BLOCK];
        }
        noise = out.data();
        noiseSource = Checks.requireNonNull(source, "source");
        if (spent == noise) {
            spent = null;
        }
    }

    /** Runs the pending draw, if any, into its array as a separate pass (before its source is re-armed). */
    public void flushDraw() {
        if (noise == null) {
            return;
        }
        double[] n = noise;
        BlockSource src = noiseSource;
        noise = null;
        noiseSource = null;
        noiseClaimed = false;
        KernelTraffic.write(n);
        src.next(n, 0, n.length);
    }

    /**
     * Before a kernel with destination {@code o} and inputs {@code a ... e} runs: refuses to read a consumed draw,
     * forgets it once written, and runs a pending draw that the kernel touches unless the kernel has claimed it.
     */
    private void guardNoise(double[] o, double[] a, double[] b, double[] c, double[] d, double[] e) {
        if (spent != null) {
            if (a == spent || b == spent || c == spent || d == spent || e == spent) {
                throw new IllegalStateException("the step's noise was consumed by an earlier kernel and never stored");
            }
            if (o == spent) {
                spent = null;
            }
        }
        if (noise != null && !noiseClaimed
                && (o == noise || a == noise || b == noise || c == noise || d == noise || e == noise)) {
            flushDraw();
        }
    }

    /**
     * The instance whose pending draw a kernel of this kind takes over (it reads the draw's array as its last term and
     * nowhere else), or {@code null}; {@link #drawLater}.
     */
    static FusedEvaluation claimNoise(int kind, double[] o, double[] a, double[] b, double[] c, double[] d,
            double[] e) {
        if (OPEN_COUNT.get() == 0) {
            return null;
        }
        FusedEvaluation g = OPEN.get();
        if (g == null || g.noise == null) {
            return null;
        }
        double[] n = g.noise;
        double[] last = e != null ? e : d != null ? d : c != null ? c : b;
        boolean lincomb = kind >= Kernels.LINCOMB2 && kind <= Kernels.LINCOMB5;
        if (lincomb && last == n && a != n && (b == last || b != n) && (c == last || c != n)
                && (d == last || d != n)) {
            g.noiseClaimed = true;
            return g;
        }
        return null;
    }

    /**
     * @param n the instance whose draw a kernel claimed
     * @return the draw's source
     */
    static BlockSource noiseSource(FusedEvaluation n) {
        return n.noiseSource;
    }

    /**
     * The scratch block of a claimed draw, filled with its next {@code length} values.
     *
     * @param n the instance whose draw the kernel claimed
     * @param length values, at most {@value #BLOCK}
     * @return the block
     */
    static double[] nextNoise(FusedEvaluation n, int length) {
        n.noiseSource.next(n.noiseBlock, 0, length);
        return n.noiseBlock;
    }

    /**
     * A kernel with destination {@code o} consumed the claimed draw: it is spent (unless the kernel wrote its array).
     *
     * @param n the instance, or {@code null}
     * @param o the kernel's destination
     */
    static void doneNoise(FusedEvaluation n, double[] o) {
        if (n != null) {
            n.spent = o == n.noise ? null : n.noise;
            n.noise = null;
            n.noiseSource = null;
            n.noiseClaimed = false;
        }
    }

    /**
     * Hands the pending check of the evaluation whose output is {@code out} to a loop of the caller's own that reads the
     * output in place of a {@link Kernels} call (and writes no array but, possibly, the state it was evaluated at): the
     * caller then calls {@link #checkBlock} on consecutive blocks from index 0, each before it reads or writes the block,
     * so the output is checked while the block is in the cache and an unsound evaluation throws the
     * {@link SamplingException} of the separate scan. Anything else pending (a conversion, another output) runs first,
     * as by {@link #flush}.
     *
     * @param out the output the loop reads. Not modified.
     * @return whether the check is now the caller's; {@code false} when nothing is left to check for {@code out}
     * @throws SamplingException if an evaluation that had to run first is unsound
     */
    public boolean takeCheck(BatchView out) {
        if (state == null) {
            return false;
        }
        if (!checkPending || target != null || out.data() != output) {
            flush();
            return false;
        }
        return true;
    }

    /**
     * Checks block {@code [from, to)} of the output whose check the caller took ({@link #takeCheck}): the block after
     * the previous one, the first from 0, as a kernel would (with {@code writesState}, the state's block too, since the
     * loop overwrites it; up to the scan-ahead limit, {@link #SCAN_AHEAD}, the whole output at the first block
     * instead). The block ending at the output's end completes the check. Nothing happens when no check is pending.
     *
     * @param writesState whether the loop overwrites the state the model was evaluated at
     * @param from start of the block
     * @param to end of the block (exclusive)
     * @throws SamplingException if the output (or the state it was evaluated at) is unsound: the separate scan's
     *     exception, same first bad index
     */
    public void checkBlock(boolean writesState, int from, int to) {
        if (output == null) {
            return;
        }
        check(writesState ? state.data() : null, from, to);
        if (output != null && to == output.length) {
            clear();
        }
    }

    /**
     * @return whether {@link #convertLater} can take a conversion now: an evaluation is deferred and no conversion
     *     is pending for it
     */
    public boolean canConvertLater() {
        return checkPending && target == null;
    }

    /** @return whether an evaluation's check or conversion is pending */
    public boolean pending() {
        return state != null;
    }

    /**
     * Runs the pending evaluation, if any, as separate passes: the conversion ({@link Kernels#lincomb2}, with the
     * check fused into it), else the check alone ({@link SamplingException#requireSoundEvaluation}).
     *
     * @throws SamplingException if the pending output (or the state it was evaluated at) is unsound
     */
    public void flush() {
        if (state == null) {
            return;
        }
        BatchView x = state;
        BatchView out = outputView;
        if (target != null) {
            Batch t = targetView;
            double cx = xCoefficient;
            double cout = outputCoefficient;
            target = null;
            targetView = null;
            // the kernel claims the check: reads the output once, checks it and converts it
            Kernels.lincomb2(t, cx, x, cout, out);
        }
        boolean check = checkPending;
        clear();
        if (check) {
            SamplingException.requireSoundEvaluation(x, out, label, step, time);
        }
    }

    /** Forgets the evaluation and any draw. */
    private void clearAll() {
        clear();
        noise = null;
        noiseSource = null;
        noiseClaimed = false;
        spent = null;
    }

    private void clear() {
        state = null;
        outputView = null;
        output = null;
        checkPending = false;
        target = null;
        targetView = null;
    }

    /**
     * The instance whose pending evaluation a kernel with destination {@code o} and inputs {@code a ... e}
     * ({@code null} for absent ones) takes over, or {@code null}; runs the evaluation first when the kernel would
     * overwrite the output, the state or the target without reading the output or the target.
     */
    static FusedEvaluation claim(double[] o, double[] a, double[] b, double[] c, double[] d, double[] e) {
        if (OPEN_COUNT.get() == 0) {
            return null;
        }
        FusedEvaluation g = OPEN.get();
        if (g == null) {
            return null;
        }
        g.guardNoise(o, a, b, c, d, e);
        if (g.state == null) {
            return null;
        }
        if (g.reads(a) || g.reads(b) || g.reads(c) || g.reads(d) || g.reads(e)) {
            return g;
        }
        if (o == g.output || o == g.state.data() || o == g.target) {
            g.flush();
        }
        return null;
    }

    /**
     * Runs the pending evaluation (and draw) first if a kernel writes {@code o} and {@code o} is the evaluation's
     * output, state or target (or the draw's array), whatever the kernel reads.
     */
    static void flushIfWritten(double[] o) {
        if (OPEN_COUNT.get() == 0) {
            return;
        }
        FusedEvaluation g = OPEN.get();
        if (g == null) {
            return;
        }
        g.guardNoise(o, null, null, null, null, null);
        if (g.state != null && (o == g.output || o == g.state.data() || o == g.target)) {
            g.flush();
        }
    }

    /** Whether a kernel reading {@code a} consumes the pending evaluation. */
    private boolean reads(double[] a) {
        return a != null && ((checkPending && a == output) || a == target);
    }

    /**
     * Runs the pending evaluation first if the multi-pass {@link Kernels#lincomb} with destination {@code o} and
     * these terms touches it.
     */
    static void flushFor(double[] o, int count, BatchView[] terms) {
        if (OPEN_COUNT.get() == 0) {
            return;
        }
        FusedEvaluation g = OPEN.get();
        if (g == null) {
            return;
        }
        for (int k = 0; k < count; k++) {
            g.guardNoise(o, terms[k].data(), null, null, null, null);
        }
        if (g.state == null) {
            return;
        }
        boolean touches = o == g.output || o == g.state.data() || o == g.target;
        for (int k = 0; k < count && !touches; k++) {
            touches = g.reads(terms[k].data());
        }
        if (touches) {
            g.flush();
        }
    }

    /**
     * Reports a kernel's passes to {@link KernelTraffic}: one read per input in argument order ({@code null} for
     * absent ones, none for a claimed draw {@code n}, which is generated in the cache), the write of {@code o}; with a claimed conversion, the output is read in place of the target (whose
     * block is written and read in the cache), the state is read if the kernel does not read it itself, and the
     * target is written.
     */
    static void record(FusedEvaluation g, FusedEvaluation n, double[] o, double[] a, double[] b, double[] c,
            double[] d, double[] e) {
        if (!KernelTraffic.recording()) {
            return;
        }
        double[][] inputs = {a, b, c, d, e};
        boolean readsState = false;
        for (double[] in : inputs) {
            if (in != null && (n == null || in != n.noise)) {
                KernelTraffic.read(g != null && in == g.target ? g.output : in);
                readsState |= g != null && in == g.state.data();
            }
        }
        KernelTraffic.write(o);
        if (g != null && g.target != null) {
            if (!readsState) {
                KernelTraffic.read(g.state.data());
            }
            KernelTraffic.write(g.target);
        }
    }

    /**
     * The end of the next block a kernel computes: the whole rest without a claimed evaluation, or once nothing of it
     * is left pending; else one block, checked and with the conversion's block written. Within the scan-ahead limit
     * ({@link #scansAhead}) the check of the first block scans the whole output, so with a sound output the kernel
     * runs over the whole array in one call, after the conversion's whole rest when the output is at most
     * {@link #CONVERT_AHEAD} and block by block with the conversion above it. A check that ends beside an unsound state
     * (nothing to report) also leaves the rest to one call.
     *
     * @param g the claimed instance, or {@code null}
     * @param o the kernel's destination
     * @param from start of the block
     * @return end of the block (exclusive)
     * @throws SamplingException if the evaluation fails its check
     */
    static int blockEnd(FusedEvaluation g, double[] o, int from) {
        if (g == null || (!g.checkPending && g.target == null)) {
            return o.length;
        }
        int to = Math.min(o.length, from + BLOCK);
        g.check(o, from, to);
        if (!g.checkPending && (g.target == null || o.length <= CONVERT_AHEAD)) {
            // nothing left to check: the rest in one call (the conversion's rest too, up to CONVERT_AHEAD)
            to = o.length;
        }
        if (g.target != null) {
            Kernels.lincomb2(g.target, g.xCoefficient, g.state.data(), g.outputCoefficient, g.output, from, to);
        }
        return to;
    }

    /**
     * A claiming kernel finished every block: nothing is pending any more.
     *
     * @param g the claimed instance, or {@code null}
     */
    static void done(FusedEvaluation g) {
        if (g != null) {
            g.clear();
        }
    }

    /**
     * Whether block {@code [from, to)} may be computed by a threaded chunk without a look at the failure: nothing to
     * check, or the output's block sound and, when the kernel with destination {@code o} overwrites the state, the
     * state's block too. Reads only; safe on any thread while the claiming kernel runs.
     */
    boolean blockSound(double[] o, int from, int to) {
        if (!checkPending) {
            return true;
        }
        double[] s = state.data();
        return SamplingException.firstUnsound(output, from, to) < 0
                && !(o == s && SamplingException.firstUnsound(s, from, to) >= 0);
    }

    /**
     * Whether a kernel on the calling thread scans the whole output before it computes anything (at its first block,
     * {@link #blockEnd}): the check is pending and the output is within the scan-ahead limit.
     */
    boolean scansAhead() {
        return checkPending && output.length <= scanAhead;
    }

    /**
     * Whether a threaded kernel with destination {@code o} first scans the whole output on its chunks: as
     * {@link #scansAhead}, and the kernel overwrites the evaluated state (class comment).
     */
    boolean chunksScanAhead(double[] o) {
        return scansAhead() && o == state.data();
    }

    /**
     * The first unsound element of the output in {@code [from, to)}, or -1: a chunk's part of the threaded whole-output
     * scan. Reads only; safe on any thread while the claiming kernel runs.
     */
    int firstUnsoundOutput(int from, int to) {
        return SamplingException.firstUnsound(output, from, to);
    }

    /**
     * The threaded whole-output scan found every chunk of the output sound: as after the one-thread whole scan, the state needs
     * no scan, so the check is done. With an unsound chunk nothing changes, and the chunks check block by block and
     * stop where the separate scan would locate the failure.
     *
     * @param firstUnsound per chunk, its first unsound output element or -1
     * @param chunks number of chunks
     */
    void scannedOnChunks(int[] firstUnsound, int chunks) {
        for (int c = 0; c < chunks; c++) {
            if (firstUnsound[c] >= 0) {
                return;
            }
        }
        checkPending = false;
    }

    /** Writes block {@code [from, to)} of the pending conversion's target, if any. Safe on any thread. */
    void convertBlock(int from, int to) {
        if (target != null) {
            Kernels.lincomb2(target, xCoefficient, state.data(), outputCoefficient, output, from, to);
        }
    }

    /**
     * Finishes a claiming kernel whose chunks ran on several threads (class comment). Chunk {@code c} covers
     * {@code [c chunkSize, min(n, (c+1) chunkSize))} and computed it up to {@code stops[c]} ({@code -1}: all of it),
     * every block it computed checked sound first. So the first unsound output element, if any, lies in the rest of
     * a stopped chunk, as does the first unsound state element when the kernel overwrites the state (elsewhere the
     * state is untouched): the exception is the separate scan's. With a sound output the rests are converted and
     * computed here, in chunk order.
     *
     * @param o the kernel's destination
     * @param stops per chunk, the start of its rest, or -1
     * @param chunks number of chunks
     * @param chunkSize elements per chunk
     * @param kernel the kernel's range loop
     * @throws SamplingException if the evaluation fails its check
     */
    void settle(double[] o, int[] stops, int chunks, int chunkSize, ParallelKernels.Range kernel) {
        int n = o.length;
        if (checkPending) {
            int bad = firstUnsoundInRests(output, stops, chunks, chunkSize, n);
            if (bad >= 0) {
                double[] s = state.data();
                int badState = o == s ? firstUnsoundInRests(s, stops, chunks, chunkSize, n)
                        : SamplingException.firstUnsound(s, 0, n);
                String l = label;
                int k = step;
                double t = time;
                double value = output[bad];
                clear();
                if (badState >= 0) {
                    throw SamplingException.unsoundState(l, k, t, badState, s[badState]);
                }
                throw SamplingException.unsoundOutput(l, k, t, bad, value);
            }
        }
        for (int c = 0; c < chunks; c++) {
            if (stops[c] >= 0) {
                int end = (int) Math.min(n, (c + 1L) * chunkSize);
                convertBlock(stops[c], end);
                kernel.run(stops[c], end);
            }
        }
        clear();
    }

    private static int firstUnsoundInRests(double[] a, int[] stops, int chunks, int chunkSize, int n) {
        for (int c = 0; c < chunks; c++) {
            if (stops[c] >= 0) {
                int bad = SamplingException.firstUnsound(a, stops[c], (int) Math.min(n, (c + 1L) * chunkSize));
                if (bad >= 0) {
                    return bad;
                }
            }
        }
        return -1;
    }

    /** Checks block {@code [from, to)} before a kernel with destination {@code o} computes it (class comment). */
    private void check(double[] o, int from, int to) {
        if (!checkPending) {
            return;
        }
        double[] p = output;
        double[] s = state.data();
        boolean overwritesState = o == s;
        if (from == 0 && scansAhead()) {
            // within the scan-ahead limit: the whole output first, then the state only if the output fails
            checkPending = false;
            int bad = SamplingException.firstUnsound(p, 0, p.length);
            if (bad >= 0) {
                fail(p, s, bad, 0);
            }
            return;
        }
        if (SamplingException.firstUnsound(p, from, to) < 0
                && !(overwritesState && SamplingException.firstUnsound(s, from, to) >= 0)) {
            return;
        }
        int bad = SamplingException.firstUnsound(p, from, p.length);
        if (bad < 0) {
            // an unsound state beside a sound output is not the guard's business: checked, nothing to report
            checkPending = false;
            return;
        }
        fail(p, s, bad, overwritesState ? from : 0);
    }

    /**
     * Throws the failure of the pending check: the state's first unsound element from {@code stateFrom} on (every
     * earlier one was checked sound), else the output's at {@code bad}.
     */
    private void fail(double[] p, double[] s, int bad, int stateFrom) {
        int badState = SamplingException.firstUnsound(s, stateFrom, s.length);
        clear();
        if (badState >= 0) {
            throw SamplingException.unsoundState(label, step, time, badState, s[badState]);
        }
        throw SamplingException.unsoundOutput(label, step, time, bad, p[bad]);
    }
}
