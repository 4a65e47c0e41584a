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
 *     fewer than {@code p + 2} steps or the first {@code p + 1} points are not all at positive noise. The
 *     multistep SDE solvers refuse it when they inject noise: outputs at points {@code delta} apart then differ by
 *     noise of size {@code O(delta^(1/2))}, which the divided differences over the short warm-up intervals
 *     amplify (docs/solvers/sde.md).</li>
 * <li>{@link #SINGLESTEP}: the first {@code p} intervals of the requested grid become one step of the singlestep
 *     DPM-Solver of order {@code p} in the method's own parameterization (DPM-Solver-2 with {@code r = 1/2},
 *     DPM-Solver-3 with {@code r1 = 1/3, r2 = 2/3}; Lu et al. 2022, arXiv:2206.00927, Algorithms 1 and 2 with the
 *     data-prediction mirror of arXiv:2211.01095). Its {@code p} model evaluations are the evaluations at the
 *     points {@code 0 .. p-1} of the run's grid, whose interior points {@code 1 .. p-1} are re-placed at the
 *     stage positions {@code lambda_k = lambda_0 + (k/p)(lambda_p - lambda_0)} (unchanged on a uniform log-SNR
 *     grid); point {@code p} and every later point are the requested ones. So the singlestep step spends exactly
 *     the {@code p} evaluations the {@code p} warm-up steps would have spent: the extra stage evaluations of the
 *     singlestep method are paid for by the {@code p - 1} merged intervals and the NFE is the requested one.
 *     The state at point {@code p} has local error {@code O(H^(p+1))} and the history then holds {@code p}
 *     outputs (the stage outputs among them), so the multistep steps run at full order from point {@code p}.
 *     A method of order 4 (iPNDM, tAB/rhoAB-DEIS of degree 3) starts with DPM-Solver-3 over its first three
 *     intervals: the start's local error {@code O(H^4)} is a one-off error, so it does not lower a global order of
 *     4 either. Applies when the grid has at least {@code q = min(p, 3)} steps and its first {@code q + 1}
 *     points are at positive noise with no zero-length interval among the first {@code q}; otherwise the
 *     requested grid is walked with the reference warm-up.</li>
 * </ul>
 */
public enum MultistepStart {
    /** First-order first step on the requested grid (the reference codes). */
    REFERENCE,
    /** Warm-up steps shortened to keep the global order (points 1..p-1 moved; NFE unchanged). */
    REFINED,
    /** The first {@code p} intervals as one singlestep DPM-Solver-{@code p} step (stage points re-placed; NFE unchanged). */
    SINGLESTEP;

    /** Highest order for which {@link #SINGLESTEP} has a singlestep method. */
    public static final int MAX_SINGLESTEP_ORDER = 3;

    /**
     * The grid the run walks.
     *
     * @param requested the requested grid
     * @param schedule its schedule
     * @param order the method's highest order {@code p}
     * @return {@code requested} for {@link #REFERENCE} or when refinement does not apply, else the refined grid
     */
    public Timesteps grid(Timesteps requested, NoiseSchedule schedule, int order) {
        if (this == SINGLESTEP) {
            return singlestepSteps(requested, order) == 0 ? requested : stagePoints(requested, schedule, order);
        }
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

    /**
     * How many steps of the run the singlestep start takes over.
     *
     * @param requested the requested grid
     * @param order the method's highest order {@code p}
     * @return {@code min(p, 3)} when this is {@link #SINGLESTEP} and it applies to the grid (class comment), else 0
     */
    public int singlestepSteps(Timesteps requested, int order) {
        int q = Math.min(order, MAX_SINGLESTEP_ORDER);
        if (this != SINGLESTEP || q < 2 || requested.steps() < q || requested.isZeroNoise(q)) {
            return 0;
        }
        for (int j = 0; j < q; j++) {
            if (requested.isZeroLength(j)) {
                return 0;
            }
        }
        return q;
    }

    private static Timesteps stagePoints(Timesteps requested, NoiseSchedule schedule, int methodOrder) {
        int order = Math.min(methodOrder, MAX_SINGLESTEP_ORDER);
        double l0 = requested.lambda(0);
        double span = requested.lambda(order) - l0;
        double[] times = new double[order - 1];
        for (int k = 1; k < order; k++) {
            times[k - 1] = schedule.timeOfLambda(l0 + span * k / order);
        }
        return requested.withInteriorTimes(schedule, 1, times);
    }
}
