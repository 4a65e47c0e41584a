package io.samplerkit.solvers;

import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.ParallelKernels;
import java.util.function.Supplier;

/**
 * Runs test code with the runs' kernel properties set ({@link ParallelKernels#forRuns()} and each run's
 * {@link FusedEvaluation} read them when a run starts), restoring the properties afterwards.
 */
public final class KernelPropertiesForTests {

    private KernelPropertiesForTests() {
    }

    /**
     * With the runs' kernels threaded from one element on.
     *
     * @param threads kernel threads of the runs started inside ({@code 1}: one thread)
     * @param run the code
     * @param <T> its result type
     * @return its result
     */
    public static <T> T withThreads(int threads, Supplier<T> run) {
        return with(ParallelKernels.THREADS_PROPERTY, threads,
                () -> with(ParallelKernels.THRESHOLD_PROPERTY, 1, run));
    }

    /**
     * With the runs' whole-output scan limited to {@code elements} ({@link FusedEvaluation#SCAN_AHEAD_PROPERTY}), so
     * that the block path of the fused evaluation is reached at sizes a test can afford.
     *
     * @param elements the largest output scanned whole before a kernel's first block
     * @param run the code
     * @param <T> its result type
     * @return its result
     */
    public static <T> T withScanAhead(int elements, Supplier<T> run) {
        return with(FusedEvaluation.SCAN_AHEAD_PROPERTY, elements, run);
    }

    private static <T> T with(String name, int value, Supplier<T> run) {
        String old = System.getProperty(name);
        System.setProperty(name, Integer.toString(value));
        try {
            return run.get();
        } finally {
            if (old == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, old);
            }
        }
    }
}
