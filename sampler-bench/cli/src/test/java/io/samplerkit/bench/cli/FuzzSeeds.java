package io.samplerkit.bench.cli;

import java.util.SplittableRandom;

/**
 * Seeds of the fuzz tests. The default run draws a fixed number of inputs per generator from a fixed master
 * seed; {@code -Dsamplerkit.fuzz.count=N} draws {@code N} instead (a longer campaign),
 * {@code -Dsamplerkit.fuzz.master=M} another master seed, and {@code -Dsamplerkit.fuzz.seed=S} reruns the one
 * input that a failure names by its seed.
 */
final class FuzzSeeds {

    /** The master seed of the default run. */
    static final long MASTER_SEED = 20_261_206L;

    private FuzzSeeds() {
    }

    /**
     * @param defaultCount inputs of this generator in the default run
     * @param salt distinguishes generators, so that they do not share seeds
     * @return the seeds to run
     */
    static long[] seeds(int defaultCount, long salt) {
        String one = System.getProperty("samplerkit.fuzz.seed");
        if (one != null) {
            return new long[] {Long.parseLong(one)};
        }
        int n = Integer.getInteger("samplerkit.fuzz.count", defaultCount);
        SplittableRandom master = new SplittableRandom(Long.getLong("samplerkit.fuzz.master", MASTER_SEED) ^ salt);
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = master.nextLong();
        }
        return s;
    }
}
