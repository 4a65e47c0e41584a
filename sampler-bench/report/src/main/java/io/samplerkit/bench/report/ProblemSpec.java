package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import io.samplerkit.core.model.Prediction;

/**
 * One problem of a suite: data, schedule, the parameterization the (exact) model speaks, and the
 * time interval the sampler integrates. Initial states are drawn from the exact marginal at
 * {@code tStart}, so the reference solution at {@code tEnd} differs from a sampler's output only by
 * the sampler's own error.
 *
 * @param id stable identifier (file names, seeds, CSV), e.g. {@code "gauss64-vp-linear"}
 * @param title one-line description for tables and plots
 * @param data data distribution
 * @param schedule noise schedule
 * @param prediction what the model returns
 * @param tStart first (noisiest) time
 * @param tEnd last time
 */
public record ProblemSpec(String id, String title, DataSpec data, ScheduleSpec schedule, Prediction prediction,
        double tStart, double tEnd) {

    /** Validates. */
    public ProblemSpec {
        Checks.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("problem id must be kebab-case [a-z0-9.-], got '" + id + "'");
        }
        Checks.requireNonNull(title, "title");
        Checks.requireNonNull(data, "data");
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(prediction, "prediction");
        Checks.requireFinite(tEnd, "tEnd");
        Checks.requireInOpenRange(tStart, tEnd, Double.MAX_VALUE, "tStart");
    }
}
