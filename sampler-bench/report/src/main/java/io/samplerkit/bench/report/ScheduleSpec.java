package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;

/**
 * A noise schedule as suite data ({@code {"type": "vp-linear", "beta0": 0.1, ...}}), naming one of the
 * core schedules. Adding a schedule to the report is one record here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduleSpec.VpLinear.class, name = "vp-linear"),
    @JsonSubTypes.Type(value = ScheduleSpec.VpDiscrete.class, name = "vp-discrete"),
    @JsonSubTypes.Type(value = ScheduleSpec.Edm.class, name = "edm"),
    @JsonSubTypes.Type(value = ScheduleSpec.FlowMatching.class, name = "flow-matching")
})
public sealed interface ScheduleSpec {

    /** @return the schedule */
    NoiseSchedule create();

    /**
     * VP with linear {@code beta(t)} ({@link VpLinearSchedule}).
     *
     * @param beta0 {@code beta(0)}
     * @param beta1 {@code beta(1)}
     * @param tMax largest time
     */
    record VpLinear(double beta0, double beta1, double tMax) implements ScheduleSpec {
        @Override
        public NoiseSchedule create() {
            return new VpLinearSchedule(beta0, beta1, tMax);
        }
    }

    /**
     * VP of DDPM betas with the official DPM-Solver interpolation ({@link VpDiscreteSchedule}),
     * e.g. Stable Diffusion's {@code scaled_linear} 0.00085 .. 0.012, N = 1000.
     *
     * @param betas the beta construction
     * @param trainSteps N
     * @param betaStart first beta
     * @param betaEnd last beta
     */
    record VpDiscrete(BetaSchedule betas, int trainSteps, double betaStart, double betaEnd) implements ScheduleSpec {
        @Override
        public NoiseSchedule create() {
            return VpDiscreteSchedule.fromBetas(betas.betas(trainSteps, betaStart, betaEnd));
        }
    }

    /**
     * EDM / k-diffusion {@code alpha = 1, sigma = t} ({@link EdmSchedule}).
     *
     * @param sigmaMin smallest noise level
     * @param sigmaMax largest noise level
     */
    record Edm(double sigmaMin, double sigmaMax) implements ScheduleSpec {
        @Override
        public NoiseSchedule create() {
            return new EdmSchedule(sigmaMin, sigmaMax);
        }
    }

    /**
     * Rectified flow / flow matching {@code alpha = 1 - t, sigma = t} ({@link FlowMatchingSchedule}).
     *
     * @param tMax largest time, at most 1
     */
    record FlowMatching(double tMax) implements ScheduleSpec {
        @Override
        public NoiseSchedule create() {
            return new FlowMatchingSchedule(tMax);
        }
    }
}
