package io.samplerkit.core.noise;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.state.Batch;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Counter-based seeded noise with a portable normal generator: sample {@code n} of stream {@code k} is
 * drawn from its own generator, so each sample's values depend only on {@code (seed, k, n)}.
 *
 * <p><b>Generator (fixed, part of the reproducibility promise).</b> For sample {@code n = firstSample + r}
 * (row {@code r} of the batch) and stream {@code k}:
 * <pre>
 *   s0 = mix(mix(mix(seed) ^ k) + n),   s1 = mix(s0 ^ 0x9e3779b97f4a7c15)
 *   u  = xoroshiro128++ seeded with (s0, s1)          (Apache Commons RNG XoRoShiRo128PlusPlus)
 *   z_j = the j-th value of ZigguratSampler.NormalizedGaussian on u   (McFarland 2016, "A modified
 *         ziggurat algorithm for generating exponentially and normally distributed pseudorandom numbers",
 *         J. Stat. Comput. Simul. 86(7), as Commons RNG 1.6 implements it)
 * </pre>
 * where {@code mix} is the SplitMix64 finalizer (Steele, Lea and Flood 2014). Both algorithms are
 * specified bit for bit and use only integer arithmetic and IEEE-754 operations that Java defines exactly
 * ({@code strictfp} semantics are the default since Java 17), so the same seed gives the same bits on
 * every JDK; the Commons RNG version is pinned in the build because the ziggurat tables belong to it.
 *
 * <p><b>Per-sample streams.</b> {@code firstSample} numbers the batch's rows globally: a batch of rows
 * {@code 100..199} drawn with {@code withFirstSample(100)} holds exactly rows {@code 100..199} of one
 * batch of 200. So a sample's noise depends on its number, never on the batch it was drawn in, the batch
 * size, the thread split or the request order (all tested).
 *
 * <p><b>Mode.</b> {@link NoiseMode#FRESH} (the default) lets solvers draw fresh normals per step;
 * {@link NoiseMode#BROWNIAN} makes them draw increments of a {@link VirtualBrownianTree} built on the same
 * seed and sample numbers ({@link #brownianPath}).
 *
 * <p>Each row of each call creates one small generator and sampler object; nothing else is allocated.
 * Immutable and thread-safe.
 */
public final class SeededNoise implements NoiseSource {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private final long seed;
    private final long firstSample;
    private final NoiseMode mode;

    /**
     * A noise source with a master seed, rows numbered from 0, fresh normals per step.
     *
     * @param seed master seed
     */
    public SeededNoise(long seed) {
        this(seed, 0, NoiseMode.FRESH);
    }

    /**
     * @param seed master seed
     * @param firstSample global number of row 0, {@code >= 0}
     * @param mode how solvers draw step noise
     */
    public SeededNoise(long seed, long firstSample, NoiseMode mode) {
        if (firstSample < 0) {
            throw new InvalidInputException("firstSample", firstSample, ">= 0");
        }
        this.seed = seed;
        this.firstSample = firstSample;
        this.mode = Checks.requireNonNull(mode, "mode");
    }

    /** @return the master seed */
    public long seed() {
        return seed;
    }

    /** @return the global sample number of row 0 */
    public long firstSample() {
        return firstSample;
    }

    @Override
    public NoiseMode mode() {
        return mode;
    }

    /**
     * @param first global sample number of row 0, {@code >= 0}
     * @return a copy whose rows are samples {@code first, first + 1, ...}
     */
    public SeededNoise withFirstSample(long first) {
        return new SeededNoise(seed, first, mode);
    }

    /**
     * @param newMode how solvers draw step noise
     * @return a copy with that mode
     */
    public SeededNoise withMode(NoiseMode newMode) {
        return new SeededNoise(seed, firstSample, newMode);
    }

    @Override
    public void standardNormal(long stream, Batch out) {
        double[] d = out.data();
        int dim = out.dim();
        for (int r = 0; r < out.size(); r++) {
            fillRow(stream, r, d, r * dim, dim);
        }
    }

    /**
     * Fills one row; exposed so that threaded callers can split rows among themselves.
     *
     * @param stream stream key
     * @param row row index within the batch (sample {@code firstSample() + row})
     * @param dest destination array. Modified.
     * @param offset first index to write
     * @param length number of values
     */
    public void fillRow(long stream, int row, double[] dest, int offset, int length) {
        long s0 = mix(mix(mix(seed) ^ stream) + firstSample + row);
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(new XoRoShiRo128PlusPlus(s0, mix(s0 ^ GOLDEN)));
        for (int j = 0; j < length; j++) {
            dest[offset + j] = normal.sample();
        }
    }

    /**
     * A {@link VirtualBrownianTree} on this source's seed and sample numbers (whatever the mode).
     *
     * @param t0 start of the interval
     * @param t1 end of the interval
     * @param size rows
     * @param dim columns
     * @return the path
     */
    @Override
    public BrownianPath brownianPath(double t0, double t1, int size, int dim) {
        return VirtualBrownianTree.of(this, t0, t1, size, dim);
    }

    /**
     * SplitMix64 finalizer (Steele, Lea and Flood 2014).
     *
     * @param z input
     * @return the mixed value
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
