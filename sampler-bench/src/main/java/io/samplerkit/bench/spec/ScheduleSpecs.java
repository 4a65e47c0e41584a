package io.samplerkit.bench.spec;

import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import java.util.List;

/**
 * The {@code schedule} object of a run specification → a {@link NoiseSchedule}.
 * <table>
 * <caption>schedule types</caption>
 * <tr><th>{@code type}</th><th>fields (defaults)</th></tr>
 * <tr><td>{@code vp-linear}</td><td>{@code beta0} (0.1), {@code beta1} (20), {@code tMax} (1)</td></tr>
 * <tr><td>{@code edm}</td><td>{@code sigmaMin} (0.002), {@code sigmaMax} (80)</td></tr>
 * </table>
 */
public final class ScheduleSpecs {

    /** The accepted {@code type} values. */
    public static final List<String> TYPES = List.of("vp-linear", "edm");

    private ScheduleSpecs() {
    }

    /**
     * @param node the {@code schedule} object
     * @return the schedule
     * @throws SpecException naming the field, the value and what is allowed
     */
    public static NoiseSchedule parse(SpecNode node) {
        String type = node.oneOf("type", TYPES);
        switch (type) {
            case "vp-linear": {
                List<String> fields = List.of("type", "beta0", "beta1", "tMax");
                node.allowOnly(fields);
                double beta0 = node.number("beta0", 0.1, Double.MIN_VALUE, Double.MAX_VALUE);
                double beta1 = node.number("beta1", 20.0, Double.MIN_VALUE, Double.MAX_VALUE);
                double tMax = node.number("tMax", 1.0, Double.MIN_VALUE, Double.MAX_VALUE);
                return Specs.build(node, fields, () -> new VpLinearSchedule(beta0, beta1, tMax));
            }
            case "edm": {
                List<String> fields = List.of("type", "sigmaMin", "sigmaMax");
                node.allowOnly(fields);
                double lo = node.number("sigmaMin", 0.002, 0.0, Double.MAX_VALUE);
                double hi = node.number("sigmaMax", 80.0, Double.MIN_VALUE, Double.MAX_VALUE);
                return Specs.build(node, fields, () -> new EdmSchedule(lo, hi));
            }
            default:
                throw new IllegalStateException("unreachable: " + type);
        }
    }
}
