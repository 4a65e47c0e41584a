package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * The model of a problem whose evaluations the caller computes: it only declares the parameterization the
 * caller's answers are in. A {@link Stepper} started on such a problem hands every evaluation to the caller;
 * evaluating it any other way (e.g. {@link Solver#sample}) is an error.
 *
 * @param prediction what the caller's answers are ({@code NOISE} for an epsilon network, {@code VELOCITY} for a
 *     v-prediction network, {@code FLOW} for a flow-matching network, ...)
 * @param networkEvaluationsPerCall network evaluations one answer costs the caller (2 when it answers with
 *     classifier-free guidance), for {@link SamplingResult#networkEvaluations()}
 * @param outputsVariance whether the caller's network also outputs a variance channel (a learned-variance DDPM):
 *     queries of a sampler that reads it ({@link Stepper.Query#wantsVariance()}) are answered with
 *     {@link Stepper#answer(BatchView, BatchView)}
 */
public record CallerModel(Prediction prediction, int networkEvaluationsPerCall, boolean outputsVariance)
        implements DiffusionModel {

    /** Validates. */
    public CallerModel {
        Checks.requireNonNull(prediction, "prediction");
        if (networkEvaluationsPerCall < 1) {
            throw new InvalidInputException("networkEvaluationsPerCall", networkEvaluationsPerCall, "at least 1");
        }
    }

    /**
     * A caller without a variance channel.
     *
     * @param prediction the answers' parameterization
     * @param networkEvaluationsPerCall network evaluations per answer, at least 1
     */
    public CallerModel(Prediction prediction, int networkEvaluationsPerCall) {
        this(prediction, networkEvaluationsPerCall, false);
    }

    /**
     * @param prediction the answers' parameterization
     * @return a caller whose network also outputs a variance channel, one network evaluation per answer
     */
    public static CallerModel answeringWithVariance(Prediction prediction) {
        return new CallerModel(prediction, 1, true);
    }

    /**
     * @param prediction the answers' parameterization
     * @return the model, one network evaluation per answer
     */
    public static CallerModel answering(Prediction prediction) {
        return new CallerModel(prediction, 1);
    }

    /**
     * @param prediction the answers' parameterization
     * @param networkEvaluationsPerCall network evaluations per answer, at least 1
     * @return the model
     */
    public static CallerModel answering(Prediction prediction, int networkEvaluationsPerCall) {
        return new CallerModel(prediction, networkEvaluationsPerCall);
    }

    /**
     * Always fails: the caller answers this model's evaluations through a {@link Stepper}.
     *
     * @throws IllegalStateException always
     */
    /**
     * Always fails, as {@link #evaluate}.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
        evaluate(x, t, out);
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        throw new IllegalStateException("this problem's model is answered by the caller: drive it with "
                + "Solver.stepper(problem, xT), not Solver.sample");
    }
}
