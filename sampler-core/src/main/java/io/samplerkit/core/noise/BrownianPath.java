package io.samplerkit.core.noise;

import io.samplerkit.core.state.Batch;

/**
 * A fixed sample path of independent standard Brownian motions {@code W}, one per element of a batch,
 * on a time interval {@code [t0, t1]}, queried by increments. Because the path is fixed, the increment
 * over an interval does not depend on how that interval is subdivided by a solver: the sum of the
 * increments over {@code [r, s]} and {@code [s, t]} is the increment over {@code [r, t]} (up to
 * rounding). This makes strong-order tests of SDE solvers possible: runs with different step sizes see
 * the same Brownian path (diffrax's {@code AbstractBrownianPath}, k-diffusion's
 * {@code BrownianTreeNoiseSampler}).
 */
public interface BrownianPath {

    /** @return start of the time interval */
    double t0();

    /** @return end of the time interval */
    double t1();

    /**
     * Writes {@code W(t) - W(s)} element-wise; either order of {@code s} and {@code t} is allowed, so a
     * reverse-time solver stepping from {@code s} down to {@code t < s} gets the increment of its own
     * direction by negating, or by asking for {@code increment(t, s, out)}.
     *
     * @param s first time in {@code [t0, t1]}
     * @param t second time in {@code [t0, t1]}
     * @param out destination of the path's shape. Modified.
     */
    void increment(double s, double t, Batch out);
}
