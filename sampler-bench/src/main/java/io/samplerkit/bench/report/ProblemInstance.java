package io.samplerkit.bench.report;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;

/**
 * A problem made concrete for one run of a suite: schedule, exact model, the initial states (all
 * batches stacked) and their exact or reference solutions at {@code tEnd}.
 *
 * <p>Immutable after construction and shared by every configuration of the problem; callers must
 * not modify the returned batches. Thread-safe.
 */
public interface ProblemInstance {

    /** @return the problem definition */
    ProblemSpec spec();

    /** @return the schedule */
    NoiseSchedule schedule();

    /** @return the model (thread-safe) */
    DiffusionModel model();

    /** @return dimension of one sample */
    int dim();

    /** @return initial states at {@code tStart}, drawn from the exact marginal there. Not to be modified. */
    Batch initialStates();

    /** @return the exact (or high-accuracy reference) probability-flow solutions at {@code tEnd}. Not to be modified. */
    Batch reference();

    /**
     * What the exact output-law metrics compare against, present when the data are Gaussian (every
     * deterministic sampler is then affine in {@code x_T}).
     *
     * @return the targets, or empty
     */
    Optional<GaussianTargets> gaussianTargets();
}
