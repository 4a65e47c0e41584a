/**
 * Fused element-wise kernels over batches: {@link io.samplerkit.core.kernel.Kernels} (single thread, no
 * allocation), {@link io.samplerkit.core.kernel.ParallelKernels} (the same loops on fixed chunks of a
 * fork-join pool above an element threshold, bit-identical to the single-thread results, no allocation per call),
 * {@link io.samplerkit.core.kernel.FusedEvaluation} (a model output's guard and conversion done by the kernel that
 * consumes it) and {@link io.samplerkit.core.kernel.KernelTraffic} (the passes the kernels make, for benchmarks).
 */
package io.samplerkit.core.kernel;
