package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;

/**
 * A problem made concrete for one run of a suite: schedule, model, the initial states (all batches stacked) and
 * their exact or reference solutions at {@code tEnd}. Built by {@link ProblemSpec#instantiate}
 * ({@link GaussianProblem}, {@link MixtureProblem}, {@link NetworkProblem}).
 *
 * <p>Shared by every configuration of the problem; callers must not modify the batches. Thread-safe
 * under that rule (the model and the quality measure are thread-safe). {@link #close()} releases a network's
 * sessions.
 *
 * @param spec the problem definition
 * @param schedule the schedule
 * @param model the model
 * @param initialStates initial states at {@code tStart}
 * @param reference the exact (or high-accuracy reference) probability-flow solutions at {@code tEnd}
 * @param gaussianData the data law, present when the data are Gaussian (every fixed-grid sampler is then
 *     affine in {@code x_T} and its noise, so its output law is exact)
 * @param quality the sample-quality measure of a problem without an exact law, when the problem has one
 * @param referenceCheck the measured accuracy of a computed reference (networks), empty for exact ones
 */
public record ProblemInstance(ProblemSpec spec, NoiseSchedule schedule, DiffusionModel model, Batch initialStates,
        Batch reference, Optional<GaussianData> gaussianData, Optional<SampleQuality> quality,
        Optional<ReferenceCheck> referenceCheck) implements AutoCloseable {

    /**
     * An analytic problem: no quality measure, an exact (or closed-form-checked) reference.
     *
     * @param spec the problem definition
     * @param schedule the schedule
     * @param model the model
     * @param initialStates initial states
     * @param reference reference solutions
     * @param gaussianData the data law when Gaussian
     */
    public ProblemInstance(ProblemSpec spec, NoiseSchedule schedule, DiffusionModel model, Batch initialStates,
            Batch reference, Optional<GaussianData> gaussianData) {
        this(spec, schedule, model, initialStates, reference, gaussianData, Optional.empty(), Optional.empty());
    }

    /** @return dimension of one sample */
    public int dim() {
        return initialStates.dim();
    }

    /** Closes the model's and the quality measure's sessions, if any. */
    @Override
    public void close() {
        quality.ifPresent(SampleQuality::close);
        closeModel(spec, model);
    }

    /**
     * Closes a model that holds resources (a network's session).
     *
     * @param spec the problem (for the message)
     * @param model the model
     */
    static void closeModel(ProblemSpec spec, DiffusionModel model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the model of " + spec.id() + ": " + e.getMessage(), e);
            }
        }
    }
}
