package io.samplerkit.core.grid;

import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Uniform in time, {@code t_i = tStart + (i/N)(tEnd - tStart)}: DPM-Solver's and UniPC's
 * {@code time_uniform} (Lu et al. 2022, arXiv:2206.00927, appendix D.1; docs/math.md section 5).
 * On a discrete schedule this is also diffusers' {@code linspace} spacing before rounding.
 */
public record UniformTimeGrid() implements TimeGrid {

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        return Grids.finish(Linspace.symmetric(tStart, tEnd, steps + 1), tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return "time-uniform";
    }
}
