package io.samplerkit.bench.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.InvalidInputException;
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

/**
 * The {@code schedule} object of run specs and report suites: {@code type} names one of the core
 * schedules, the other fields are its parameters (absent fields take the defaults below). Adding a
 * schedule is one record here and one {@link JsonSubTypes} line.
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
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduleSpec.VpLinear.class, name = "vp-linear"),
    @JsonSubTypes.Type(value = ScheduleSpec.VpCosine.class, name = "vp-cosine"),
    @JsonSubTypes.Type(value = ScheduleSpec.VpDiscrete.class, name = "vp-discrete"),
    @JsonSubTypes.Type(value = ScheduleSpec.SubVp.class, name = "sub-vp"),
    @JsonSubTypes.Type(value = ScheduleSpec.Ve.class, name = "ve"),
    @JsonSubTypes.Type(value = ScheduleSpec.Edm.class, name = "edm"),
    @JsonSubTypes.Type(value = ScheduleSpec.FlowMatching.class, name = "flow-matching")
})
public sealed interface ScheduleSpec {

    /**
     * @return the schedule
     * @throws InvalidInputException naming the field (relative to this object) if the parameters are rejected
     */
    NoiseSchedule create();

    /**
     * VP with linear {@code beta(t)} ({@link VpLinearSchedule}).
     *
     * @param beta0 {@code beta(0)}
     * @param beta1 {@code beta(1)}
     * @param tMax largest time
     */
    record VpLinear(Double beta0, Double beta1, Double tMax) implements ScheduleSpec {
        /** Applies defaults and validates. */
        public VpLinear {
            beta0 = beta0 == null ? 0.1 : beta0;
            beta1 = beta1 == null ? 20.0 : beta1;
            tMax = tMax == null ? 1.0 : tMax;
            make(beta0, beta1, tMax);
        }

        @Override
        public NoiseSchedule create() {
            return make(beta0, beta1, tMax);
        }

        private static NoiseSchedule make(double beta0, double beta1, double tMax) {
            return InputErrors.at("", () -> new VpLinearSchedule(beta0, beta1, tMax));
        }
    }

    /**
     * sub-VP of Song et al. 2021 on a linear beta ({@link SubVpSchedule}).
     *
     * @param beta0 {@code beta(0)}
     * @param beta1 {@code beta(1)}
     * @param tMax largest time
     */
    record SubVp(Double beta0, Double beta1, Double tMax) implements ScheduleSpec {
        /** Applies the defaults of {@link VpLinear} and validates. */
        public SubVp {
            VpLinear base = new VpLinear(beta0, beta1, tMax);
            beta0 = base.beta0();
            beta1 = base.beta1();
            tMax = base.tMax();
        }

        @Override
        public NoiseSchedule create() {
            VpLinearSchedule base = (VpLinearSchedule) new VpLinear(beta0, beta1, tMax).create();
            return InputErrors.at("", () -> new SubVpSchedule(base));
        }
    }

    /**
     * Cosine VP of Nichol and Dhariwal 2021 ({@link VpCosineSchedule}).
     *
     * @param s offset
     * @param tMax largest time
     */
    record VpCosine(Double s, Double tMax) implements ScheduleSpec {
        /** Applies defaults and validates. */
        public VpCosine {
            s = s == null ? 0.008 : s;
            tMax = tMax == null ? 0.9946 : tMax;
            make(s, tMax);
        }

        @Override
        public NoiseSchedule create() {
            return make(s, tMax);
        }

        private static NoiseSchedule make(double s, double tMax) {
            return InputErrors.at("", () -> new VpCosineSchedule(s, tMax));
        }
    }

    /**
     * VP of a DDPM table with the official DPM-Solver interpolation ({@link VpDiscreteSchedule}).
     *
     * @param betaSchedule beta construction (with betaStart, betaEnd, trainSteps)
     * @param betaStart first beta
     * @param betaEnd last beta
     * @param trainSteps N
     * @param betas explicit betas instead of a construction
     * @param alphasCumprod explicit cumulative alphas instead
     * @param zeroTerminalSnr rescale to zero terminal SNR (Lin et al. 2024, Algorithm 1)
     * @param lambdaClip DPM-Solver's clipping of lambda, or null
     */
    record VpDiscrete(BetaSchedule betaSchedule, Double betaStart, Double betaEnd, Integer trainSteps, double[] betas,
            double[] alphasCumprod, Boolean zeroTerminalSnr, Double lambdaClip) implements ScheduleSpec {
        /** Applies defaults and validates. */
        public VpDiscrete {
            int given = (betas != null ? 1 : 0) + (alphasCumprod != null ? 1 : 0);
            boolean recipe = betaSchedule != null || betaStart != null || betaEnd != null || trainSteps != null;
            if (given > 1 || (given == 1 && recipe)) {
                throw new InvalidInputException(betas != null ? "betas" : "alphasCumprod", "several tables",
                        "the only table: give one of betas, alphasCumprod or betaSchedule/betaStart/betaEnd/trainSteps");
            }
            if (given == 0) {
                betaSchedule = betaSchedule == null ? BetaSchedule.LINEAR : betaSchedule;
                betaStart = betaStart == null ? 1e-4 : betaStart;
                betaEnd = betaEnd == null ? 0.02 : betaEnd;
                trainSteps = trainSteps == null ? 1000 : trainSteps;
                if (trainSteps < 2 || trainSteps > InputLimits.MAX_STEPS) {
                    throw new InvalidInputException("trainSteps", trainSteps, "an integer in [2, " + InputLimits.MAX_STEPS + "]");
                }
            }
            double[] table = betas != null ? betas : alphasCumprod;
            if (table != null && table.length > InputLimits.MAX_STEPS) {
                throw new InvalidInputException(betas != null ? "betas" : "alphasCumprod", table.length + " entries",
                        "at most " + InputLimits.MAX_STEPS + " entries");
            }
            zeroTerminalSnr = zeroTerminalSnr != null && zeroTerminalSnr;
            make(betaSchedule, betaStart, betaEnd, trainSteps, betas, alphasCumprod, zeroTerminalSnr, lambdaClip);
        }

        @Override
        public VpDiscreteSchedule create() {
            return make(betaSchedule, betaStart, betaEnd, trainSteps, betas, alphasCumprod, zeroTerminalSnr, lambdaClip);
        }

        @SuppressWarnings("checkstyle:ParameterNumber")
        private static VpDiscreteSchedule make(BetaSchedule betaSchedule, Double betaStart, Double betaEnd,
                Integer trainSteps, double[] betas, double[] alphasCumprod, boolean zeroTerminalSnr, Double lambdaClip) {
            VpDiscreteSchedule schedule;
            if (alphasCumprod != null) {
                double[] acp = zeroTerminalSnr
                        ? InputErrors.at("alphasCumprod", () -> ZeroTerminalSnr.rescaleAlphasCumprod(alphasCumprod))
                        : alphasCumprod;
                schedule = InputErrors.at("", () -> VpDiscreteSchedule.fromAlphasCumprod(acp));
            } else {
                double[] b = betas != null ? betas
                        : InputErrors.at("", () -> betaSchedule.betas(trainSteps, betaStart, betaEnd));
                double[] table = zeroTerminalSnr ? InputErrors.at("betas", () -> ZeroTerminalSnr.rescaleBetas(b)) : b;
                schedule = InputErrors.at("", () -> VpDiscreteSchedule.fromBetas(table));
            }
            if (lambdaClip != null) {
                VpDiscreteSchedule unclipped = schedule;
                schedule = InputErrors.at("lambdaClip", () -> unclipped.withLambdaClipping(lambdaClip));
            }
            return schedule;
        }
    }

    /**
     * Variance exploding {@code sigma(t) = sigmaMin (sigmaMax/sigmaMin)^t} ({@link VeSchedule}).
     *
     * @param sigmaMin smallest noise level
     * @param sigmaMax largest noise level
     */
    record Ve(Double sigmaMin, Double sigmaMax) implements ScheduleSpec {
        /** Applies defaults and validates. */
        public Ve {
            sigmaMin = sigmaMin == null ? 0.01 : sigmaMin;
            sigmaMax = sigmaMax == null ? 50.0 : sigmaMax;
            make(sigmaMin, sigmaMax);
        }

        @Override
        public NoiseSchedule create() {
            return make(sigmaMin, sigmaMax);
        }

        private static NoiseSchedule make(double sigmaMin, double sigmaMax) {
            return InputErrors.at("", () -> new VeSchedule(sigmaMin, sigmaMax));
        }
    }

    /**
     * EDM / k-diffusion {@code alpha = 1, sigma = t} ({@link EdmSchedule}).
     *
     * @param sigmaMin smallest noise level
     * @param sigmaMax largest noise level
     */
    record Edm(Double sigmaMin, Double sigmaMax) implements ScheduleSpec {
        /** Applies defaults and validates. */
        public Edm {
            sigmaMin = sigmaMin == null ? 0.002 : sigmaMin;
            sigmaMax = sigmaMax == null ? 80.0 : sigmaMax;
            make(sigmaMin, sigmaMax);
        }

        @Override
        public NoiseSchedule create() {
            return make(sigmaMin, sigmaMax);
        }

        private static NoiseSchedule make(double sigmaMin, double sigmaMax) {
            return InputErrors.at("", () -> new EdmSchedule(sigmaMin, sigmaMax));
        }
    }

    /**
     * Rectified flow / flow matching {@code alpha = 1 - t, sigma = t} ({@link FlowMatchingSchedule}).
     *
     * @param tMax largest time, at most 1
     */
    record FlowMatching(Double tMax) implements ScheduleSpec {
        /** Applies defaults and validates. */
        public FlowMatching {
            tMax = tMax == null ? 1.0 : tMax;
            make(tMax);
        }

        @Override
        public NoiseSchedule create() {
            return make(tMax);
        }

        private static NoiseSchedule make(double tMax) {
            return InputErrors.at("", () -> new FlowMatchingSchedule(tMax));
        }
    }
}
