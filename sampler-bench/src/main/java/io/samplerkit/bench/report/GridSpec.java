package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * A time-grid rule as suite data ({@code {"type": "karras", "rho": 7}}). Every rule returns
 * {@code steps + 1} strictly decreasing times with exact end points {@code tStart} and {@code tEnd}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GridSpec.LogSnr.class, name = "logsnr"),
    @JsonSubTypes.Type(value = GridSpec.Karras.class, name = "karras"),
    @JsonSubTypes.Type(value = GridSpec.UniformTime.class, name = "uniform-t")
})
public sealed interface GridSpec {

    /**
     * @param schedule schedule the times belong to
     * @param tStart first (noisiest) time
     * @param tEnd last time
     * @param steps number of intervals, at least 1
     * @return {@code steps + 1} decreasing times
     */
    double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps);

    /** @return short label used in tables, e.g. {@code "karras7"} */
    @JsonIgnore
    String label();

    /**
     * Uniform in half log-SNR {@code lambda} (DPM-Solver's {@code logSNR} skip type,
     * Lu et al. 2022, arXiv:2206.00927, section 3.3).
     */
    record LogSnr() implements GridSpec {
        @Override
        public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
            double l0 = schedule.lambda(tStart);
            double l1 = schedule.lambda(tEnd);
            return fill(tStart, tEnd, steps, i -> schedule.timeOfLambda(l0 + (l1 - l0) * i / steps));
        }

        @Override
        public String label() {
            return "logsnr";
        }
    }

    /**
     * Karras et al. 2022 (arXiv:2206.00364, eq. 5) in {@code rho = sigma/alpha}:
     * {@code rho_i = (rho_max^{1/r} + i/N (rho_min^{1/r} - rho_max^{1/r}))^r}.
     *
     * @param rho the exponent {@code r} (EDM uses 7)
     */
    record Karras(double rho) implements GridSpec {
        /** Validates. */
        public Karras {
            Checks.requirePositive(rho, "rho");
        }

        @Override
        public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
            double a = Math.pow(schedule.rho(tStart), 1 / rho);
            double b = Math.pow(schedule.rho(tEnd), 1 / rho);
            return fill(tStart, tEnd, steps,
                    i -> schedule.timeOfLambda(-Math.log(Math.pow(a + (b - a) * i / steps, rho))));
        }

        @Override
        public String label() {
            return "karras" + (rho == Math.rint(rho) ? Integer.toString((int) rho) : Double.toString(rho));
        }
    }

    /** Uniform in the schedule's time (DPM-Solver's {@code time_uniform}). */
    record UniformTime() implements GridSpec {
        @Override
        public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
            return fill(tStart, tEnd, steps, i -> tStart + (tEnd - tStart) * i / steps);
        }

        @Override
        public String label() {
            return "uniform-t";
        }
    }

    /**
     * {@code steps + 1} points from a rule, end points set exactly.
     *
     * @param tStart first time
     * @param tEnd last time
     * @param steps intervals
     * @param interior time of point {@code i}
     * @return the times
     */
    private static double[] fill(double tStart, double tEnd, int steps, java.util.function.IntToDoubleFunction interior) {
        Checks.requirePositive(steps, "steps");
        double[] t = new double[steps + 1];
        for (int i = 1; i < steps; i++) {
            t[i] = interior.applyAsDouble(i);
        }
        t[0] = tStart;
        t[steps] = tEnd;
        return t;
    }
}
