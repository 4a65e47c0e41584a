package io.samplerkit.solvers;

import io.samplerkit.core.kernel.ParallelKernels;
import java.util.function.Supplier;

/**
 * Runs test code with the runs' kernels threaded from one element on ({@link ParallelKernels#forRuns()} reads its
 * system properties when a run starts), restoring the properties afterwards.
 */
public final class KernelThreadsForTests {

    private KernelThreadsForTests() {
    }

    /**
     * @param threads kernel threads of the runs started inside ({@code 1}: one thread)
     * @param run the code
     * @param <T> its result type
     * @return its result
     */
    public static <T> T withThreads(int threads, Supplier<T> run) {
        String oldThreads = System.getProperty(ParallelKernels.THREADS_PROPERTY);
        String oldThreshold = System.getProperty(ParallelKernels.THRESHOLD_PROPERTY);
        System.setProperty(ParallelKernels.THREADS_PROPERTY, Integer.toString(threads));
        System.setProperty(ParallelKernels.THRESHOLD_PROPERTY, "1");
        try {
            return run.get();
        } finally {
            restore(ParallelKernels.THREADS_PROPERTY, oldThreads);
            restore(ParallelKernels.THRESHOLD_PROPERTY, oldThreshold);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
