package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * diffusers' / SD3's timestep shift for flow matching (Esser et al. 2024, arXiv:2403.03206,
 * section 5.3.2): a base grid laid out in the unshifted time {@code u}, then mapped through
 * <pre>
 *   t = s u / (1 + (s - 1) u)        (inverse u = t / (s - (s - 1) t))
 * </pre>
 * {@code s > 1} spends more steps at high noise. Resolution-dependent "dynamic shifting"
 * {@code t = e^mu / (e^mu + (1/u - 1))} is the same map with {@code s = e^mu} ({@link #dynamic}).
 * The base grid runs between the unshifted images of {@code tStart} and {@code tEnd}, so the
 * returned end points are exactly {@code tStart} and {@code tEnd}. The map fixes 0 and 1.
 *
 * @param base grid rule in unshifted time
 * @param shift {@code s}, positive (1 = no shift; SD3 uses 3)
 */
public record FlowShiftGrid(TimeGrid base, double shift) implements TimeGrid {

    /** Validates. */
    public FlowShiftGrid {
        Checks.requireNonNull(base, "base");
        Checks.requirePositive(shift, "shift");
    }

    /**
     * @param base grid rule in unshifted time
     * @param mu log of the shift (diffusers {@code use_dynamic_shifting} with exponent 1)
     * @return the shifted grid with {@code s = e^mu}
     */
    public static FlowShiftGrid dynamic(TimeGrid base, double mu) {
        Checks.requireFinite(mu, "mu");
        return new FlowShiftGrid(base, Math.exp(mu));
    }

    /**
     * @param u unshifted time in [0, 1]
     * @return {@code s u / (1 + (s - 1) u)}
     */
    public double shifted(double u) {
        return shift * u / (1 + (shift - 1) * u);
    }

    /**
     * @param t shifted time in [0, 1]
     * @return {@code t / (s - (s - 1) t)}
     */
    public double unshifted(double t) {
        return t / (shift - (shift - 1) * t);
    }

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        Checks.requireInRange(tStart, 0.0, 1.0, "tStart");
        Checks.requireInRange(tEnd, 0.0, 1.0, "tEnd");
        double[] u = base.times(schedule, unshifted(tStart), unshifted(tEnd), steps);
        for (int i = 1; i < steps; i++) {
            u[i] = shifted(u[i]);
        }
        return Grids.finish(u, tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return Checks.format("flow-shift(s=%s, %s)", shift, base.describe());
    }
}
