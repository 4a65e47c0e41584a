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
 * <p><b>Readers by position</b> ({@link #reader}), for the threaded kernels' chunks: value {@code i} of the draw is
 * column {@code c = i mod dim} of row {@code r = i / dim}, and row {@code r} has a generator of its own, seeded from
 * the row's sample number; column {@code c} is the cosine ({@code c} even) or the sine ({@code c} odd) of the row's
 * Box–Muller pair {@code floor(c / 2)}, whose two uniforms are the generator's outputs {@code 2 floor(c / 2)} and
 * {@code 2 floor(c / 2) + 1}. A reader seeds row {@code r}'s generator, jumps it over the first {@code 2 floor(c / 2)}
 * outputs ({@link Xoroshiro128#jump}, exact) and, for an odd column, computes the pair and keeps its sine: the same
 * operations on the same numbers as the in-order delivery, so the same bits. Consecutive reads continue without a
 * jump.
 *
 * <p>Created once per run ({@link SeededNoise#normalStream}); {@link #start} re-arms it (and its readers) for each draw
 * and nothing is allocated afterwards. Not thread-safe; its readers may read concurrently between two
 * {@link #start} calls.
 */
public final class NormalStream implements BlockSource {

    private final SeededNoise source;
    private final int dim;
    private long drawKey;
    /** Counts the {@link #start} calls: a reader positioned in an earlier draw seeks again. */
    private long draw;
    private final Cursor sequence = new Cursor();

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
        drawKey = source.drawKey(stream);
        draw++;
        sequence.seek(0);
    }

    @Override
    public void next(double[] dest, int offset, int length) {
        sequence.next(dest, offset, length);
    }

    /**
     * A reader of the current draw by position (class comment); it follows the stream to each new {@link #start}.
     *
     * @return a new reader
     */
    @Override
    public BlockSource.Reader reader() {
        return new Reader();
    }

    /** A reader: its own cursor, moved only when a read does not continue the previous one. */
    private final class Reader implements BlockSource.Reader {
        private final Cursor cursor = new Cursor();
        private long readerDraw = -1;
        private long position = -1;

        @Override
        public void read(long index, double[] dest, int offset, int length) {
            if (readerDraw != draw || position != index) {
                cursor.seek(index);
                readerDraw = draw;
            }
            cursor.next(dest, offset, length);
            position = index + length;
        }
    }

    /** A position in the current draw: row, column, the row's generator and a pending sine. */
    private final class Cursor {
        private final Xoroshiro128 bits = new Xoroshiro128();
        private final double[] skipped = new double[1];
        private int row;
        private int column;
        private double spare;
        private boolean hasSpare;

        /** Moves to value {@code index} of the draw (class comment). */
        void seek(long index) {
            int c = (int) (index % dim);
            seedRow((int) (index / dim));
            int pairStart = c & ~1;
            bits.jump(pairStart);
            column = pairStart;
            if (c != pairStart) {
                // the cosine of the pair goes nowhere; its sine is the value at c
                fill(skipped, 0, 1);
            }
        }

        void next(double[] dest, int offset, int length) {
            int end = offset + length;
            int i = offset;
            while (i < end) {
                if (column == dim) {
                    seedRow(row + 1);
                }
                int n = Math.min(end - i, dim - column);
                fill(dest, i, n);
                i += n;
            }
        }

        private void seedRow(int r) {
            long seed0 = SeededNoise.rowSeed(drawKey, r);
            bits.seed(seed0, SeededNoise.secondSeed(seed0));
            row = r;
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
                double radius = SeededNoise.boxMullerRadius(bits.nextLong());
                double angle = SeededNoise.boxMullerAngle(bits.nextLong());
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
    }
}
