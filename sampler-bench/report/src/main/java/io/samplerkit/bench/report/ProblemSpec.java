package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleRange;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * One problem of a suite: model (analytic data), schedule, the parameterization the exact model speaks, and
 * the time interval the sampler integrates, which must lie in the schedule's range. Initial states are drawn
 * from the exact marginal at {@code tStart}, so the reference solution at {@code tEnd} differs from a sampler's
 * output only by the sampler's own error.
 *
 * @param id stable identifier (file names, seeds, CSV), e.g. {@code "gauss64-vp-linear"}
 * @param title one-line description for tables and plots
 * @param model the model; a suite needs one with an exact answer
 * @param schedule noise schedule
 * @param prediction what the model returns
 * @param tStart first (noisiest) time
 * @param tEnd last time
 */
public record ProblemSpec(String id, String title, ModelSpec model, ScheduleSpec schedule, Prediction prediction,
        double tStart, double tEnd) {

    /** Validates, with every cross-check against the schedule. */
    public ProblemSpec {
        if (id == null || !id.matches("[a-z0-9][a-z0-9.-]{0,99}")) {
            throw new InvalidInputException("id", id == null ? "nothing" : "'" + id + "'",
                    "kebab-case [a-z0-9.-], at most 100 characters");
        }
        if (title == null) {
            throw new InvalidInputException("title", "nothing", "a string");
        }
        if (model == null) {
            throw new InvalidInputException("model", "nothing", "a model object");
        }
        boolean analytic;
        try {
            analytic = model.analytic().isPresent();
        } catch (InvalidInputException e) {
            throw e.under("model");
        }
        if (!analytic) {
            throw new InvalidInputException("model", model.getClass().getSimpleName(),
                    "a model with an exact answer (a report compares with it)");
        }
        if (schedule == null) {
            throw new InvalidInputException("schedule", "nothing", "a schedule object");
        }
        if (prediction == null) {
            throw new InvalidInputException("prediction", "nothing", "what the model returns, e.g. noise");
        }
        NoiseSchedule s;
        try {
            s = schedule.create();
        } catch (InvalidInputException e) {
            throw e.under("schedule");
        }
        ScheduleRange.requireInterval(s, tStart, tEnd, "tStart", "tEnd");
    }

    /** @return the model's analytic data */
    public AnalyticData data() {
        return model.analytic().orElseThrow();
    }

    /**
     * Builds the problem: initial states and their exact or reference solutions.
     *
     * @param sampleSeeds one seed per batch of initial states
     * @param batchSize rows per batch
     * @return the instance
     */
    public ProblemInstance instantiate(long[] sampleSeeds, int batchSize) {
        AnalyticData data = data();
        if (data.gaussian().isPresent()) {
            return GaussianProblem.build(this, data.gaussian().get(), sampleSeeds, batchSize);
        }
        return MixtureProblem.build(this, data.mixture().orElseThrow(), sampleSeeds, batchSize);
    }

    /**
     * Absolute accuracy of the reference solutions: errors below it are not resolved and are left out of
     * order fits (0 for exact references, whose floor is round-off).
     *
     * @return the error floor of the reference
     */
    public double referenceFloor() {
        return data().gaussian().isPresent() ? 0 : MixtureProblem.REFERENCE_FLOOR;
    }
}
