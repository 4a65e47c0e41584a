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

    /**
     * How solvers draw their step noise from this source; the default is {@link NoiseMode#FRESH}.
     *
     * @return the mode
     */
    default NoiseMode mode() {
        return NoiseMode.FRESH;
    }

    /**
     * The Brownian path a run draws its increments from when {@link #mode()} is
     * {@link NoiseMode#BROWNIAN}: a new (not thread-safe) object per run, the same path for the same
     * source, interval and shape.
     *
     * @param t0 start of the run's time interval
     * @param t1 end of the run's time interval, {@code > t0}
     * @param size batch size (rows)
     * @param dim dimension (columns)
     * @return the path
     * @throws UnsupportedOperationException if the source has no Brownian mode (the default)
     */
    default BrownianPath brownianPath(double t0, double t1, int size, int dim) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no Brownian path");
    }
}
