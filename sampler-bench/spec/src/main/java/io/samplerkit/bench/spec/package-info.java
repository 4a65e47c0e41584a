/**
 * The JSON vocabulary shared by run specs ({@code samplerkit sample --spec}) and report suites: one sealed
 * record family per concept, bound by Jackson with a polymorphic {@code type}:
 * {@link io.samplerkit.bench.spec.ScheduleSpec} ({@code schedule}), {@link io.samplerkit.bench.spec.GridSpec}
 * ({@code grid}/{@code grids}), {@link io.samplerkit.bench.spec.ModelSpec} ({@code model}) and
 * {@link io.samplerkit.bench.spec.SolverSpec} ({@code solver}/{@code solvers}); the run spec itself is
 * {@link io.samplerkit.bench.spec.SampleSpec}. Every JSON input is read by
 * {@link io.samplerkit.bench.spec.StrictJson} within {@link io.samplerkit.bench.spec.InputLimits}; every error is
 * an {@link io.samplerkit.core.InvalidInputException} naming the JSON path, the capped value and what is allowed.
 */
package io.samplerkit.bench.spec;
