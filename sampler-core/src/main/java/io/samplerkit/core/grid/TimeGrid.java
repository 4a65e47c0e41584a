package io.samplerkit.core.grid;

import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * A rule that discretizes {@code [tEnd, tStart]} into {@code steps} intervals, from the noisiest
 * time {@code tStart} down to {@code tEnd}. Implementations are immutable records (uniform t,
 * quadratic t, uniform logSNR, Karras, exponential, polyexponential, diffusers spacings, explicit).
 */
public interface TimeGrid {

    /**
     * The grid times, {@code steps + 1} strictly decreasing values with exact end points
     * unless the rule says otherwise (diffusers spacings fix their own end points).
     *
     * @param schedule schedule whose time the grid is expressed in
     * @param tStart first (noisiest) time
     * @param tEnd last (cleanest) time
     * @param steps number of intervals, at least 1
     * @return {@code steps + 1} times, decreasing
     */
    double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps);

    /** @return short description, e.g. {@code "karras(rho=7)"} */
    String describe();
}
