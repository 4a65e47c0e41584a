package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Karras et al. 2022 ("Elucidating the Design Space", arXiv:2206.00364, eq. 5) noise levels, uniform in
 * {@code rho^(1/p)} of the noise-to-signal ratio {@code rho = sigma/alpha}:
 * <pre>
 *   rho_i = (rho(tStart)^(1/p) + (i/N) (rho(tEnd)^(1/p) - rho(tStart)^(1/p)))^p,   t_i = timeOfRho(rho_i)
 * </pre>
 * On {@code EdmSchedule} (time = rho) this is k-diffusion's {@code get_sigmas_karras} without the
 * appended 0 ({@code N = n - 1}); on a discrete VP schedule between its extreme training levels it
 * is diffusers' {@code use_karras_sigmas}. {@code rho(tEnd) = 0} is allowed.
 *
 * @param rho the exponent {@code p}, positive; 7 in EDM
 */
public record KarrasGrid(double rho) implements TimeGrid {

    /** Validates. */
    public KarrasGrid {
        Checks.requirePositive(rho, "rho");
    }

    /** @return EDM's {@code rho = 7} */
    public static KarrasGrid standard() {
        return new KarrasGrid(7.0);
    }

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        double max = Grids.positiveRho(schedule, tStart, "tStart", describe());
        double min = schedule.rho(tEnd);
        if (!(min >= 0 && min < max)) {
            throw new IllegalArgumentException(Checks.format(
                    "tEnd=%s must have sigma/alpha in [0, %s) for a %s grid on %s, got %s",
                    tEnd, max, describe(), schedule.describe(), min));
        }
        double maxInv = Math.pow(max, 1 / rho);
        double minInv = Math.pow(min, 1 / rho);
        double[] ramp = Linspace.symmetric(0.0, 1.0, steps + 1);
        double[] t = new double[steps + 1];
        for (int i = 1; i < steps; i++) {
            t[i] = schedule.timeOfRho(Math.pow(maxInv + ramp[i] * (minInv - maxInv), rho));
        }
        return Grids.finish(t, tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return Checks.format("karras(rho=%s)", rho);
    }
}
