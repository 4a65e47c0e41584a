package io.samplerkit.bench.spec;

import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.SubVpSchedule;
import io.samplerkit.core.schedule.VeSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.schedule.ZeroTerminalSnr;
import java.util.List;
import java.util.Locale;

/**
 * The {@code schedule} object of a run specification → a {@link NoiseSchedule}.
 * <table>
 * <caption>schedule types</caption>
 * <tr><th>{@code type}</th><th>fields (defaults)</th></tr>
 * <tr><td>{@code vp-linear}</td><td>{@code beta0} (0.1), {@code beta1} (20), {@code tMax} (1)</td></tr>
 * <tr><td>{@code vp-cosine}</td><td>{@code s} (0.008), {@code tMax} (0.9946)</td></tr>
 * <tr><td>{@code vp-discrete}</td><td>one of: {@code betaSchedule} ({@code linear}, {@code scaled-linear},
 *     {@code squaredcos-cap-v2}; default linear) with {@code betaStart} (1e-4), {@code betaEnd} (0.02),
 *     {@code trainSteps} (1000); or {@code betas} [N]; or {@code alphasCumprod} [N].
 *     Optional {@code zeroTerminalSnr} (false) and {@code lambdaClip} (DPM-Solver's -5.1; none by default).
 *     Training index n sits at {@code t = (n+1)/N}.</td></tr>
 * <tr><td>{@code sub-vp}</td><td>{@code beta0} (0.1), {@code beta1} (20), {@code tMax} (1)</td></tr>
 * <tr><td>{@code ve}</td><td>{@code sigmaMin} (0.01), {@code sigmaMax} (50)</td></tr>
 * <tr><td>{@code edm}</td><td>{@code sigmaMin} (0.002), {@code sigmaMax} (80); time is sigma</td></tr>
 * <tr><td>{@code flow-matching}</td><td>{@code tMax} (1): {@code alpha = 1 - t, sigma = t}</td></tr>
 * </table>
 */
public final class ScheduleSpecs {

    /** The accepted {@code type} values. */
    public static final List<String> TYPES = List.of("vp-linear", "vp-cosine", "vp-discrete", "sub-vp", "ve", "edm",
            "flow-matching");

    private static final double MAX = Double.MAX_VALUE;
    private static final double TINY = Double.MIN_VALUE;

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
            case "vp-linear":
            case "sub-vp": {
                List<String> fields = List.of("type", "beta0", "beta1", "tMax");
                node.allowOnly(fields);
                double beta0 = node.number("beta0", 0.1, TINY, MAX);
                double beta1 = node.number("beta1", 20.0, TINY, MAX);
                double tMax = node.number("tMax", 1.0, TINY, MAX);
                VpLinearSchedule vp = Specs.build(node, fields, () -> new VpLinearSchedule(beta0, beta1, tMax));
                return type.equals("vp-linear") ? vp : Specs.build(node, fields, () -> new SubVpSchedule(vp));
            }
            case "vp-cosine": {
                List<String> fields = List.of("type", "s", "tMax");
                node.allowOnly(fields);
                double s = node.number("s", 0.008, 0.0, MAX);
                double tMax = node.number("tMax", 0.9946, TINY, MAX);
                return Specs.build(node, fields, () -> new VpCosineSchedule(s, tMax));
            }
            case "vp-discrete":
                return discrete(node);
            case "ve": {
                List<String> fields = List.of("type", "sigmaMin", "sigmaMax");
                node.allowOnly(fields);
                double lo = node.number("sigmaMin", 0.01, TINY, MAX);
                double hi = node.number("sigmaMax", 50.0, TINY, MAX);
                return Specs.build(node, fields, () -> new VeSchedule(lo, hi));
            }
            case "edm": {
                List<String> fields = List.of("type", "sigmaMin", "sigmaMax");
                node.allowOnly(fields);
                double lo = node.number("sigmaMin", 0.002, 0.0, MAX);
                double hi = node.number("sigmaMax", 80.0, TINY, MAX);
                return Specs.build(node, fields, () -> new EdmSchedule(lo, hi));
            }
            case "flow-matching": {
                List<String> fields = List.of("type", "tMax");
                node.allowOnly(fields);
                double tMax = node.number("tMax", 1.0, TINY, 1.0);
                return Specs.build(node, fields, () -> new FlowMatchingSchedule(tMax));
            }
            default:
                throw new IllegalStateException("unreachable: " + type);
        }
    }

    private static VpDiscreteSchedule discrete(SpecNode node) {
        List<String> fields = List.of("type", "betaSchedule", "betaStart", "betaEnd", "trainSteps", "betas",
                "alphasCumprod", "zeroTerminalSnr", "lambdaClip");
        node.allowOnly(fields);
        boolean zeroSnr = node.bool("zeroTerminalSnr", false);
        int given = (node.has("betas") ? 1 : 0) + (node.has("alphasCumprod") ? 1 : 0);
        boolean recipe = node.has("betaSchedule") || node.has("betaStart") || node.has("betaEnd")
                || node.has("trainSteps");
        if (given > 1 || (given == 1 && recipe)) {
            throw new SpecException(node.pathOf("betas"), node.path()
                    + " takes one of betas, alphasCumprod or betaSchedule/betaStart/betaEnd/trainSteps, got several");
        }
        VpDiscreteSchedule schedule;
        if (node.has("alphasCumprod")) {
            double[] acp = node.vector("alphasCumprod");
            double[] table = zeroSnr ? Specs.build(node, fields, () -> ZeroTerminalSnr.rescaleAlphasCumprod(acp)) : acp;
            schedule = Specs.build(node, fields, () -> VpDiscreteSchedule.fromAlphasCumprod(table));
        } else {
            double[] betas;
            if (node.has("betas")) {
                betas = node.vector("betas");
            } else {
                String kind = node.oneOf("betaSchedule", "linear", List.of("linear", "scaled-linear",
                        "squaredcos-cap-v2"));
                BetaSchedule beta = BetaSchedule.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
                double start = node.number("betaStart", 1e-4, TINY, 1.0);
                double end = node.number("betaEnd", 0.02, TINY, 1.0);
                int n = (int) node.integer("trainSteps", 1000, 2, 1_000_000);
                betas = Specs.build(node, fields, () -> beta.betas(n, start, end));
            }
            double[] b = zeroSnr ? Specs.build(node, fields, () -> ZeroTerminalSnr.rescaleBetas(betas)) : betas;
            schedule = Specs.build(node, fields, () -> VpDiscreteSchedule.fromBetas(b));
        }
        if (node.has("lambdaClip")) {
            double clip = node.number("lambdaClip", -MAX, MAX);
            VpDiscreteSchedule unclipped = schedule;
            schedule = Specs.build(node, fields, () -> unclipped.withLambdaClipping(clip));
        }
        return schedule;
    }
}
