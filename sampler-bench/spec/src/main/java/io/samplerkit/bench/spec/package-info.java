/**
 * Run specifications in JSON: small mappers from a JSON object to a SamplerKit object
 * ({@link io.samplerkit.bench.spec.ScheduleSpecs}, {@link io.samplerkit.bench.spec.GridSpecs},
 * {@link io.samplerkit.bench.spec.ModelSpecs}, {@link io.samplerkit.bench.spec.SolverSpecs}) and the
 * single-run spec of {@code samplerkit sample} ({@link io.samplerkit.bench.spec.SampleSpec}).
 * Every error is a {@link io.samplerkit.bench.spec.SpecException} whose message names the JSON field
 * path, the value and what is allowed.
 */
package io.samplerkit.bench.spec;
