package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Uniform in {@code sqrt t}: {@code t_i = (sqrt tStart + (i/N)(sqrt tEnd - sqrt tStart))^2}, DPM-Solver's
 * {@code time_quadratic} (Lu et al. 2022, arXiv:2206.00927, appendix D.1). Needs {@code tEnd >= 0}.
 */
public record QuadraticTimeGrid() implements TimeGrid {

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        Checks.requireNonNegative(tEnd, "tEnd");
        double[] r = Linspace.symmetric(Math.sqrt(tStart), Math.sqrt(tEnd), steps + 1);
        for (int i = 0; i < r.length; i++) {
            r[i] = r[i] * r[i];
        }
        return Grids.finish(r, tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return "time-quadratic";
    }
}
