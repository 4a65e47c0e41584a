package io.samplerkit.bench.conform;

import io.samplerkit.core.Checks;

/**
 * diffusers {@code HeunDiscreteScheduler} → registry {@code heun} (see {@link DiffusersSigmaCases} for
 * the VE/VP mapping). The scheduler stores interleaved sigmas {@code [s0, s1, s1, s2, s2, ..., s_{n-1},
 * s_{n-1}, 0]} and alternates a first-order (Euler predictor) and a second-order (trapezoid corrector)
 * call of {@code step()}; its last step, to sigma = 0, is a lone Euler step. That is EDM's Heun
 * (Algorithm 2, no churn) on {@code [s0, ..., s_{n-1}, 0]}, NFE = 2n - 1.
 */
public final class DiffusersHeunCases extends DiffusersSigmaCases {

    /** The translator. */
    public DiffusersHeunCases() {
        super("HeunDiscreteScheduler", "heun");
    }

    /** Undoes the interleaving: keeps {@code s0}, then every second entry. */
    @Override
    double[] grid(double[] sigmas) throws SkipCaseException {
        int m = sigmas.length;
        if (m < 2 || m % 2 != 0) {
            throw SkipCaseException.unsupported(Checks.format(
                    "HeunDiscreteScheduler sigmas must be [s0, s1, s1, ..., s_n-1, s_n-1, 0], got %d values", m));
        }
        double[] rho = new double[m / 2 + 1];
        rho[0] = sigmas[0];
        for (int k = 1; k < rho.length; k++) {
            rho[k] = sigmas[2 * k - 1];
            if (2 * k < m && sigmas[2 * k] != rho[k]) {
                throw SkipCaseException.unsupported(Checks.format(
                        "HeunDiscreteScheduler sigmas must repeat each inner level, got sigmas[%d]=%s and sigmas[%d]=%s",
                        2 * k - 1, rho[k], 2 * k, sigmas[2 * k]));
            }
        }
        return rho;
    }
}
