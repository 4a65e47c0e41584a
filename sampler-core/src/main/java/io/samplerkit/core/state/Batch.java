package io.samplerkit.core.state;

import io.samplerkit.core.Checks;

/**
 * Mutable batch state: {@code size} samples of dimension {@code dim} in one flat row-major
 * {@code double[]}. Solvers allocate all their batches when a run starts and only overwrite them
 * afterwards, so stepping allocates nothing.
 *
 * <p>Not thread-safe; one run owns its batches.
 */
public final class Batch implements BatchView {

    private final int size;
    private final int dim;
    private final double[] data;

    private Batch(int size, int dim, double[] data) {
        this.size = size;
        this.dim = dim;
        this.data = data;
    }

    /**
     * A zero batch.
     *
     * @param size number of samples, at least 1
     * @param dim dimension, at least 1
     * @return a new batch of zeros
     */
    public static Batch zeros(int size, int dim) {
        Checks.requirePositive(size, "size");
        Checks.requirePositive(dim, "dim");
        long n = (long) size * dim;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(Checks.format("size*dim must be < 2^31, got %d", n));
        }
        return new Batch(size, dim, new double[(int) n]);
    }

    /**
     * Wraps (does not copy) a flat row-major array.
     *
     * @param size number of samples
     * @param dim dimension
     * @param data array of length {@code size * dim}; becomes the backing store
     * @return the batch
     */
    public static Batch wrap(int size, int dim, double[] data) {
        Checks.requirePositive(size, "size");
        Checks.requirePositive(dim, "dim");
        Checks.requireNonNull(data, "data");
        if (data.length != size * dim) {
            throw new IllegalArgumentException(Checks.format(
                    "data.length must be size*dim=%d, got %d", size * dim, data.length));
        }
        return new Batch(size, dim, data);
    }

    /**
     * Copies a rectangular 2-D array.
     *
     * @param rows {@code [size][dim]}
     * @return a new batch
     */
    public static Batch of(double[][] rows) {
        Checks.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("rows must have at least one row, got 0");
        }
        int dim = rows[0].length;
        Batch b = zeros(rows.length, dim);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != dim) {
                throw new IllegalArgumentException(Checks.format(
                        "rows[%d].length must be %d, got %d", r, dim, rows[r].length));
            }
            System.arraycopy(rows[r], 0, b.data, r * dim, dim);
        }
        return b;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double get(int row, int col) {
        return data[row * dim + col];
    }

    /**
     * Sets element {@code (row, col)}.
     *
     * @param row sample index
     * @param col coordinate index
     * @param value new value
     */
    public void set(int row, int col, double value) {
        data[row * dim + col] = value;
    }

    @Override
    public double[] data() {
        return data;
    }

    /**
     * Overwrites this batch with {@code src}.
     *
     * @param src source of the same shape. Not modified.
     */
    public void copyFrom(BatchView src) {
        requireSameShape(src);
        System.arraycopy(src.data(), 0, data, 0, data.length);
    }

    /** @return a deep copy */
    public Batch copy() {
        return new Batch(size, dim, data.clone());
    }

    /** @return a new zero batch of the same shape */
    public Batch like() {
        return new Batch(size, dim, new double[data.length]);
    }

    /**
     * Throws unless {@code other} has this batch's shape.
     *
     * @param other batch to compare. Not modified.
     */
    public void requireSameShape(BatchView other) {
        if (other.size() != size || other.dim() != dim) {
            throw new IllegalArgumentException(Checks.format(
                    "batch shape must be %dx%d, got %dx%d", size, dim, other.size(), other.dim()));
        }
    }

    @Override
    public String toString() {
        return "Batch[" + size + "x" + dim + "]";
    }
}
