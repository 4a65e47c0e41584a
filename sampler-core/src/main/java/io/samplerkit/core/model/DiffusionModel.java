package io.samplerkit.core.model;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * A (trained or analytic) model of a diffusion: given a noisy batch at the schedule time {@code t},
 * it writes its {@link #prediction()} into {@code out}.
 *
 * <p>Time is always the schedule's own time; adapters translate to a network's convention
 * ({@code 1000 t}, a discrete index, sigma, EDM's {@code c_noise}). Implementations that are used
 * from several runs at once must be thread-safe; the analytic models are.
 */
public interface DiffusionModel {

    /** @return what {@link #evaluate} writes */
    Prediction prediction();

    /**
     * Evaluates the model.
     *
     * @param x noisy batch. Not modified.
     * @param t schedule time
     * @param out destination of the same shape. Modified.
     */
    void evaluate(BatchView x, double t, Batch out);

    /**
     * Network evaluations one {@link #evaluate} call costs: 1 for a model that is one network, the sum of
     * its parts for a combination ({@link ClassifierFreeGuidance} runs two). Wrappers that call their model
     * once report their model's count. The NFE of a run counts {@link #evaluate} calls; this count turns it
     * into network evaluations.
     *
     * @return network evaluations per call, at least 1
     */
    default int networkEvaluationsPerCall() {
        return 1;
    }
}
