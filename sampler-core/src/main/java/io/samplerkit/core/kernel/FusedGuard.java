package io.samplerkit.core.kernel;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.BatchView;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The model-output guard ({@link SamplingException#requireSoundEvaluation}) fused into the kernel that consumes
 * the output, so that the check costs no pass over memory of its own.
 *
 * <p>A run owns one guard and {@link #open opens} it on its thread around a step. While it is open, a guarded
 * model {@link #defer defers} the scan of its output instead of running it: the output, the state it was
 * evaluated at, the label, the step and the time are kept as the <i>pending check</i>. The next kernel of
 * {@link Kernels} on the same thread that reads the output runs block by block ({@value #BLOCK} elements): it scans
 * the block of the output (and, when the kernel overwrites the evaluated state, the block of the state) while the
 * block is in the cache, then computes the block. On the first block holding an unsound element it locates the
 * failure exactly as the separate scan would have, from that block on (every earlier element was checked sound and,
 * for the state, is only overwritten after its check), so the {@link SamplingException} has the same kind, label,
 * step, time, first bad index and message; an unsound state element next to a sound output is not an error (the
 * separate scan blames the state only when the output fails), and the kernel goes on. Any other access that could
 * change what the check sees runs the check first, as a separate scan: a kernel that writes the output or the
 * evaluated state without reading the output, a second deferred evaluation, and {@link #close} at the end of the
 * step (when no kernel read the output at all).
 *
 * <p>With no guard open anywhere, a kernel pays one volatile read; with guards open on other threads, one
 * thread-local lookup per kernel call. The threaded {@link ParallelKernels} run a call that consumes a pending
 * output on the calling thread (one call per model evaluation), so that the located index stays exact.
 *
 * <p>Not thread-safe: one run on one thread.
 */
public final class FusedGuard {

    /** Elements scanned ahead of the compute loop: a few arrays of this size stay in the L1/L2 cache. */
    static final int BLOCK = 2048;

    private static final ThreadLocal<FusedGuard> OPEN = new ThreadLocal<>();
    private static final AtomicInteger OPEN_GUARDS = new AtomicInteger();

    private FusedGuard enclosing;
    private boolean open;
    private double[] output;
    private BatchView outputView;
    private BatchView state;
    private String label;
    private int step;
    private double time;

    /** Creates a closed guard with nothing pending. */
    public FusedGuard() {
    }

    /**
     * Opens this guard on the calling thread (nesting: a guard opened inside another one's step hides it until it
     * is released).
     *
     * @throws IllegalStateException if it is already open
     */
    public void open() {
        if (open) {
            throw new IllegalStateException("the guard is already open");
        }
        enclosing = OPEN.get();
        OPEN.set(this);
        OPEN_GUARDS.incrementAndGet();
        open = true;
    }

    /**
     * Runs the pending check, if any, as a separate scan, then {@link #release releases} the guard.
     *
     * @throws SamplingException if the pending output (or the state it was evaluated at) is unsound
     */
    public void close() {
        try {
            flush();
        } finally {
            release();
        }
    }

    /**
     * Runs one step with this guard open: {@link #open}, the step, {@link #close} (the check nobody consumed), and
     * {@link #release} whatever happens.
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

    /** Forgets the pending check without running it and removes the guard from its thread (after a failure). */
    public void release() {
        output = null;
        outputView = null;
        state = null;
        if (!open) {
            return;
        }
        if (enclosing == null) {
            OPEN.remove();
        } else {
            OPEN.set(enclosing);
        }
        enclosing = null;
        open = false;
        OPEN_GUARDS.decrementAndGet();
    }

    /**
     * @return the guard open on the calling thread, or {@code null}
     */
    public static FusedGuard current() {
        return OPEN_GUARDS.get() == 0 ? null : OPEN.get();
    }

    /**
     * Defers the check of a model evaluation to the kernel that reads its output (class comment). A check still
     * pending runs first.
     *
     * @param x the state the model was evaluated at. Not modified.
     * @param out the model output. Not modified.
     * @param label solver name or label of the guarded model
     * @param step step index, or -1
     * @param t schedule time of the evaluation
     * @throws SamplingException if the check still pending fails
     */
    public void defer(BatchView x, BatchView out, String label, int step, double t) {
        flush();
        this.output = out.data();
        this.outputView = out;
        this.state = x;
        this.label = label;
        this.step = step;
        this.time = t;
    }

    /** @return whether a check is pending */
    public boolean pending() {
        return output != null;
    }

    /**
     * Runs the pending check, if any, as a separate scan ({@link SamplingException#requireSoundEvaluation}).
     *
     * @throws SamplingException if the pending output (or the state it was evaluated at) is unsound
     */
    public void flush() {
        if (output == null) {
            return;
        }
        BatchView x = state;
        BatchView out = outputView;
        output = null;
        outputView = null;
        state = null;
        SamplingException.requireSoundEvaluation(x, out, label, step, time);
    }

    /**
     * The guard whose pending check a kernel with destination {@code o} and inputs {@code a ... e} ({@code null}
     * for absent ones) takes over, or {@code null}: runs the check first when the kernel would overwrite the output
     * or the evaluated state without reading the output.
     */
    static FusedGuard claim(double[] o, double[] a, double[] b, double[] c, double[] d, double[] e) {
        if (OPEN_GUARDS.get() == 0) {
            return null;
        }
        FusedGuard g = OPEN.get();
        if (g == null || g.output == null) {
            return null;
        }
        double[] p = g.output;
        if (p == a || p == b || p == c || p == d || p == e) {
            return g;
        }
        if (p == o || g.state.data() == o) {
            g.flush();
        }
        return null;
    }

    /**
     * The generic {@link Kernels#lincomb}'s claim.
     */
    static FusedGuard claim(double[] o, int count, BatchView[] terms) {
        if (OPEN_GUARDS.get() == 0) {
            return null;
        }
        FusedGuard g = OPEN.get();
        if (g == null || g.output == null) {
            return null;
        }
        for (int k = 0; k < count; k++) {
            if (terms[k].data() == g.output) {
                return g;
            }
        }
        return claim(o, null, null, null, null, null);
    }

    /**
     * Checks block {@code [from, to)} before a kernel with destination {@code o} computes it (class comment).
     *
     * @throws SamplingException if the evaluation fails the guard
     */
    void check(double[] o, int from, int to) {
        double[] p = output;
        if (p == null) {
            return;
        }
        double[] s = state.data();
        boolean overwritesState = o == s;
        if (SamplingException.firstUnsound(p, from, to) < 0
                && !(overwritesState && SamplingException.firstUnsound(s, from, to) >= 0)) {
            return;
        }
        int bad = SamplingException.firstUnsound(p, from, p.length);
        if (bad < 0) {
            // an unsound state beside a sound output is not the guard's business: done, nothing to report
            checked();
            return;
        }
        int stateFrom = overwritesState ? from : 0;
        int badState = SamplingException.firstUnsound(s, stateFrom, s.length);
        double value = p[bad];
        checked();
        if (badState >= 0) {
            throw SamplingException.unsoundState(label, step, time, badState, s[badState]);
        }
        throw SamplingException.unsoundOutput(label, step, time, bad, value);
    }

    /** The kernel checked every block: nothing is pending any more. */
    void checked() {
        output = null;
        outputView = null;
        state = null;
    }

    /**
     * The end of the next block a kernel computes: the whole rest without a guard, else one checked block.
     *
     * @param g the claimed guard, or {@code null}
     * @param o the kernel's destination
     * @param from start of the block
     * @return end of the block (exclusive)
     */
    static int blockEnd(FusedGuard g, double[] o, int from) {
        if (g == null) {
            return o.length;
        }
        int to = Math.min(o.length, from + BLOCK);
        g.check(o, from, to);
        return to;
    }

    /**
     * A kernel finished with every block checked.
     *
     * @param g the claimed guard, or {@code null}
     */
    static void done(FusedGuard g) {
        if (g != null) {
            g.checked();
        }
    }
}
