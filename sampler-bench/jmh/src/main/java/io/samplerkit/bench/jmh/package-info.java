/**
 * JMH benchmarks and their programmatic runner ({@link io.samplerkit.bench.jmh.BenchRunner}, behind
 * {@code samplerkit bench}, whose options {@link io.samplerkit.bench.jmh.BenchCommand} parses: the main class of
 * the benchmarks jar, which the command line runs in a child JVM).
 *
 * <table>
 * <caption>Benchmarks</caption>
 * <tr><th>class</th><th>measures</th><th>bytes counted</th></tr>
 * <tr><td>{@link io.samplerkit.bench.jmh.SolverStepBenchmark}</td><td>one {@code SolverRun.step} with a
 *     zero-cost model; the registry name is a parameter</td><td>measured by {@link io.samplerkit.bench.jmh.StepTraffic}</td></tr>
 * <tr><td>{@link io.samplerkit.bench.jmh.BandwidthBenchmark}</td><td>STREAM triad at the same element
 *     count and at 1e7 elements (main memory): the bandwidth bounds</td><td>24 per element</td></tr>
 * <tr><td>{@link io.samplerkit.bench.jmh.KernelsBenchmark}</td><td>the fused {@code Kernels}, their
 *     multi-threaded {@code ParallelKernels} twins and the {@code System.arraycopy} baseline</td><td>8 (inputs + 1)
 *     per element</td></tr>
 * <tr><td>{@link io.samplerkit.bench.jmh.NetworkThroughputBenchmark}</td><td>whole runs of a shipped network's run
 *     spec, split into network, adapter and solver time</td><td>-</td></tr>
 * <tr><td>{@link io.samplerkit.bench.jmh.RunOverheadBenchmark}</td><td>the same runs with a recorded network output:
 *     the solver's part alone, wall and CPU time</td><td>-</td></tr>
 * </table>
 */
package io.samplerkit.bench.jmh;
