package io.samplerkit.core.state;

import io.samplerkit.core.Checks;

/**
 * Read-only view of a batch of {@code size} samples of dimension {@code dim}, stored row-major in
 * one flat array. Handed to observers and models, which must not modify it.
 */
public interface BatchView {

    /** @return number of samples (rows) */
    int size();

    /** @return dimension of each sample (columns) */
    int dim();

    /**
     * Element {@code (row, col)}.
     *
     * @param row sample index
     * @param col coordinate index
     * @return the value
     */
    double get(int row, int col);

    /**
     * The backing row-major array; callers must treat it as read-only. Exposed so that kernels and
     * models can read without copying.
     *
     * @return backing array of length {@code size * dim}
     */
    double[] data();

    /**
     * Index of the first NaN or infinite element (flat, row-major), or -1. Delegates to the one shared
     * scan {@link Checks#firstNonFinite(double[])}.
     *
     * @return flat index or -1
     */
    default int firstNonFinite() {
        return Checks.firstNonFinite(data());
    }

    /**
     * Copies the batch into a new {@code double[size][dim]}.
     *
     * @return a fresh 2-D copy
     */
    default double[][] toArray() {
        double[][] out = new double[size()][dim()];
        double[] d = data();
        for (int r = 0; r < size(); r++) {
            System.arraycopy(d, r * dim(), out[r], 0, dim());
        }
        return out;
    }
}
