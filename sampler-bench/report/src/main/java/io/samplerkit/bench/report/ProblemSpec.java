package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleRange;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * One problem of a suite: model, schedule, the parameterization the model speaks, and the time interval the
 * sampler integrates, which must lie in the schedule's range. For analytic data, initial states are drawn from the
 * exact marginal at {@code tStart} and the reference solution at {@code tEnd} is exact (or checked against closed
 * forms), so it differs from a sampler's output only by the sampler's own error. A model without an exact answer (a
 * trained network, {@code "type": "onnx"}) needs a {@code reference}: its ground truth is its own probability-flow
 * ODE integrated to a measured accuracy ({@link ReferenceSpec}, {@link NetworkProblem}); a {@code quality} measure
 * then judges every configuration's samples against the data ({@link QualitySpec}).
 *
 * @param id stable identifier (file names, seeds, CSV), e.g. {@code "gauss64-vp-linear"}
 * @param title one-line description for tables and plots
 * @param model the model; a suite needs one with an exact answer
 * @param schedule noise schedule
 * @param prediction what the model returns
 * @param tStart first (noisiest) time
 * @param tEnd last time
 * @param reference how the ground truth is computed: required for a model without an exact answer, omitted
 *     otherwise
 * @param quality how samples are judged against the data (optional)
 */
public record ProblemSpec(String id, String title, ModelSpec model, ScheduleSpec schedule, Prediction prediction,
        double tStart, double tEnd, ReferenceSpec reference, QualitySpec quality) {

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
        if (!analytic && reference == null) {
            throw new InvalidInputException("reference", "nothing", "a reference object (solver, grid, steps, "
                    + "tolerance) for a model without an exact answer: the report compares with its PF-ODE solution");
        }
        if (analytic && reference != null) {
            throw new InvalidInputException("reference", reference.label(),
                    "omitted for a model with an exact answer (the exact or closed-form reference is used)");
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

    /**
     * A problem of an analytic model, without computed reference or quality measure.
     *
     * @param id stable identifier
     * @param title one-line description
     * @param model the model, with an exact answer
     * @param schedule noise schedule
     * @param prediction what the model returns
     * @param tStart first time
     * @param tEnd last time
     */
    public ProblemSpec(String id, String title, ModelSpec model, ScheduleSpec schedule, Prediction prediction,
            double tStart, double tEnd) {
        this(id, title, model, schedule, prediction, tStart, tEnd, null, null);
    }

    /**
     * @return the model's analytic data
     * @throws IllegalStateException if the model has none (a trained network): callers that take such problems
     *     check {@code model().analytic()} first
     */
    public AnalyticData data() {
        return model.analytic().orElseThrow(() -> new IllegalStateException("problem " + id
                + " has no analytic data (its model is a trained network)"));
    }

    /**
     * Builds the problem: initial states and their exact or reference solutions.
     *
     * @param sampleSeeds one seed per batch of initial states
     * @param batchSize rows per batch
     * @return the instance
     */
    public ProblemInstance instantiate(long[] sampleSeeds, int batchSize) {
        if (reference != null) {
            return NetworkProblem.build(this, sampleSeeds, batchSize);
        }
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
     * @return the error floor of the reference (a computed reference: its accepted self-consistency)
     */
    public double referenceFloor() {
        if (reference != null) {
            return reference.tolerance();
        }
        return data().gaussian().isPresent() ? 0 : MixtureProblem.REFERENCE_FLOOR;
    }
}
