package io.samplerkit.core.grid;

import io.samplerkit.core.Checks;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * k-diffusion's {@code get_sigmas_polyexponential} (without the appended 0), in {@code rho = sigma/alpha}:
 * <pre>
 *   r_i = (1 - i/N)^p,   rho_i = exp(r_i (log rhoMax - log rhoMin) + log rhoMin),   t_i = timeOfRho(rho_i)
 * </pre>
 * {@code p = 1} is {@link ExponentialGrid}; larger {@code p} crowds the steps towards low noise.
 *
 * @param rho the exponent {@code p}, positive; k-diffusion's default is 1
 */
public record PolyExponentialGrid(double rho) implements TimeGrid {

    /** Validates. */
    public PolyExponentialGrid {
        Checks.requirePositive(rho, "rho");
    }

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        double logMax = Math.log(Grids.positiveRho(schedule, tStart, "tStart", describe()));
        double logMin = Math.log(Grids.positiveRho(schedule, tEnd, "tEnd", describe()));
        double[] ramp = Linspace.symmetric(1.0, 0.0, steps + 1);
        double[] t = new double[steps + 1];
        for (int i = 1; i < steps; i++) {
            t[i] = schedule.timeOfRho(Math.exp(Math.pow(ramp[i], rho) * (logMax - logMin) + logMin));
        }
        return Grids.finish(t, tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return Checks.format("polyexponential(rho=%s)", rho);
    }
}
