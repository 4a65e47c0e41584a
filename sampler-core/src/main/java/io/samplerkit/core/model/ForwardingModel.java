package io.samplerkit.core.model;

import io.samplerkit.core.Checks;

/**
 * A model that wraps another and answers in its parameterization: {@link #prediction()} and
 * {@link #networkEvaluationsPerCall()} and {@link #outputsVariance()} are the wrapped model's, {@link #toString()}
 * names the wrapper around it. The one place the wrappers that observe a call ({@link CountingModel},
 * {@link GuardedModel}) forward what they do not change; a subclass implements {@link #evaluate} around
 * {@code model().evaluate}, and {@link #evaluateWithVariance} around {@code model().evaluateWithVariance}.
 */
public abstract class ForwardingModel implements DiffusionModel {

    private final DiffusionModel model;
    private final String label;

    /**
     * @param model the wrapped model
     * @param label the wrapper's name in {@link #toString()}
     */
    protected ForwardingModel(DiffusionModel model, String label) {
        this.model = Checks.requireNonNull(model, "model");
        this.label = label;
    }

    /** @return the wrapped model */
    protected final DiffusionModel model() {
        return model;
    }

    @Override
    public final int networkEvaluationsPerCall() {
        return model.networkEvaluationsPerCall();
    }

    @Override
    public final Prediction prediction() {
        return model.prediction();
    }

    @Override
    public final boolean outputsVariance() {
        return model.outputsVariance();
    }

    @Override
    public final String toString() {
        return label + "(" + model + ")";
    }
}
