package io.samplerkit.onnx;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.NamedConstants;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import java.util.Arrays;

/**
 * How a network reads its time input. Solvers always pass the schedule's own time {@code t}; the adapter turns it
 * into the number the network was trained with:
 * <pre>
 *   T           t                                   (score SDE / DPM-Solver continuous models, rectified flow)
 *   THOUSAND_T  1000 t                              (diffusers' flow-match transformers, DPM-Solver's discrete wrapper)
 *   INDEX       N t - 1, fractional                 (DDPM training index: diffusers UNets; VpDiscreteSchedule only)
 *   SIGMA       rho = sigma(t)/alpha(t)             (k-diffusion, EDM's sigma)
 *   C_NOISE     ln(rho)/4                           (EDM, Karras et al. 2022, arXiv:2206.00364, Table 1)
 * </pre>
 * For a VP schedule the noise-to-signal ratio {@code rho} is k-diffusion's sigma; for EDM's schedule
 * ({@code alpha = 1}) it is the noise level itself.
 */
public enum TimeConvention {
    /** The schedule time {@code t} itself. */
    T("t"),
    /** {@code 1000 t}. */
    THOUSAND_T("1000t"),
    /** The continuous training index {@code N t - 1} of a {@link VpDiscreteSchedule}. */
    INDEX("index"),
    /** The noise-to-signal ratio {@code rho = sigma/alpha}. */
    SIGMA("sigma"),
    /** EDM's {@code c_noise = ln(rho)/4}. */
    C_NOISE("c_noise");

    private final String key;

    TimeConvention(String key) {
        this.key = key;
    }

    /** @return the name used in specs and JSON ({@code t, 1000t, index, sigma, c_noise}) */
    public String key() {
        return key;
    }

    /**
     * @param key one of {@code t, 1000t, index, sigma, c_noise} (case-insensitive)
     * @return the convention
     * @throws InvalidInputException naming {@code time} if the key is unknown
     */
    public static TimeConvention parse(String key) {
        return NamedConstants.findIgnoringCase(values(), TimeConvention::key, key, "time");
    }

    /** @return the keys of all conventions, in declaration order */
    public static String[] keys() {
        return Arrays.stream(values()).map(TimeConvention::key).toArray(String[]::new);
    }

    /**
     * Whether a network with an integer time input can be fed this convention, rounded: a training index or
     * {@code 1000 t} (integer timesteps). {@code t} in {@code [0, 1]}, {@code sigma} and {@code c_noise} would be
     * rounded to a handful of values, so an integer time input with them is refused when the model is built.
     *
     * @return whether the convention's values may be rounded to integers
     */
    public boolean fitsIntegers() {
        return this == INDEX || this == THOUSAND_T;
    }

    /**
     * Checks that the convention can be computed on the schedule.
     *
     * @param schedule the schedule the network was trained with
     * @throws InvalidInputException naming {@code time} if {@link #INDEX} is used without a discrete table
     */
    public void requireCompatible(NoiseSchedule schedule) {
        if (this == INDEX && !(schedule instanceof VpDiscreteSchedule)) {
            throw new InvalidInputException("time", key + " with schedule " + schedule.describe(),
                    "used with a discrete (VpDiscreteSchedule) schedule only; use 1000t or t for continuous ones");
        }
    }

    /**
     * @param schedule the schedule ({@link #requireCompatible} passed)
     * @param t schedule time
     * @return the network time
     */
    public double networkTime(NoiseSchedule schedule, double t) {
        switch (this) {
            case T:
                return t;
            case THOUSAND_T:
                return 1000.0 * t;
            case INDEX:
                return ((VpDiscreteSchedule) schedule).indexOfTime(t);
            case SIGMA:
                return schedule.rho(t);
            case C_NOISE:
                return 0.25 * Math.log(schedule.rho(t));
            default:
                throw new AssertionError(this);
        }
    }
}
