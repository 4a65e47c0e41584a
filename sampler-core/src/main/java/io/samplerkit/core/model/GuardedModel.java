package io.samplerkit.core.model;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.function.IntSupplier;

/**
 * Fails loudly when a wrapped model returns NaN, an infinity or a value beyond
 * {@link SamplingException#MAX_MAGNITUDE}: after every evaluation the output is scanned
 * ({@link SamplingException#requireSoundEvaluation}, the same guard the solvers' context applies to every
 * call; an overflowed input state is blamed first) and a {@link SamplingException} of kind {@link SamplingException.Kind#NON_FINITE_STATE} or
 * {@link SamplingException.Kind#NON_FINITE_MODEL_OUTPUT} is thrown with the label, the step (from an
 * optional supplier, else -1), the time {@code t} and the first bad flat index. An exception thrown by the
 * wrapped model becomes a {@link SamplingException} of kind {@link SamplingException.Kind#MODEL_FAILURE} with
 * the same fields and the model's exception as its cause.
 *
 * <p>Built with a run's {@link FusedEvaluation}, it hands the check of each output to it while it is open on the calling
 * thread (the kernel that consumes the output checks it; the exception is the same).
 *
 * <p>Useful outside the solver driver (reference integrators, benchmarks, custom loops). Thread-safe
 * if the wrapped model and the step supplier are.
 */
public final class GuardedModel extends ForwardingModel {

    private final String label;
    private final IntSupplier step;
    private final FusedEvaluation fused;

    /**
     * A guard that scans every output after the call.
     *
     * @param model the model to guard
     * @param label name reported as the exception's solver field (empty when there is none)
     * @param step supplies the current step index, or -1 when unknown
     */
    public GuardedModel(DiffusionModel model, String label, IntSupplier step) {
        this(model, label, step, null);
    }

    /**
     * @param model the model to guard
     * @param label name reported as the exception's solver field (empty when there is none)
     * @param step supplies the current step index, or -1 when unknown
     * @param fused the run's {@link FusedEvaluation}, or {@code null}: while it is open on the calling thread, the
     *     output check is deferred to the kernel that reads the output (same exception, no pass of its own) instead
     *     of a scan after the call
     */
    public GuardedModel(DiffusionModel model, String label, IntSupplier step, FusedEvaluation fused) {
        super(model, "Guarded");
        this.label = Checks.requireNonNull(label, "label");
        this.step = Checks.requireNonNull(step, "step");
        this.fused = fused;
    }

    /**
     * A guard that reports step -1 and an empty label.
     *
     * @param model the model to guard
     * @return the guarded model
     */
    public static GuardedModel of(DiffusionModel model) {
        return new GuardedModel(model, "", () -> -1);
    }

    /**
     * Evaluates the wrapped model, then checks every element of {@code out}.
     *
     * @param x noisy batch. Not modified.
     * @param t schedule time
     * @param out destination. Modified.
     * @throws SamplingException if the model throws ({@code MODEL_FAILURE}, its exception as the cause) or the
     *     output holds NaN, an infinity or a value beyond the magnitude guard
     */
    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        FusedEvaluation open = fused != null && fused == FusedEvaluation.current() ? fused : null;
        if (open != null) {
            // an earlier output nobody has read yet is checked before the model runs again
            open.flush();
        }
        try {
            model().evaluate(x, t, out);
        } catch (SamplingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e, t);
        }
        if (open != null) {
            open.defer(x, out, label, step.getAsInt(), t);
        } else {
            SamplingException.requireSoundEvaluation(x, out, label, step.getAsInt(), t);
        }
    }

    /**
     * Evaluates the wrapped model with its variance channel, then checks every element of both outputs.
     *
     * @param x noisy batch. Not modified.
     * @param t schedule time
     * @param out destination of the prediction. Modified.
     * @param variance destination of the variance channel. Modified.
     * @throws SamplingException as {@link #evaluate}, for either output
     */
    @Override
    public void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
        if (fused != null && fused == FusedEvaluation.current()) {
            // scanned right after the call (two outputs); an earlier pending evaluation runs before the model
            fused.flush();
        }
        try {
            model().evaluateWithVariance(x, t, out, variance);
        } catch (SamplingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e, t);
        }
        SamplingException.requireSoundEvaluation(x, out, label, step.getAsInt(), t);
        SamplingException.requireSoundEvaluation(x, variance, label, step.getAsInt(), t);
    }

    private SamplingException failure(RuntimeException e, double t) {
        return new SamplingException(SamplingException.Kind.MODEL_FAILURE, label, step.getAsInt(), t, -1,
                "the model threw " + InvalidInputException.render(e), e);
    }
}
