package io.samplerkit.core.kernel;

import java.util.function.LongConsumer;

/** Seeded case generators of this package's tests: runs seeds 1..n and names the failing seed. */
final class SeededCases {

    private SeededCases() {
    }

    /**
     * Runs {@code check} for seeds 1 to {@code count}.
     *
     * @param count number of seeds
     * @param check one case; throws {@link AssertionError} on failure
     * @throws AssertionError the first failure, its message prefixed with the seed
     */
    static void forSeeds(long count, LongConsumer check) {
        for (long seed = 1; seed <= count; seed++) {
            try {
                check.accept(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }
}
