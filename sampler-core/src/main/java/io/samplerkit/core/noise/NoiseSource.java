package io.samplerkit.core.noise;

import io.samplerkit.core.state.Batch;

/**
 * A source of standard normal noise addressed by a stream key, so that the draw a solver gets at a
 * given step depends only on (seed, key, row, column): identical across runs, across thread counts
 * and across the order in which rows are filled.
 */
public interface NoiseSource {

    /**
     * Fills {@code out} with independent standard normal draws for the given stream.
     *
     * @param stream key of the draw (a solver uses, e.g., its step index times a small stride plus a
     *     sub-draw number)
     * @param out destination. Modified.
     */
    void standardNormal(long stream, Batch out);
}
