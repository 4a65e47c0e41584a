package io.samplerkit.bench.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.DiffusersSpacing;
import io.samplerkit.core.grid.ExponentialGrid;
import io.samplerkit.core.grid.FlowShiftGrid;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.PolyExponentialGrid;
import io.samplerkit.core.grid.QuadraticTimeGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.grid.UniformTimeGrid;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;

/**
 * A time grid as JSON ({@code {"type": "karras", "rho": 7}}): run specs ({@link SampleGrid} adds the
 * step count and the time interval) and report suites (the suite sweeps the step count, the problem gives
 * the interval) share these types.
 * <table>
 * <caption>grid types</caption>
 * <tr><th>{@code type}</th><th>rule</th><th>own fields (defaults)</th></tr>
 * <tr><td>{@code uniform-time}</td><td>uniform in t</td><td></td></tr>
 * <tr><td>{@code quadratic-time}</td><td>uniform in sqrt(t)</td><td></td></tr>
 * <tr><td>{@code logsnr}</td><td>uniform in lambda = log(alpha/sigma)</td><td></td></tr>
 * <tr><td>{@code karras}</td><td>Karras et al. 2022, eq. 5, in sigma/alpha</td><td>{@code rho} (7)</td></tr>
 * <tr><td>{@code exponential}</td><td>uniform in log(sigma/alpha)</td><td></td></tr>
 * <tr><td>{@code polyexponential}</td><td>k-diffusion's polyexponential</td><td>{@code rho} (1)</td></tr>
 * <tr><td>{@code flow-shift}</td><td>a {@code base} rule with times shifted {@code t -> s t/(1 + (s-1) t)}</td>
 *     <td>{@code shift}, {@code base} (one of the rules above)</td></tr>
 * <tr><td>{@code diffusers}</td><td>diffusers' timestep spacing on a {@code vp-discrete} schedule (starts at
 *     the schedule's last training step)</td><td>{@code spacing} (linspace|leading|trailing), {@code family}
 *     (ddim|multistep|euler; multistep), {@code stepsOffset} (0)</td></tr>
 * <tr><td>{@code explicit}</td><td>the given times, strictly decreasing, inside the schedule's range (run specs
 *     only: a suite sweeps the step count)</td><td>{@code times}</td></tr>
 * <tr><td>{@code file}</td><td>a calibrated grid's times ({@link CalibratedGridFile}); serves exactly its own
 *     step count and end points, so a suite with it measures it at the NFE that fits</td><td>{@code path}</td></tr>
 * </table>
 *
 * <p><b>Adding a grid</b> (for example one read from a file, {@code {"type": "file", "path": ...}}) is one
 * record implementing {@link #timesteps} (and {@link #takesSteps} false when it fixes its own times) plus one
 * {@link JsonSubTypes} line; run specs and suites then accept it unchanged.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GridSpec.UniformTime.class, name = "uniform-time"),
    @JsonSubTypes.Type(value = GridSpec.QuadraticTime.class, name = "quadratic-time"),
    @JsonSubTypes.Type(value = GridSpec.LogSnr.class, name = "logsnr"),
    @JsonSubTypes.Type(value = GridSpec.Karras.class, name = "karras"),
    @JsonSubTypes.Type(value = GridSpec.Exponential.class, name = "exponential"),
    @JsonSubTypes.Type(value = GridSpec.PolyExponential.class, name = "polyexponential"),
    @JsonSubTypes.Type(value = GridSpec.FlowShift.class, name = "flow-shift"),
    @JsonSubTypes.Type(value = GridSpec.Diffusers.class, name = "diffusers"),
    @JsonSubTypes.Type(value = GridSpec.Explicit.class, name = "explicit"),
    @JsonSubTypes.Type(value = GridSpec.File.class, name = "file")
})
public sealed interface GridSpec {

    /**
     * The grid of a run. The caller has checked {@code tStart} and {@code tEnd} against the schedule
     * ({@link ScheduleRange}).
     *
     * @param schedule schedule
     * @param steps number of intervals (ignored when {@link #takesSteps()} is false)
     * @param tStart first time (ignored by {@code diffusers} and {@code explicit})
     * @param tEnd last time (ignored by {@code explicit})
     * @return the timesteps
     * @throws InvalidInputException naming the field relative to this object
     */
    Timesteps timesteps(NoiseSchedule schedule, int steps, double tStart, double tEnd);

    /** @return short label for tables, file names and configuration seeds, e.g. {@code karras7} */
    @JsonIgnore
    String label();

    /** @return whether the grid takes a step count (false when it fixes its own times) */
    default boolean takesSteps() {
        return true;
    }

    /** A grid that is a core {@link TimeGrid} rule between two times. */
    sealed interface Rule extends GridSpec {
        /** @return the core rule */
        TimeGrid rule();

        @Override
        default Timesteps timesteps(NoiseSchedule schedule, int steps, double tStart, double tEnd) {
            return InputErrors.at("", () -> Timesteps.of(schedule, rule(), tStart, tEnd, steps));
        }
    }

    /** Uniform in the schedule's time. */
    record UniformTime() implements Rule {
        @Override
        public TimeGrid rule() {
            return new UniformTimeGrid();
        }

        @Override
        public String label() {
            return "uniform-time";
        }
    }

    /** Uniform in the square root of the schedule's time (DDIM's and DEIS's quadratic spacing). */
    record QuadraticTime() implements Rule {
        @Override
        public TimeGrid rule() {
            return new QuadraticTimeGrid();
        }

        @Override
        public String label() {
            return "quadratic-time";
        }
    }

    /** Uniform in half log-SNR. */
    record LogSnr() implements Rule {
        @Override
        public TimeGrid rule() {
            return new LogSnrGrid();
        }

        @Override
        public String label() {
            return "logsnr";
        }
    }

    /** Uniform in {@code log(sigma/alpha)}. */
    record Exponential() implements Rule {
        @Override
        public TimeGrid rule() {
            return new ExponentialGrid();
        }

        @Override
        public String label() {
            return "exponential";
        }
    }

    /**
     * Karras et al. 2022 (eq. 5) in {@code sigma/alpha}.
     *
     * @param rho the exponent (default 7)
     */
    record Karras(Double rho) implements Rule {
        /** Applies the default and validates. */
        public Karras {
            rho = rho == null ? 7.0 : rho;
            make(rho);
        }

        @Override
        public TimeGrid rule() {
            return make(rho);
        }

        private static TimeGrid make(double rho) {
            return InputErrors.at("", () -> new KarrasGrid(rho));
        }

        @Override
        public String label() {
            return "karras" + number(rho);
        }
    }

    /**
     * k-diffusion's polyexponential rule.
     *
     * @param rho the exponent (default 1)
     */
    record PolyExponential(Double rho) implements Rule {
        /** Applies the default and validates. */
        public PolyExponential {
            rho = rho == null ? 1.0 : rho;
            make(rho);
        }

        @Override
        public TimeGrid rule() {
            return make(rho);
        }

        private static TimeGrid make(double rho) {
            return InputErrors.at("", () -> new PolyExponentialGrid(rho));
        }

        @Override
        public String label() {
            return "polyexponential" + number(rho);
        }
    }

    /**
     * A base rule with its times shifted {@code t -> s t / (1 + (s - 1) t)} (SD3's flow shift).
     *
     * @param shift the shift {@code s > 0}
     * @param base the base rule
     */
    record FlowShift(Double shift, Rule base) implements Rule {
        /** Validates. */
        public FlowShift {
            if (shift == null) {
                throw new InvalidInputException("shift", "nothing", "a positive number");
            }
            if (base == null) {
                throw new InvalidInputException("base", "nothing", "a grid rule object");
            }
            make(shift, base);
        }

        @Override
        public TimeGrid rule() {
            return make(shift, base);
        }

        private static TimeGrid make(double shift, Rule base) {
            TimeGrid b = base.rule();
            return InputErrors.at("", () -> new FlowShiftGrid(b, shift));
        }

        @Override
        public String label() {
            return "flow-shift" + number(shift) + "-" + base.label();
        }
    }

    /**
     * diffusers' timestep spacing on a {@code vp-discrete} schedule.
     *
     * @param spacing linspace, leading or trailing
     * @param family ddim, multistep (default) or euler
     * @param stepsOffset diffusers' {@code steps_offset} (default 0)
     */
    record Diffusers(DiffusersSpacing.Spacing spacing, DiffusersSpacing.Family family, Integer stepsOffset)
            implements GridSpec {
        /** Applies defaults and validates. */
        public Diffusers {
            if (spacing == null) {
                throw new InvalidInputException("spacing", "nothing", "one of [linspace, leading, trailing]");
            }
            family = family == null ? DiffusersSpacing.Family.MULTISTEP : family;
            stepsOffset = stepsOffset == null ? 0 : stepsOffset;
            if (stepsOffset < 0 || stepsOffset > InputLimits.MAX_STEPS) {
                throw new InvalidInputException("stepsOffset", stepsOffset, "an integer in [0, " + InputLimits.MAX_STEPS
                        + "]");
            }
        }

        /** @return the core spacing */
        public DiffusersSpacing rule() {
            return new DiffusersSpacing(spacing, family, stepsOffset, Double.NEGATIVE_INFINITY);
        }

        /**
         * @param schedule the run's schedule
         * @param steps number of inference steps
         * @return it as a discrete VP schedule
         * @throws InvalidInputException on {@code type} if it is not one, on {@code steps} if there are more
         *     steps than training steps
         */
        public VpDiscreteSchedule discrete(NoiseSchedule schedule, int steps) {
            if (!(schedule instanceof VpDiscreteSchedule d)) {
                throw new InvalidInputException("type", "diffusers", "used with a vp-discrete schedule, not "
                        + schedule.describe());
            }
            if (steps > d.size()) {
                throw new InvalidInputException("steps", steps, "at most the schedule's " + d.size() + " training steps");
            }
            return d;
        }

        /**
         * @param schedule the run's schedule (vp-discrete)
         * @param steps number of inference steps
         * @return the inference times followed by the zero-noise point
         */
        public Timesteps toZeroNoise(NoiseSchedule schedule, int steps) {
            VpDiscreteSchedule d = discrete(schedule, steps);
            return InputErrors.at("", () -> Timesteps.ofZeroNoiseEnd(d, rule().inferenceTimes(d, steps)));
        }

        @Override
        public Timesteps timesteps(NoiseSchedule schedule, int steps, double tStart, double tEnd) {
            VpDiscreteSchedule d = discrete(schedule, steps);
            return InputErrors.at("", () -> Timesteps.of(d, rule(), d.tMax(), tEnd, steps));
        }

        @Override
        public String label() {
            return "diffusers-" + KebabEnums.kebab(spacing) + "-" + KebabEnums.kebab(family)
                    + (stepsOffset == 0 ? "" : "-offset" + stepsOffset);
        }
    }

    /**
     * Explicit times.
     *
     * @param times strictly decreasing times inside the schedule's range, at least 2
     */
    record Explicit(double[] times) implements GridSpec {
        /** Validates the shape. */
        public Explicit {
            if (times == null || times.length < 2 || times.length > InputLimits.MAX_STEPS + 1) {
                throw new InvalidInputException("times", times == null ? "nothing" : times.length + " entries",
                        "an array of 2 to " + (InputLimits.MAX_STEPS + 1) + " times");
            }
            for (int i = 0; i < times.length; i++) {
                if (!(times[i] >= 0)) {
                    throw new InvalidInputException("times[" + i + "]", times[i], "a time >= 0");
                }
                if (i > 0 && !(times[i] < times[i - 1])) {
                    throw new InvalidInputException("times[" + i + "]", times[i], "below times[" + (i - 1) + "] = "
                            + times[i - 1] + " (strictly decreasing)");
                }
            }
        }

        @Override
        public Timesteps timesteps(NoiseSchedule schedule, int steps, double tStart, double tEnd) {
            for (int i = 0; i < times.length; i++) {
                ScheduleRange.requireInside(schedule, times[i], "times[" + i + "]");
            }
            return InputErrors.at("", () -> Timesteps.of(schedule, times));
        }

        @Override
        public boolean takesSteps() {
            return false;
        }

        @Override
        public String label() {
            return "explicit" + (times.length - 1);
        }
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : Double.toString(x);
    }

    /**
     * The times of a calibrated-grid file ({@link CalibratedGridFile}). Its times are fixed: it takes a step count
     * (so suites accept it) but serves only its own, and only between its own end points; any other request is an
     * error naming the field, which a suite's NFE probe reads as "does not fit".
     *
     * @param path the file
     */
    record File(String path) implements GridSpec {
        /** Validates. */
        public File {
            if (path == null || path.isBlank()) {
                throw new InvalidInputException("path", path, "the path of a calibrated-grid file");
            }
        }

        @Override
        public Timesteps timesteps(NoiseSchedule schedule, int steps, double tStart, double tEnd) {
            double[] times = CalibratedGridFile.read(java.nio.file.Path.of(path)).times();
            int n = times.length - 1;
            if (steps != n) {
                throw new InvalidInputException("steps", steps, n + " (the steps of " + path + ")");
            }
            if (times[0] != tStart || times[n] != tEnd) {
                throw new InvalidInputException("path", path, "a grid from tStart=" + tStart + " to tEnd=" + tEnd
                        + " (the file's runs from " + times[0] + " to " + times[n] + ")");
            }
            return InputErrors.at("", () -> Timesteps.of(schedule, times));
        }

        @Override
        public String label() {
            String name = java.nio.file.Path.of(path).getFileName().toString();
            return "file-" + (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name);
        }
    }
}
