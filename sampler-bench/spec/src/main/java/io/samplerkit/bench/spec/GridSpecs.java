package io.samplerkit.bench.spec;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code grid} object of a run specification → the {@link Timesteps} of a run.
 *
 * <p>Common fields: {@code type}; {@code steps} (number of intervals, required); {@code tStart}
 * (default: the schedule's {@code tMax}); {@code tEnd} (default: the schedule's {@code tMin} when
 * there is noise there, else {@code 1e-3 * tMax}, DPM-Solver's {@code 1/N} for continuous VP
 * schedules); {@code zeroNoiseEnd} (default false): append a last step to zero noise.
 * <table>
 * <caption>grid types</caption>
 * <tr><th>{@code type}</th><th>rule</th><th>own fields</th></tr>
 * <tr><td>{@code uniform-time}</td><td>uniform in t</td><td></td></tr>
 * <tr><td>{@code quadratic-time}</td><td>uniform in sqrt(t)</td><td></td></tr>
 * <tr><td>{@code logsnr}</td><td>uniform in lambda = log(alpha/sigma)</td><td></td></tr>
 * <tr><td>{@code karras}</td><td>Karras et al. 2022 in sigma/alpha</td><td>{@code rho} (7)</td></tr>
 * <tr><td>{@code exponential}</td><td>uniform in log(sigma/alpha)</td><td></td></tr>
 * <tr><td>{@code polyexponential}</td><td>k-diffusion's polyexponential</td><td>{@code rho} (1)</td></tr>
 * <tr><td>{@code flow-shift}</td><td>a {@code base} grid rule with times shifted
 *     {@code t -> s t/(1 + (s-1) t)}</td><td>{@code shift}, {@code base} (an object with {@code type}
 *     and that rule's own fields)</td></tr>
 * <tr><td>{@code diffusers}</td><td>diffusers' timestep spacing on a {@code vp-discrete} schedule
 *     (tStart ignored; ends at {@code tEnd}, default index 0's time, or at zero noise)</td>
 *     <td>{@code spacing} (linspace|leading|trailing), {@code family} (ddim|multistep|euler, default
 *     multistep), {@code stepsOffset} (0)</td></tr>
 * <tr><td>{@code explicit}</td><td>the given times</td><td>{@code times} (no steps/tStart/tEnd)</td></tr>
 * </table>
 */
public final class GridSpecs {

    /** The accepted {@code type} values. */
    public static final List<String> TYPES = List.of("uniform-time", "quadratic-time", "logsnr", "karras",
            "exponential", "polyexponential", "flow-shift", "diffusers", "explicit");

    private static final List<String> COMMON = List.of("steps", "tStart", "tEnd", "zeroNoiseEnd");

    private static final Map<String, List<String>> OWN = Map.of(
            "karras", List.of("rho"),
            "polyexponential", List.of("rho"),
            "flow-shift", List.of("shift", "base"),
            "diffusers", List.of("spacing", "family", "stepsOffset"));

    private static final int MAX_STEPS = 1_000_000;

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
        boolean zeroEnd = node.bool("zeroNoiseEnd", false);
        Timesteps ts;
        if (type.equals("explicit")) {
            List<String> fields = List.of("type", "times", "zeroNoiseEnd");
            node.allowOnly(fields);
            double[] times = node.vector("times");
            ts = Specs.build(node, fields, () -> Timesteps.of(schedule, times));
        } else if (type.equals("diffusers")) {
            ts = diffusers(node, schedule, zeroEnd);
            zeroEnd = false;
        } else {
            List<String> fields = fields(type, true);
            node.allowOnly(fields);
            TimeGrid rule = rule(node, type);
            int steps = (int) node.integer("steps", 1, MAX_STEPS);
            double tStart = node.number("tStart", defaultStart(schedule), -Double.MAX_VALUE, Double.MAX_VALUE);
            double tEnd = node.number("tEnd", defaultEnd(schedule), -Double.MAX_VALUE, Double.MAX_VALUE);
            ts = Specs.build(node, fields, () -> Timesteps.of(schedule, rule, tStart, tEnd, steps));
        }
        if (zeroEnd) {
            if (ts.endsAtZeroNoise()) {
                throw new SpecException(node.pathOf("zeroNoiseEnd"), node.pathOf("zeroNoiseEnd")
                        + " must be false when the grid already ends at zero noise, got true");
            }
            ts = ts.withZeroNoiseEnd(schedule);
        }
        return ts;
    }

    private static List<String> fields(String type, boolean withCommon) {
        List<String> f = new ArrayList<>();
        f.add("type");
        f.addAll(OWN.getOrDefault(type, List.of()));
        if (withCommon) {
            f.addAll(COMMON);
        }
        return f;
    }

    /** The grid rule of a non-explicit, non-diffusers type (its own fields only). */
    private static TimeGrid rule(SpecNode node, String type) {
        List<String> fields = fields(type, false);
        switch (type) {
            case "uniform-time":
                return new UniformTimeGrid();
            case "quadratic-time":
                return new QuadraticTimeGrid();
            case "logsnr":
                return new LogSnrGrid();
            case "exponential":
                return new ExponentialGrid();
            case "karras": {
                double rho = node.number("rho", 7.0, Double.MIN_VALUE, Double.MAX_VALUE);
                return Specs.build(node, fields, () -> new KarrasGrid(rho));
            }
            case "polyexponential": {
                double rho = node.number("rho", 1.0, Double.MIN_VALUE, Double.MAX_VALUE);
                return Specs.build(node, fields, () -> new PolyExponentialGrid(rho));
            }
            case "flow-shift": {
                double shift = node.number("shift", Double.MIN_VALUE, Double.MAX_VALUE);
                SpecNode baseNode = node.object("base");
                List<String> bases = TYPES.stream().filter(t -> !t.equals("flow-shift") && !t.equals("diffusers")
                        && !t.equals("explicit")).toList();
                String baseType = baseNode.oneOf("type", bases);
                baseNode.allowOnly(fields(baseType, false));
                TimeGrid base = rule(baseNode, baseType);
                return Specs.build(node, fields, () -> new FlowShiftGrid(base, shift));
            }
            default:
                throw new IllegalStateException("unreachable: " + type);
        }
    }

    private static Timesteps diffusers(SpecNode node, NoiseSchedule schedule, boolean zeroEnd) {
        List<String> fields = List.of("type", "spacing", "family", "stepsOffset", "steps", "tEnd", "zeroNoiseEnd");
        node.allowOnly(fields);
        if (!(schedule instanceof VpDiscreteSchedule discrete)) {
            throw new SpecException(node.pathOf("type"), node.pathOf("type")
                    + " diffusers needs a vp-discrete schedule, got " + schedule.describe());
        }
        DiffusersSpacing.Spacing spacing = DiffusersSpacing.Spacing.valueOf(node.oneOf("spacing",
                List.of("linspace", "leading", "trailing")).toUpperCase(Locale.ROOT));
        DiffusersSpacing.Family family = DiffusersSpacing.Family.valueOf(node.oneOf("family", "multistep",
                List.of("ddim", "multistep", "euler")).toUpperCase(Locale.ROOT));
        int offset = (int) node.integer("stepsOffset", 0, 0, MAX_STEPS);
        int steps = (int) node.integer("steps", 1, discrete.size());
        DiffusersSpacing rule = Specs.build(node, fields,
                () -> new DiffusersSpacing(spacing, family, offset, Double.NEGATIVE_INFINITY));
        if (zeroEnd) {
            if (node.has("tEnd")) {
                throw new SpecException(node.pathOf("tEnd"), node.pathOf("tEnd")
                        + " must be absent when zeroNoiseEnd is true, got " + node.json().get("tEnd"));
            }
            return Specs.build(node, fields,
                    () -> Timesteps.ofZeroNoiseEnd(discrete, rule.inferenceTimes(discrete, steps)));
        }
        double tEnd = node.number("tEnd", discrete.tMin(), -Double.MAX_VALUE, Double.MAX_VALUE);
        return Specs.build(node, fields, () -> Timesteps.of(discrete, rule, discrete.tMax(), tEnd, steps));
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
