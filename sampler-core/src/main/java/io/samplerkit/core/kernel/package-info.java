/**
 * Fused element-wise kernels over batches: {@link io.samplerkit.core.kernel.Kernels} (single thread, no
 * allocation) and {@link io.samplerkit.core.kernel.ParallelKernels} (the same loops on fixed chunks of a
 * fork-join pool above an element threshold, bit-identical to the single-thread results).
 */
package io.samplerkit.core.kernel;
