package io.samplerkit.core.grid;

import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Uniform in {@code log rho}, {@code rho = sigma/alpha}: k-diffusion's {@code get_sigmas_exponential}
 * ({@code exp(linspace(log rhoMax, log rhoMin, n))}, without the appended 0) and diffusers'
 * {@code use_exponential_sigmas} / {@code use_lu_lambdas}. Since {@code lambda = -log rho} these are
 * the same points as {@link LogSnrGrid}, computed through {@code rho} instead of {@code lambda}
 * (Lu et al. 2022, arXiv:2206.00927; Karras et al. 2022, arXiv:2206.00364, as the k-diffusion
 * "exponential" schedule).
 */
public record ExponentialGrid() implements TimeGrid {

    @Override
    public double[] times(NoiseSchedule schedule, double tStart, double tEnd, int steps) {
        Grids.check(schedule, tStart, tEnd, steps);
        double max = Grids.positiveRho(schedule, tStart, "tStart", describe());
        double min = Grids.positiveRho(schedule, tEnd, "tEnd", describe());
        double[] r = Linspace.symmetric(Math.log(max), Math.log(min), steps + 1);
        for (int i = 1; i < steps; i++) {
            r[i] = schedule.timeOfRho(Math.exp(r[i]));
        }
        return Grids.finish(r, tStart, tEnd, describe());
    }

    @Override
    public String describe() {
        return "exponential";
    }
}
