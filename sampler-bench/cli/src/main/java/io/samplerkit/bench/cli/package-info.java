/**
 * The {@code samplerkit} command line (picocli): {@code list} (solvers and options),
 * {@code conform} (reference conformance, see {@link io.samplerkit.bench.conform}),
 * {@code sample} (one run from a JSON spec, see {@link io.samplerkit.bench.spec}), {@code report} and
 * {@code report merge} (solver reports, see {@link io.samplerkit.bench.report}) and {@code bench} (JMH
 * benchmarks, run from the separate benchmarks jar of module {@code sampler-jmh}, see {@code BenchJarCommand}).
 * Bad arguments exit with code 2 and a message naming
 * the option, the value and what is allowed ({@code CliArgs}). The launcher
 * script {@code ./samplerkit} at the repository root builds and runs the shaded jar.
 */
package io.samplerkit.bench.cli;
