package io.samplerkit.core.noise;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.state.Batch;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

/**
 * Counter-based seeded noise with a portable normal generator: sample {@code n} of stream {@code k} is
 * drawn from its own generator, so each sample's values depend only on {@code (seed, k, n)}.
 *
 * <p><b>Generator (fixed, part of the reproducibility promise).</b> For sample {@code n = firstSample + r}
 * (row {@code r} of the batch) and stream {@code k}:
 * <pre>
 *   s0 = mix(mix(mix(seed) ^ k) + n),   s1 = mix(s0 ^ 0x9e3779b97f4a7c15)
 *   w_1, w_2, ... = xoroshiro128++ seeded with (s0, s1)     (Blackman and Vigna 2021, ACM TOMS 47(4);
 *                                                           Apache Commons RNG XoRoShiRo128PlusPlus)
 *   u = (w &gt;&gt;&gt; 11) 2^-53 in [0, 1);  per pair (u_a, u_b):
 *   z_{2j}   = sqrt(-2 log(1 - u_a)) cos(2 pi u_b),   z_{2j+1} = sqrt(-2 log(1 - u_a)) sin(2 pi u_b)
 * </pre>
 * (Box and Muller 1958; an odd row length drops the last sine), where {@code mix} is the SplitMix64 finalizer
 * (Steele, Lea and Flood 2014). The generator is integer arithmetic, and {@code log}, {@code sin}, {@code cos}
 * come from {@link StrictMath}, whose results the Java specification fixes bit for bit (fdlibm), and
 * {@code sqrt} is correctly rounded: the same seed gives the same bits on every JDK. (Commons RNG's
 * ziggurat sampler was the first choice; its edge branch calls {@code Math.exp}, which the specification allows
 * to differ by one ulp between JVMs, so it could flip an acceptance test on another JDK.)
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
 * <p>Each row of each call creates one small generator object; nothing else is allocated.
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
        KernelTraffic.write(d);
        int dim = out.dim();
        for (int r = 0; r < out.size(); r++) {
            fillRow(stream, r, d, r * dim, dim);
        }
    }

    /**
     * A reusable producer of this source's draws in flat order, block by block (for kernels that generate the noise
     * inside their loop); allocate it once per run.
     *
     * @param dim row length of the draws, {@code >= 1}
     * @return a new stream; {@link NormalStream#start} selects the draw
     */
    public NormalStream normalStream(int dim) {
        return new NormalStream(this, dim);
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
        long s0 = rowSeed(drawKey(stream), row);
        XoRoShiRo128PlusPlus bits = new XoRoShiRo128PlusPlus(s0, secondSeed(s0));
        for (int j = 0; j < length; j += 2) {
            double radius = boxMullerRadius(bits.nextLong());
            double angle = boxMullerAngle(bits.nextLong());
            dest[offset + j] = radius * StrictMath.cos(angle);
            if (j + 1 < length) {
                dest[offset + j + 1] = radius * StrictMath.sin(angle);
            }
        }
    }

    /**
     * A {@link VirtualBrownianTree} on this source's seed and sample numbers (whatever the mode), with leaves no
     * wider than {@code (t1 - t0) 2^-20} (21 normal draws per element per value; steps finer than a millionth of
     * the interval share a leaf).
     *
     * @param t0 start of the interval
     * @param t1 end of the interval
     * @param size rows
     * @param dim columns
     * @return the path
     */
    @Override
    public BrownianPath brownianPath(double t0, double t1, int size, int dim) {
        return new VirtualBrownianTree(this, t0, t1, size, dim, Math.scalb(t1 - t0, -20));
    }

    /**
     * @param stream stream key
     * @return the key of draw {@code stream} that the rows' seeds are derived from ({@link #rowSeed})
     */
    long drawKey(long stream) {
        return mix(mix(seed) ^ stream) + firstSample;
    }

    /**
     * @param drawKey the draw's key ({@link #drawKey})
     * @param row row index within the batch
     * @return the first seed word of the row's generator
     */
    static long rowSeed(long drawKey, int row) {
        return mix(drawKey + row);
    }

    /**
     * @param rowSeed the first seed word ({@link #rowSeed})
     * @return the second seed word of the row's generator
     */
    static long secondSeed(long rowSeed) {
        return mix(rowSeed ^ GOLDEN);
    }

    /**
     * @param first the generator's output for the pair's first uniform
     * @return the Box–Muller radius {@code sqrt(-2 ln(1 - u))} of the uniform {@code u} in {@code [0, 1)} made of its
     *     top 53 bits
     */
    static double boxMullerRadius(long first) {
        double u = (first >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * StrictMath.log(1 - u));
    }

    /**
     * @param second the generator's output for the pair's second uniform
     * @return the Box–Muller angle {@code 2 pi u} of the uniform made of its top 53 bits
     */
    static double boxMullerAngle(long second) {
        double u = (second >>> 11) * 0x1.0p-53;
        return 2 * Math.PI * u;
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
