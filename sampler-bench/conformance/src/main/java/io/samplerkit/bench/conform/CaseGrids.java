package io.samplerkit.bench.conform;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import java.util.Arrays;

/**
 * The grid a reference case stepped through ({@code timesteps}, or diffusers' {@code sigmas}) as
 * SamplerKit {@link Timesteps}. Each helper takes the stored values, so no grid rule is re-derived:
 * <ul>
 * <li>DPM-Solver / UniPC: continuous times, used as they are ({@link #times});</li>
 * <li>k-diffusion: sigmas on an {@code EdmSchedule} (time = sigma) with the appended 0 as the
 *     zero-noise end ({@link #times} as well);</li>
 * <li>diffusers sigma schedulers: noise-to-signal ratios {@code rho}, mapped to
 *     {@code t = timeOfRho(rho) = timeOfLambda(-log rho)}, a final 0 as the zero-noise end, a repeated
 *     final sigma as a zero-length last step ({@link #rhos});</li>
 * <li>diffusers integer timesteps: training index {@code n} at
 *     {@code VpDiscreteSchedule.timeOfIndex(n)} ({@link #trainIndices}).</li>
 * </ul>
 */
public final class CaseGrids {

    private CaseGrids() {
    }

    /**
     * The case's stored {@code timesteps} in the schedule's own time.
     *
     * @param referenceCase a case whose {@code timesteps} are schedule times (DPM-Solver, UniPC,
     *     k-diffusion on an EDM schedule)
     * @param schedule its schedule
     * @return the timesteps; a final time 0 with zero noise becomes the zero-noise end
     */
    public static Timesteps times(ReferenceCase referenceCase, NoiseSchedule schedule) {
        return times(schedule, referenceCase.timesteps());
    }

    /**
     * Times as Timesteps; a last value at which the schedule has {@code sigma = 0} becomes the
     * zero-noise end ({@link Timesteps#ofZeroNoiseEnd}).
     *
     * @param schedule schedule
     * @param t strictly decreasing times
     * @return the timesteps
     */
    public static Timesteps times(NoiseSchedule schedule, double[] t) {
        int n = t.length;
        if (n >= 2 && schedule.sigma(t[n - 1]) == 0.0) {
            return Timesteps.ofZeroNoiseEnd(schedule, Arrays.copyOf(t, n - 1));
        }
        return Timesteps.of(schedule, t);
    }

    /** Relative difference up to which a final {@code rho} equal to the one before is diffusers' repeated final sigma. */
    public static final double REPEATED_END_RTOL = DiffusersPipeline.REPEATED_END_RTOL;

    /**
     * Noise-to-signal ratios (diffusers' {@code sigmas}, k-diffusion sigmas on a VP schedule) as Timesteps, by
     * {@link DiffusersPipeline#sigmaTimesteps}: {@code t_i = timeOfRho(rho_i)}; a final {@code rho = 0} becomes the
     * zero-noise end, and a final {@code rho} equal to the one before (to {@link #REPEATED_END_RTOL}) a repeated end
     * point ({@link Timesteps#ofRepeatedEnd}): the zero-length last step diffusers takes, evaluating the model and
     * leaving the sample unchanged to round-off.
     *
     * @param schedule schedule
     * @param rho decreasing ratios {@code sigma/alpha}, all positive except possibly the last; strictly
     *     decreasing except possibly a repeated last one
     * @return the timesteps
     */
    public static Timesteps rhos(NoiseSchedule schedule, double[] rho) {
        return DiffusersPipeline.sigmaTimesteps(schedule, rho);
    }

    /**
     * Integer training timesteps (diffusers {@code scheduler.timesteps} of DDIM, PNDM, DPMSolver,
     * UniPC, DEIS) as times: {@code t = timeOfIndex(n)}.
     *
     * @param schedule the case's discrete schedule
     * @param n training indices (integral values)
     * @return the times, same order
     * @throws IllegalArgumentException if a value is not an integer index of the schedule
     */
    public static double[] trainIndices(VpDiscreteSchedule schedule, double[] n) {
        double[] t = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            int index = (int) n[i];
            if (index != n[i]) {
                throw new IllegalArgumentException("timesteps[" + i + "] must be an integer training index, got " + n[i]);
            }
            t[i] = schedule.timeOfIndex(index);
        }
        return t;
    }
}
