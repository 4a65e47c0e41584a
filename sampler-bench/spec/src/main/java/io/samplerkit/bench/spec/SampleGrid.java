package io.samplerkit.bench.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import java.io.IOException;

/**
 * The {@code grid} object of a run spec: a {@link GridSpec} ({@code type} and its own fields) plus the
 * fields of one run, in the same object:
 * {@code steps} (number of intervals; required unless the grid fixes its times), {@code tStart} (default: the
 * schedule's {@code tMax}; not with {@code diffusers}), {@code tEnd} (default: the schedule's {@code tMin} when
 * there is noise there, else {@code 1e-3 * tMax}, DPM-Solver's {@code 1/N} for continuous VP schedules; for
 * {@code diffusers} the time of training index 0), {@code zeroNoiseEnd} (default false: append a last step to
 * zero noise; for {@code diffusers} the last step goes to zero noise instead of to {@code tEnd}).
 * Both times must lie in the schedule's range with {@code tEnd < tStart}.
 *
 * @param rule the grid rule
 * @param steps number of intervals, or null
 * @param tStart first time, or null for the default
 * @param tEnd last time, or null for the default
 * @param zeroNoiseEnd whether the run ends with a step to zero noise
 */
@JsonDeserialize(using = SampleGrid.Reader.class)
public record SampleGrid(GridSpec rule, Integer steps, Double tStart, Double tEnd, boolean zeroNoiseEnd) {

    /** Validates what does not depend on the schedule. */
    public SampleGrid {
        if (rule.takesSteps()) {
            if (steps == null) {
                throw new InvalidInputException("steps", "nothing", "an integer in [1, " + InputLimits.MAX_STEPS + "]");
            }
            if (steps < 1 || steps > InputLimits.MAX_STEPS) {
                throw new InvalidInputException("steps", steps, "an integer in [1, " + InputLimits.MAX_STEPS + "]");
            }
        } else {
            absent("steps", steps);
            absent("tStart", tStart);
            absent("tEnd", tEnd);
        }
        if (rule instanceof GridSpec.Diffusers) {
            absent("tStart", tStart);
            if (zeroNoiseEnd) {
                absent("tEnd", tEnd);
            }
        }
    }

    private static void absent(String field, Object value) {
        if (value != null) {
            throw new InvalidInputException(field, value, "absent for this grid type");
        }
    }

    /**
     * @param schedule the run's schedule
     * @return the run's timesteps
     * @throws InvalidInputException naming the field (relative to the grid object)
     */
    public Timesteps timesteps(NoiseSchedule schedule) {
        Timesteps ts;
        if (rule instanceof GridSpec.Diffusers d) {
            if (zeroNoiseEnd) {
                return d.toZeroNoise(schedule, steps);
            }
            double end = tEnd != null ? tEnd : d.discrete(schedule, steps).tMin();
            ScheduleRange.requireInside(schedule, end, "tEnd");
            return d.timesteps(schedule, steps, schedule.tMax(), end);
        }
        if (rule.takesSteps()) {
            double start = tStart != null ? tStart : schedule.tMax();
            double end = tEnd != null ? tEnd : defaultEnd(schedule);
            ScheduleRange.requireInterval(schedule, start, end, "tStart", "tEnd");
            ts = rule.timesteps(schedule, steps, start, end);
        } else {
            ts = rule.timesteps(schedule, 0, Double.NaN, Double.NaN);
        }
        if (zeroNoiseEnd) {
            if (ts.endsAtZeroNoise()) {
                throw new InvalidInputException("zeroNoiseEnd", true, "false when the grid already ends at zero noise");
            }
            ts = ts.withZeroNoiseEnd(schedule);
        }
        return ts;
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

    /** Splits the object into the run's fields and the {@link GridSpec}, which Jackson binds strictly. */
    static final class Reader extends StdDeserializer<SampleGrid> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(SampleGrid.class);
        }

        @Override
        public SampleGrid deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (!tree.isObject()) {
                throw new InvalidInputException("", tree, "a JSON object");
            }
            ObjectNode rest = ((ObjectNode) tree).deepCopy();
            Integer steps = null;
            JsonNode s = rest.remove("steps");
            if (s != null) {
                if (!s.isIntegralNumber() || !s.canConvertToInt()) {
                    throw new InvalidInputException("steps", s, "an integer in [1, " + InputLimits.MAX_STEPS + "]");
                }
                steps = s.intValue();
            }
            Double tStart = number(rest.remove("tStart"), "tStart");
            Double tEnd = number(rest.remove("tEnd"), "tEnd");
            JsonNode z = rest.remove("zeroNoiseEnd");
            if (z != null && !z.isBoolean()) {
                throw new InvalidInputException("zeroNoiseEnd", z, "true or false");
            }
            GridSpec rule = ctxt.readTreeAsValue(rest, GridSpec.class);
            return new SampleGrid(rule, steps, tStart, tEnd, z != null && z.booleanValue());
        }

        private static Double number(JsonNode v, String field) {
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                throw new InvalidInputException(field, v, "a number");
            }
            return v.doubleValue();
        }
    }
}
