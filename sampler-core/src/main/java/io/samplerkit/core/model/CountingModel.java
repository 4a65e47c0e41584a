package io.samplerkit.core.model;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the evaluations (the NFE, number of function evaluations) of a wrapped model; one call
 * counts once whatever the batch size. Returns the wrapped model's output unchanged.
 *
 * <p>Thread-safe: the counter is atomic, so concurrent runs sharing one wrapper are counted exactly.
 */
public final class CountingModel extends ForwardingModel {

    private final AtomicLong calls = new AtomicLong();

    /**
     * @param model the model to count
     */
    public CountingModel(DiffusionModel model) {
        super(model, "Counting");
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        model().evaluate(x, t, out);
        calls.incrementAndGet();
    }

    @Override
    public void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
        model().evaluateWithVariance(x, t, out, variance);
        calls.incrementAndGet();
    }

    /** @return evaluations since creation or the last {@link #reset()} */
    public long count() {
        return calls.get();
    }

    /**
     * @return network evaluations since creation or the last {@link #reset()}: {@link #count()} times the
     *     wrapped model's {@link DiffusionModel#networkEvaluationsPerCall()} (two per call under classifier-free
     *     guidance)
     */
    public long networkEvaluations() {
        return calls.get() * networkEvaluationsPerCall();
    }

    /** Sets the count to zero. */
    public void reset() {
        calls.set(0);
    }
}
