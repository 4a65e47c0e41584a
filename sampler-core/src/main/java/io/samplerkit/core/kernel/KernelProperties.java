package io.samplerkit.core.kernel;

import io.samplerkit.core.InvalidInputException;

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
     * @throws InvalidInputException naming the property (its path), the value and the allowed range, if it is set to
     *     anything but an integer {@code >= min}
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
            throw outOfRange(name, min, value);
        }
        if (parsed < min) {
            throw outOfRange(name, min, value);
        }
        return parsed;
    }

    private static InvalidInputException outOfRange(String name, int min, String value) {
        return new InvalidInputException(name, "'" + value + "'", "an integer >= " + min + " (a system property)");
    }
}
