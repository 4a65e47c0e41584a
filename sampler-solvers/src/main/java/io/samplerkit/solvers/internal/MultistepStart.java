package io.samplerkit.solvers.internal;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * How a multistep method of order {@code p} starts, before its history holds {@code p} outputs
 * (docs/solvers/multistep.md, "Starts").
 * <ul>
 * <li>{@link #REFERENCE}: the warm-up of the reference codes on the requested grid: step {@code k} has order
 *     {@code min(p, k)}. The first-order first step has local error {@code O(H^2)}, which caps the global
 *     order at 2 (the constant is small, so it shows only at larger step counts).</li>
 * <li>{@link #REFINED}: the same warm-up with the points {@code 1 .. p-1} of the grid moved towards the
 *     start, so that the warm-up steps are short enough for their local error to be {@code O(H^(p+1))}:
 *     on the first {@code p} intervals (span {@code S} in {@code lambda}, mean length {@code H = S/p}) the
 *     warm-up step {@code k < p} (order {@code k}) gets length {@code h_k = H N^(-(p-k)/(k+1))} ({@code N}
 *     the number of steps), and interval {@code p} takes the rest of {@code S}. Since
 *     {@code H ~ 1/N}, {@code h_k^(k+1) ~ H^(p+1)}. The number of points, hence the NFE, is unchanged;
 *     every point after {@code p - 1} is the requested one. The grid is left as requested when it has
 *     fewer than {@code p + 2} steps or the first {@code p + 1} points are not all at positive noise.</li>
 * </ul>
 */
public enum MultistepStart {
    /** First-order first step on the requested grid (the reference codes). */
    REFERENCE,
    /** Warm-up steps shortened to keep the global order (points 1..p-1 moved; NFE unchanged). */
    REFINED;

    /**
     * The grid the run walks.
     *
     * @param requested the requested grid
     * @param schedule its schedule
     * @param order the method's highest order {@code p}
     * @return {@code requested} for {@link #REFERENCE} or when refinement does not apply, else the refined grid
     */
    public Timesteps grid(Timesteps requested, NoiseSchedule schedule, int order) {
        int n = requested.steps();
        if (this == REFERENCE || order < 2 || n < order + 2 || requested.isZeroNoise(order)
                || requested.isZeroLength(order - 1)) {
            return requested;
        }
        double l0 = requested.lambda(0);
        double span = requested.lambda(order) - l0;
        double mean = span / order;
        double[] times = new double[order - 1];
        double lambda = l0;
        for (int k = 1; k < order; k++) {
            lambda += mean * Math.pow(n, -(double) (order - k) / (k + 1));
            times[k - 1] = schedule.timeOfLambda(lambda);
        }
        return requested.withInteriorTimes(schedule, 1, times);
    }
}
