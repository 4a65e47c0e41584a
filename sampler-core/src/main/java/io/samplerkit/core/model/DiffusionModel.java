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
     * @param out destination of the same shape: every element is written. What it held before is unspecified (a
     *     solver's buffer, e.g. an earlier output converted in place) and must not be read. Modified.
     */
    void evaluate(BatchView x, double t, Batch out);

    /**
     * Whether the model also outputs a variance channel, read by {@link #evaluateWithVariance}: improved DDPM's
     * learned variance (Nichol and Dhariwal 2021, arXiv:2102.09672, eq. 15), as diffusers' UNets with
     * {@code learned}/{@code learned_range} variance output it in a second half of their channels. Wrappers
     * that call their model once forward it ({@link CountingModel}, {@link GuardedModel}); others (guidance,
     * thresholding) report {@code false}, so a sampler that needs the channel fails before it runs.
     *
     * @return {@code true} if {@link #evaluateWithVariance} is supported; the default is {@code false}
     */
    default boolean outputsVariance() {
        return false;
    }

    /**
     * Evaluates the model and its variance channel in one call (one network evaluation, counted as one
     * {@link #evaluate} call). The channel is returned raw, as the network outputs it, and its meaning is the
     * sampler's choice (diffusers' {@code variance_type}: {@code learned_range} reads {@code v} as the
     * interpolation fraction {@code (v + 1)/2} between the log variances, {@code learned} as the variance).
     *
     * @param x noisy batch. Not modified.
     * @param t schedule time
     * @param out destination of the {@link #prediction()}, the shape of {@code x}. Modified.
     * @param variance destination of the variance channel, the shape of {@code x}. Modified.
     * @throws UnsupportedOperationException if {@link #outputsVariance()} is {@code false}
     */
    default void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
        throw new UnsupportedOperationException(this + " has no variance output");
    }

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
