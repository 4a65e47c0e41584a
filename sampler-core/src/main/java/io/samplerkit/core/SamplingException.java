package io.samplerkit.core;

import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.kernel.SoundnessScan;
import io.samplerkit.core.state.BatchView;

/**
 * A sampling run failed: the model returned NaN or infinity or threw, the state overflowed, the run was
 * cancelled, or a solver met a state it cannot continue from. Carries the structured fields a test (or a
 * user) needs, not only a message.
 *
 * <p>Modelled on Hipparchus' {@code NAN_APPEARING_DURING_INTEGRATION}: the failure names the solver,
 * the step index, the time and the first bad flat index of the batch.
 *
 * <p><b>Magnitude guard.</b> A state or model-output element is sound when its magnitude is at most
 * {@link #MAX_MAGNITUDE} ({@code 1e150}); NaN, infinities and larger finite values stop the run
 * ({@link Kind#NON_FINITE_STATE}, {@link Kind#NON_FINITE_MODEL_OUTPUT}). The bound is where arithmetic on the state stops being trustworthy: the
 * square of a larger element is within a few decades of overflow, so norms, error estimates and
 * covariances computed from such a state are infinite or meaningless. No diffusion state of a sane run comes
 * near it (states are data plus noise of scale sigma, at most a few thousand for VE schedules).
 */
public final class SamplingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The model returned NaN, an infinity or an element beyond {@link #MAX_MAGNITUDE} in magnitude. */
        NON_FINITE_MODEL_OUTPUT,
        /** The solver state became NaN or infinite, or an element exceeded {@link #MAX_MAGNITUDE} in magnitude. */
        NON_FINITE_STATE,
        /** The model threw an exception (kept as the cause). */
        MODEL_FAILURE,
        /** The run's thread was interrupted (checked once per step); the interrupt flag stays set. */
        CANCELLED,
        /** An adaptive solver could not meet its tolerance. */
        STEP_SIZE_UNDERFLOW,
        /** An adaptive solver exceeded its evaluation budget. */
        TOO_MANY_EVALUATIONS
    }

    /** Largest magnitude of a state element or a model-output element; beyond it a run stops. */
    public static final double MAX_MAGNITUDE = 1e150;

    private final Kind kind;
    private final String solver;
    private final int step;
    private final double time;
    private final int index;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param solver solver name (may be empty when unknown)
     * @param step step index in which it happened (-1 when unknown)
     * @param time schedule time at which it happened
     * @param index first offending flat index into the batch (-1 when not applicable)
     * @param detail extra detail appended to the message
     */
    public SamplingException(Kind kind, String solver, int step, double time, int index, String detail) {
        this(kind, solver, step, time, index, detail, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param kind what went wrong
     * @param solver solver name (may be empty when unknown)
     * @param step step index in which it happened (-1 when unknown)
     * @param time schedule time at which it happened
     * @param index first offending flat index into the batch (-1 when not applicable)
     * @param detail extra detail appended to the message
     * @param cause the underlying exception, or {@code null}
     */
    public SamplingException(Kind kind, String solver, int step, double time, int index, String detail,
            Throwable cause) {
        super(Checks.format("%s in solver '%s' at step %d, t=%s%s%s", kind, solver, step, time,
                index >= 0 ? Checks.format(", first bad flat index %d", index) : "",
                detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
        this.kind = kind;
        this.solver = solver;
        this.step = step;
        this.time = time;
        this.index = index;
    }

    /**
     * The model-output guard shared by the solvers' context and
     * {@link io.samplerkit.core.model.GuardedModel}: throws unless every element of {@code output} has magnitude
     * at most {@link #MAX_MAGNITUDE} (NaN and infinities fail). The scan costs what a finiteness scan costs
     * ({@code Double.isFinite(v)} is {@code |v| <= Double.MAX_VALUE}; only the bound differs), so the guard adds
     * no work to a step. When it fails, the state the model was evaluated at is checked first: an unsound state
     * is blamed ({@link Kind#NON_FINITE_STATE}) before the model ({@link Kind#NON_FINITE_MODEL_OUTPUT}).
     *
     * @param x the state the model was evaluated at. Not modified.
     * @param output model output. Not modified.
     * @param solver solver name, or a label of the guarded model (empty when unknown)
     * @param step step index, or -1 when unknown
     * @param time schedule time of the evaluation
     * @throws SamplingException of kind {@link Kind#NON_FINITE_STATE} or {@link Kind#NON_FINITE_MODEL_OUTPUT}
     *     naming the first bad flat index
     */
    public static void requireSoundEvaluation(BatchView x, BatchView output, String solver, int step, double time) {
        double[] out = output.data();
        KernelTraffic.read(out);
        int bad = firstUnsound(out, 0, out.length);
        if (bad >= 0) {
            requireSoundState(x, solver, step, time);
            throw unsoundOutput(solver, step, time, bad, out[bad]);
        }
    }

    /**
     * The state guard: throws unless every element of {@code x} has magnitude at most {@link #MAX_MAGNITUDE}
     * (NaN and infinities fail).
     *
     * @param x the state. Not modified.
     * @param solver solver name (empty when unknown)
     * @param step step index, or -1 when unknown
     * @param time schedule time of the state
     * @throws SamplingException of kind {@link Kind#NON_FINITE_STATE} naming the first bad flat index
     */
    public static void requireSoundState(BatchView x, String solver, int step, double time) {
        double[] xs = x.data();
        KernelTraffic.read(xs);
        int bad = firstUnsound(xs, 0, xs.length);
        if (bad >= 0) {
            throw unsoundState(solver, step, time, bad, xs[bad]);
        }
    }

    /**
     * The first element beyond the magnitude guard.
     *
     * @param a the values. Not modified.
     * @param from first index scanned
     * @param to end of the scan (exclusive)
     * @return the first index in {@code [from, to)} whose element has magnitude above {@link #MAX_MAGNITUDE} or is
     *     NaN, or -1
     */
    public static int firstUnsound(double[] a, int from, int to) {
        return SoundnessScan.firstUnsound(a, from, to, MAX_MAGNITUDE);
    }

    /**
     * The failure of the model-output guard (kind {@link Kind#NON_FINITE_MODEL_OUTPUT}).
     *
     * @param solver solver name or label (empty when unknown)
     * @param step step index, or -1
     * @param time schedule time of the evaluation
     * @param index first bad flat index of the output
     * @param value the output element there
     * @return the exception
     */
    public static SamplingException unsoundOutput(String solver, int step, double time, int index, double value) {
        return new SamplingException(Kind.NON_FINITE_MODEL_OUTPUT, solver, step, time, index,
                Checks.format("model returned %s (allowed: magnitude <= %.0e)", value, MAX_MAGNITUDE));
    }

    /**
     * The failure of the state guard (kind {@link Kind#NON_FINITE_STATE}).
     *
     * @param solver solver name or label (empty when unknown)
     * @param step step index, or -1
     * @param time schedule time of the state
     * @param index first bad flat index of the state
     * @param value the state element there
     * @return the exception
     */
    public static SamplingException unsoundState(String solver, int step, double time, int index, double value) {
        return new SamplingException(Kind.NON_FINITE_STATE, solver, step, time, index,
                Checks.format("state element is %s (allowed: magnitude <= %.0e)", value, MAX_MAGNITUDE));
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the solver's registry name */
    public String solver() {
        return solver;
    }

    /** @return the step index (0-based) */
    public int step() {
        return step;
    }

    /** @return the schedule time */
    public double time() {
        return time;
    }

    /** @return first offending flat index into the batch, or -1 */
    public int index() {
        return index;
    }
}
