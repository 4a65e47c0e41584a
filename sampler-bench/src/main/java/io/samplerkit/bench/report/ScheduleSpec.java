package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;

/**
 * A noise schedule as suite data (JSON {@code {"type": "vp-linear", "beta0": 0.1, ...}}).
 * Adding a schedule to the report is one record here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduleSpec.VpLinear.class, name = "vp-linear"),
    @JsonSubTypes.Type(value = ScheduleSpec.Edm.class, name = "edm")
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
}
