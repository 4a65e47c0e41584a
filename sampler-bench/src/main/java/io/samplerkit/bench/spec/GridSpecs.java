package io.samplerkit.bench.spec;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.util.List;

/**
 * The {@code grid} object of a run specification → the {@link Timesteps} of a run.
 *
 * <p>Common fields: {@code type}; {@code steps} (number of intervals); {@code tStart} (default:
 * the schedule's {@code tMax}); {@code tEnd} (default: the schedule's {@code tMin} when there is
 * noise there, else {@code 1e-3 * tMax}, DPM-Solver's {@code 1/N} for continuous VP schedules);
 * {@code zeroNoiseEnd} (default false): append a final step to zero noise.
 * <table>
 * <caption>grid types</caption>
 * <tr><th>{@code type}</th><th>fields</th></tr>
 * <tr><td>{@code explicit}</td><td>{@code times}: the decreasing times themselves (no steps/tStart/tEnd)</td></tr>
 * </table>
 */
public final class GridSpecs {

    /** The accepted {@code type} values. */
    public static final List<String> TYPES = List.of("explicit");

    private GridSpecs() {
    }

    /**
     * @param node the {@code grid} object
     * @param schedule the run's schedule
     * @return the timesteps
     * @throws SpecException naming the field, the value and what is allowed
     */
    public static Timesteps parse(SpecNode node, NoiseSchedule schedule) {
        String type = node.oneOf("type", TYPES);
        Timesteps ts;
        switch (type) {
            case "explicit": {
                List<String> fields = List.of("type", "times", "zeroNoiseEnd");
                node.allowOnly(fields);
                double[] times = node.vector("times");
                ts = Specs.build(node, fields, () -> Timesteps.of(schedule, times));
                break;
            }
            default:
                throw new IllegalStateException("unreachable: " + type);
        }
        if (node.bool("zeroNoiseEnd", false)) {
            if (ts.endsAtZeroNoise()) {
                throw new SpecException(node.pathOf("zeroNoiseEnd"), node.pathOf("zeroNoiseEnd")
                        + " must be false when the grid already ends at zero noise, got true");
            }
            ts = ts.withZeroNoiseEnd(schedule);
        }
        return ts;
    }

    /**
     * The default first time of a grid: the schedule's {@code tMax}.
     *
     * @param schedule schedule
     * @return {@code tMax}
     */
    public static double defaultStart(NoiseSchedule schedule) {
        return schedule.tMax();
    }

    /**
     * The default last time of a grid: {@code tMin} when the schedule has noise there, else
     * {@code 1e-3 * tMax} (DPM-Solver's default {@code 1/N}, N = 1000, for continuous VP schedules).
     *
     * @param schedule schedule
     * @return the default end time
     */
    public static double defaultEnd(NoiseSchedule schedule) {
        double t = schedule.tMin();
        return schedule.sigma(t) > 0 ? t : 1e-3 * schedule.tMax();
    }
}
