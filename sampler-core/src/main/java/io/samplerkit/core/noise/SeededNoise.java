package io.samplerkit.core.noise;

import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.state.Batch;
import java.util.SplittableRandom;

/**
 * Counter-based seeded noise: row {@code r} of stream {@code k} is drawn from a generator seeded by
 * a SplitMix64 hash of {@code (seed, k, r)}, so each row's values are independent of how rows are
 * split across threads and of the order in which streams are requested.
 *
 * <p>Row {@code r} of stream {@code k} is the same for every batch size (a larger batch extends a smaller
 * one), for every thread split and every request order (tested). The normal draws come from
 * {@link SplittableRandom#nextGaussian()}, so the exact values are those of the running JDK's algorithm
 * (stable within a JDK release line, not promised across vendors). Each row keys its own generator,
 * so every row of every call creates one small generator object; nothing else is allocated.
 *
 * <p>Immutable and thread-safe.
 */
public final class SeededNoise implements NoiseSource {

    private final long seed;

    /**
     * A noise source with a master seed.
     *
     * @param seed master seed
     */
    public SeededNoise(long seed) {
        this.seed = seed;
    }

    /** @return the master seed */
    public long seed() {
        return seed;
    }

    @Override
    public void standardNormal(long stream, Batch out) {
        double[] d = out.data();
        KernelTraffic.write(d);
        int dim = out.dim();
        for (int r = 0; r < out.size(); r++) {
            fillRow(stream, r, d, r * dim, dim);
        }
    }

    /**
     * Fills one row; exposed so that threaded callers can split rows among themselves.
     *
     * @param stream stream key
     * @param row row index
     * @param dest destination array. Modified.
     * @param offset first index to write
     * @param length number of values
     */
    public void fillRow(long stream, int row, double[] dest, int offset, int length) {
        SplittableRandom rng = new SplittableRandom(mix(mix(mix(seed) ^ stream) + row));
        for (int j = 0; j < length; j++) {
            dest[offset + j] = rng.nextGaussian();
        }
    }

    /** SplitMix64 finalizer (Steele, Lea and Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
