package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;

/**
 * The system properties that tune a run's kernels ({@link ParallelKernels#THREADS_PROPERTY},
 * {@link ParallelKernels#THRESHOLD_PROPERTY}, {@link FusedEvaluation#SCAN_AHEAD_PROPERTY}), read when a run starts.
 * They change speed only, never bits; a malformed value is refused with its name rather than ignored.
 */
final class KernelProperties {

    private KernelProperties() {
    }

    /**
     * @param name the property
     * @param fallback its value when unset
     * @param min the smallest value allowed
     * @return the property's integer value, or {@code fallback} when it is unset
     * @throws IllegalArgumentException naming the property, the value and the allowed range, if it is set to anything
     *     but an integer {@code >= min}
     */
    static int intProperty(String name, int fallback, int min) {
        String value = System.getProperty(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(outOfRange(name, min, value), e);
        }
        if (parsed < min) {
            throw new IllegalArgumentException(outOfRange(name, min, value));
        }
        return parsed;
    }

    private static String outOfRange(String name, int min, String value) {
        return Checks.format("system property %s must be an integer >= %d, got '%s'", name, min, value);
    }
}
