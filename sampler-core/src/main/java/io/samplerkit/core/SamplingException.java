package io.samplerkit.core;

import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.state.BatchView;

/**
 * A sampling run failed: the model returned NaN or infinity, or a solver met a state it cannot
 * continue from. Carries the structured fields a test (or a user) needs, not only a message.
 *
 * <p>Modelled on Hipparchus' {@code NAN_APPEARING_DURING_INTEGRATION}: the failure names the solver,
 * the step index, the time and the first bad flat index of the batch.
 */
public final class SamplingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The model returned NaN or an infinity. */
        NON_FINITE_MODEL_OUTPUT,
        /** The solver state became NaN or infinite. */
        NON_FINITE_STATE,
        /** An adaptive solver could not meet its tolerance. */
        STEP_SIZE_UNDERFLOW,
        /** An adaptive solver exceeded its evaluation budget. */
        TOO_MANY_EVALUATIONS
    }

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
        super(Checks.format("%s in solver '%s' at step %d, t=%s%s%s", kind, solver, step, time,
                index >= 0 ? Checks.format(", first bad flat index %d", index) : "",
                detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.kind = kind;
        this.solver = solver;
        this.step = step;
        this.time = time;
        this.index = index;
    }

    /**
     * The model-output guard shared by the solvers' context and
     * {@link io.samplerkit.core.model.GuardedModel}: throws unless every element of {@code output} is
     * finite. The scan is {@link BatchView#firstNonFinite()}.
     *
     * @param output model output. Not modified.
     * @param solver solver name, or a label of the guarded model (empty when unknown)
     * @param step step index, or -1 when unknown
     * @param time schedule time of the evaluation
     * @throws SamplingException of kind {@link Kind#NON_FINITE_MODEL_OUTPUT} naming the first bad flat index
     */
    public static void requireFiniteModelOutput(BatchView output, String solver, int step, double time) {
        KernelTraffic.read(output.data());
        int bad = output.firstNonFinite();
        if (bad >= 0) {
            throw new SamplingException(Kind.NON_FINITE_MODEL_OUTPUT, solver, step, time, bad,
                    "model returned " + output.data()[bad]);
        }
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
