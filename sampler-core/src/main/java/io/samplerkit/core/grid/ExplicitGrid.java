package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.util.Arrays;

/**
 * A grid given point by point (e.g. a reference implementation's stored timesteps, or
 * {@code DiffusersSpacing#inferenceTimes} followed by a chosen last time).
 *
 * @param points strictly decreasing finite times, at least 2 (copied)
 */
public record ExplicitGrid(double[] points) implements TimeGrid {

    /** Validates and copies. */
    public ExplicitGrid {
        Checks.requireAllFinite(points, "points");
        if (points.length < 2) {
            throw new IllegalArgumentException(Checks.format(
                    "points must have at least 2 times, got %d", points.length));
        }
        points = points.clone();
        for (int i = 1; i < points.length; i++) {
            if (!(points[i] < points[i - 1])) {
                throw new IllegalArgumentException(Checks.format(
                        "points must be strictly decreasing, got points[%d]=%s after points[%d]=%s",
                        i, points[i], i - 1, points[i - 1]));
            }
        }
    }

    /** @return a copy of the points */
    @Override
    public double[] points() {
        return points.clone();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException unless {@code steps = points - 1}, {@code tStart = points[0]}
     *     and {@code tEnd = points[last]}
     */
    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Checks.requireInRange(steps, points.length - 1, points.length - 1, "steps");
        Checks.requireInRange(tStart, points[0], points[0], "tStart");
        Checks.requireInRange(tEnd, points[points.length - 1], points[points.length - 1], "tEnd");
        return points.clone();
    }

    @Override
    public String describe() {
        return Checks.format("explicit(%d points, %s .. %s)", points.length, points[0], points[points.length - 1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExplicitGrid g && Arrays.equals(points, g.points);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(points);
    }

    @Override
    public String toString() {
        return describe();
    }
}
