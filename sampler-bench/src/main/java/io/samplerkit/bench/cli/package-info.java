/**
 * The {@code samplerkit} command line (picocli): {@code list} (solvers and options),
 * {@code conform} (reference conformance, see {@link io.samplerkit.bench.conform}) and
 * {@code sample} (one run from a JSON spec, see {@link io.samplerkit.bench.spec}). The launcher
 * script {@code ./samplerkit} at the repository root builds and runs the shaded jar.
 */
package io.samplerkit.bench.cli;
