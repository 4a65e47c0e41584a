package io.samplerkit.bench.jmh;

import java.util.List;

/**
 * What {@link BenchRunner} measured.
 *
 * @param steps one row per (solver, dim, batch, threads)
 * @param kernels one row per (kernel, size); empty when kernels were not timed
 * @param triads the triad at each size before and after the steps; empty when it was not measured again
 */
public record BenchResult(List<StepRow> steps, List<KernelRow> kernels, List<TriadRow> triads) {

    /**
     * The in-place triad at one size and thread count, measured before the steps (the figure the steps are divided by)
     * and again after them: on a shared machine the bound itself moves during a run.
     *
     * @param elements doubles per array
     * @param threads kernel threads
     * @param gigabytesPerSecondBefore the triad of the sweep, before the steps
     * @param gigabytesPerSecondAfter the same triad after the steps
     */
    public record TriadRow(long elements, int threads, double gigabytesPerSecondBefore,
            double gigabytesPerSecondAfter) {

        /** @return the relative change from before to after ({@code 0.1} = 10 % faster after the steps) */
        public double change() {
            return gigabytesPerSecondAfter / gigabytesPerSecondBefore - 1;
        }
    }

    /**
     * One solver step.
     *
     * @param solver registry name
     * @param dim dimension
     * @param batch batch size
     * @param threads kernel threads of the run (and of the triads it is compared with)
     * @param nanosPerStep mean time per step
     * @param nanosError JMH's 99.9% half-width
     * @param bytesPerStep bytes moved per step (measured by {@link StepTraffic}; -1 when not counted)
     * @param minimalBytesPerStep bytes of the step's minimal passes ({@link StepTraffic.Passes#minimal()}; -1 when
     *     not counted)
     * @param triadGigabytesPerSecond triad bandwidth at {@code dim * batch} elements with the same threads
     * @param dramGigabytesPerSecond triad bandwidth at the largest size measured with the same threads (main memory
     *     when that size exceeds the last-level cache)
     * @param allocBytesPerStep {@code gc.alloc.rate.norm} (NaN without the GC profiler)
     */
    public record StepRow(String solver, int dim, int batch, int threads, double nanosPerStep, double nanosError,
            long bytesPerStep, long minimalBytesPerStep, double triadGigabytesPerSecond, double dramGigabytesPerSecond,
            double allocBytesPerStep) {

        /** @return achieved bandwidth {@code bytesPerStep / time} in GB/s (NaN when bytes are not counted) */
        public double gigabytesPerSecond() {
            return bytesPerStep < 0 ? Double.NaN : bytesPerStep / nanosPerStep;
        }

        /** @return the bandwidth bound: time the counted bytes take at triad bandwidth, in ns */
        public double boundNanos() {
            return bytesPerStep < 0 ? Double.NaN : bytesPerStep / triadGigabytesPerSecond;
        }

        /** @return measured time over the bound ({@code 1} = at the bound) */
        public double timeOverBound() {
            return nanosPerStep / boundNanos();
        }

        /**
         * @return measured time over the time the minimal bytes take at main-memory (largest-size triad) bandwidth:
         *     how far the step is from the physical limit of its algorithm
         */
        public double timeOverMinimalDramBound() {
            return minimalBytesPerStep < 0 ? Double.NaN : nanosPerStep * dramGigabytesPerSecond / minimalBytesPerStep;
        }

        /** @return measured time over the time the counted bytes take at main-memory (largest-size triad) bandwidth */
        public double timeOverDramBound() {
            return bytesPerStep < 0 ? Double.NaN : nanosPerStep * dramGigabytesPerSecond / bytesPerStep;
        }
    }

    /**
     * One kernel call.
     *
     * @param kernel benchmark method ({@code baseline} is {@code System.arraycopy})
     * @param size elements per array
     * @param nanos mean time per call
     * @param bytes bytes moved per call
     * @param allocBytes {@code gc.alloc.rate.norm} (NaN without the GC profiler)
     */
    public record KernelRow(String kernel, int size, double nanos, long bytes, double allocBytes) {

        /** @return achieved bandwidth in GB/s */
        public double gigabytesPerSecond() {
            return bytes / nanos;
        }
    }
}
