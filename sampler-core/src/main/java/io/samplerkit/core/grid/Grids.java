package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.NoiseSchedule;

/** Argument checks and finishing shared by the grid rules. Stateless. */
final class Grids {

    private Grids() {
    }

    /**
     * Checks {@code steps >= 1} and {@code tStart > tEnd}, both finite.
     */
    static void check(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requirePositive(steps, "steps");
        Checks.requireFinite(tStart, "tStart");
        if (!(tEnd < tStart && tEnd > Double.NEGATIVE_INFINITY)) {
            throw new IllegalArgumentException(Checks.format(
                    "tEnd must be in (-inf, tStart=%s), got %s", tStart, tEnd));
        }
    }

    /**
     * Requires a positive noise-to-signal ratio at a grid end (for grids uniform in a log).
     *
     * @return {@code rho(t)}
     */
    static double positiveRho(NoiseSchedule schedule, double t, String name, String grid) {
        double rho = schedule.rho(t);
        if (!(rho > 0 && rho < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(Checks.format(
                    "%s=%s must have sigma/alpha in (0, inf) for a %s grid on %s, got %s",
                    name, t, grid, schedule.describe(), rho));
        }
        return rho;
    }

    /**
     * Pins the end points to {@code tStart} and {@code tEnd} exactly and verifies the times are
     * strictly decreasing (too many steps for the precision would repeat a time).
     *
     * @return {@code t}
     */
    static double[] finish(double[] t, double tStart, double tEnd, String grid) {
        t[0] = tStart;
        t[t.length - 1] = tEnd;
        for (int i = 1; i < t.length; i++) {
            if (!(t[i] < t[i - 1])) {
                throw new IllegalArgumentException(Checks.format(
                        "%s grid is not strictly decreasing: times[%d]=%s after times[%d]=%s (steps=%d too many?)",
                        grid, i, t[i], i - 1, t[i - 1], t.length - 1));
            }
        }
        return t;
    }
}
