package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * The cross-checks of times against a schedule, done when a spec or suite is read: every time a run
 * starts, ends or steps at lies in the schedule's {@code [tMin, tMax]}, and a run goes from a larger to a
 * smaller time.
 */
public final class ScheduleRange {

    private ScheduleRange() {
    }

    /**
     * @param schedule schedule
     * @param t a time
     * @param path JSON path of the time
     * @throws InvalidInputException if {@code t} is outside {@code [tMin, tMax]}
     */
    public static void requireInside(NoiseSchedule schedule, double t, String path) {
        if (!(t >= schedule.tMin() && t <= schedule.tMax())) {
            throw new InvalidInputException(path, t, "in [" + schedule.tMin() + ", " + schedule.tMax()
                    + "], the time range of " + schedule.describe());
        }
    }

    /**
     * @param schedule schedule
     * @param tStart first time
     * @param tEnd last time
     * @param startPath JSON path of the first time
     * @param endPath JSON path of the last time
     * @throws InvalidInputException if a time is outside the schedule or {@code tEnd >= tStart}
     */
    public static void requireInterval(NoiseSchedule schedule, double tStart, double tEnd, String startPath,
            String endPath) {
        requireInside(schedule, tStart, startPath);
        requireInside(schedule, tEnd, endPath);
        if (!(tEnd < tStart)) {
            throw new InvalidInputException(endPath, tEnd, "below " + startPath + " = " + tStart);
        }
    }
}
