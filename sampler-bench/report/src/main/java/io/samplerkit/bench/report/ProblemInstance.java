package io.samplerkit.bench.report;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;

/**
 * A problem made concrete for one run of a suite: schedule, exact model, the initial states (all
 * batches stacked) and their exact or reference solutions at {@code tEnd}. Built by
 * {@link ProblemSpec#instantiate} ({@link GaussianProblem}, {@link MixtureProblem}).
 *
 * <p>Shared by every configuration of the problem; callers must not modify the batches. Thread-safe
 * under that rule (the model is thread-safe).
 *
 * @param spec the problem definition
 * @param schedule the schedule
 * @param model the model
 * @param initialStates initial states at {@code tStart}, drawn from the exact marginal there
 * @param reference the exact (or high-accuracy reference) probability-flow solutions at {@code tEnd}
 * @param gaussianTargets what the exact output-law metrics compare against, present when the data
 *     are Gaussian (every deterministic sampler is then affine in {@code x_T})
 */
public record ProblemInstance(ProblemSpec spec, NoiseSchedule schedule, DiffusionModel model, Batch initialStates,
        Batch reference, Optional<GaussianTargets> gaussianTargets) {

    /** @return dimension of one sample */
    public int dim() {
        return initialStates.dim();
    }
}
