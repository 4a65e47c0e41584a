package io.samplerkit.core.noise;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.kernel.BlockSource;

/**
 * The normals of one {@link SeededNoise#standardNormal} draw, produced in flat (row-major) order a block at a time,
 * so that a kernel can generate them inside its own loop ({@link io.samplerkit.core.kernel.FusedEvaluation#drawLater})
 * and no state-sized array of noise is ever written or read. The values are bit-identical to
 * {@code standardNormal(stream, out)} on a batch of the same shape, however the sequence is cut into blocks: each
 * row runs the same xoroshiro128++ generator from the same seeds through the same Box–Muller pairs (the second value
 * of a pair split by a block boundary is kept for the next block).
 *
 * <p>Created once per run ({@link SeededNoise#normalStream}); {@link #start} re-arms it for each draw and nothing
 * is allocated afterwards. Not thread-safe.
 */
public final class NormalStream implements BlockSource {

    private final SeededNoise source;
    private final int dim;
    private long rowBase;
    private int row;
    private int column;
    // xoroshiro128++ state of the current row
    private long s0;
    private long s1;
    private double spare;
    private boolean hasSpare;

    /**
     * @param source the seeded source (seed, sample numbering)
     * @param dim row length of the draws, {@code >= 1}
     */
    NormalStream(SeededNoise source, int dim) {
        if (dim < 1) {
            throw new InvalidInputException("dim", dim, ">= 1");
        }
        this.source = Checks.requireNonNull(source, "source");
        this.dim = dim;
    }

    /** @return the row length */
    public int dim() {
        return dim;
    }

    /**
     * Positions the stream at row 0, column 0 of the draw with this key.
     *
     * @param stream stream key, as for {@link SeededNoise#standardNormal}
     */
    public void start(long stream) {
        rowBase = SeededNoise.mix(SeededNoise.mix(source.seed()) ^ stream) + source.firstSample();
        row = -1;
        column = dim;
    }

    @Override
    public void next(double[] dest, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (column == dim) {
                seedRow(++row);
            }
            int n = Math.min(end - i, dim - column);
            fill(dest, i, n);
            i += n;
        }
    }

    private void seedRow(int r) {
        long seed0 = SeededNoise.mix(rowBase + r);
        s0 = seed0;
        s1 = SeededNoise.mix(seed0 ^ SeededNoise.GOLDEN);
        column = 0;
        hasSpare = false;
    }

    /** Writes {@code n} values of the current row from its current column ({@link SeededNoise#fillRow}'s loop). */
    private void fill(double[] dest, int from, int n) {
        int i = from;
        int end = from + n;
        if (hasSpare && i < end) {
            dest[i++] = spare;
            hasSpare = false;
        }
        while (i < end) {
            double ua = (nextLong() >>> 11) * 0x1.0p-53;
            double ub = (nextLong() >>> 11) * 0x1.0p-53;
            double radius = Math.sqrt(-2 * StrictMath.log(1 - ua));
            double angle = 2 * Math.PI * ub;
            dest[i++] = radius * StrictMath.cos(angle);
            // the row's last value of an odd row length drops its sine, as fillRow does
            if (column + (i - from) < dim) {
                double sine = radius * StrictMath.sin(angle);
                if (i < end) {
                    dest[i++] = sine;
                } else {
                    spare = sine;
                    hasSpare = true;
                }
            }
        }
        column += n;
    }

    /** xoroshiro128++ (Blackman and Vigna 2021), the generator of Commons RNG's {@code XoRoShiRo128PlusPlus}. */
    private long nextLong() {
        long a = s0;
        long b = s1;
        long result = Long.rotateLeft(a + b, 17) + a;
        b ^= a;
        s0 = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
        s1 = Long.rotateLeft(b, 28);
        return result;
    }
}
