package io.samplerkit.core.schedule;

import io.samplerkit.core.Checks;

/**
 * The DDPM beta constructions of the reference code bases, reproduced to round-off (numpy
 * float64 arithmetic). Feed the result to {@link VpDiscreteSchedule#fromBetas(double[])}.
 *
 * <p>{@code linspace(a, b, n)} here is numpy's: {@code a + i*step} with {@code step = (b-a)/(n-1)},
 * the last element set to {@code b}. (diffusers builds its float64 betas with
 * {@code torch.linspace}, which differs in the last bit for some elements.)
 */
public enum BetaSchedule {

    /** {@code beta_i = linspace(betaStart, betaEnd, n)} (Ho et al. 2020, arXiv:2006.11239, section 4: 1e-4 .. 0.02). */
    LINEAR {
        @Override
        public double[] betas(int n, double betaStart, double betaEnd) {
            check(n, betaStart, betaEnd);
            return Linspace.numpy(betaStart, betaEnd, n);
        }
    },

    /**
     * {@code beta_i = linspace(sqrt(betaStart), sqrt(betaEnd), n)^2} (Stable Diffusion, 8.5e-4 .. 0.012;
     * Rombach et al. 2022, arXiv:2112.10752).
     */
    SCALED_LINEAR {
        @Override
        public double[] betas(int n, double betaStart, double betaEnd) {
            check(n, betaStart, betaEnd);
            double[] r = Linspace.numpy(Math.sqrt(betaStart), Math.sqrt(betaEnd), n);
            for (int i = 0; i < n; i++) {
                r[i] = r[i] * r[i];
            }
            return r;
        }
    },

    /**
     * iDDPM cosine (Nichol and Dhariwal 2021, arXiv:2102.09672, eq. 17):
     * {@code beta_i = min(1 - f((i+1)/n) / f(i/n), 0.999)}, {@code f(t) = cos((t + 0.008)/1.008 * pi/2)^2}.
     * {@code betaStart} and {@code betaEnd} are ignored.
     */
    SQUAREDCOS_CAP_V2 {
        @Override
        public double[] betas(int n, double betaStart, double betaEnd) {
            Checks.requireInRange(n, 2, Integer.MAX_VALUE, "n");
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = Math.min(1 - cosineBar((i + 1) / (double) n) / cosineBar(i / (double) n), 0.999);
            }
            return r;
        }
    };

    /**
     * The betas of this construction.
     *
     * @param n number of training steps, at least 2
     * @param betaStart first beta, in (0, 1) (ignored by {@link #SQUAREDCOS_CAP_V2})
     * @param betaEnd last beta, in [betaStart, 1) (ignored by {@link #SQUAREDCOS_CAP_V2})
     * @return a new array of {@code n} betas
     */
    public abstract double[] betas(int n, double betaStart, double betaEnd);

    /**
     * {@code alphabar_n = prod_{k<=n} (1 - beta_k)}, multiplied in order as diffusers does.
     *
     * @param betas betas
     * @return a new array of cumulative products
     */
    public static double[] alphasCumprod(double[] betas) {
        Checks.requireAllFinite(betas, "betas");
        double[] r = new double[betas.length];
        double p = 1.0;
        for (int i = 0; i < betas.length; i++) {
            p *= 1 - betas[i];
            r[i] = p;
        }
        return r;
    }

    private static double cosineBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    private static void check(int n, double betaStart, double betaEnd) {
        Checks.requireInRange(n, 2, Integer.MAX_VALUE, "n");
        Checks.requireInOpenRange(betaStart, 0.0, 1.0, "betaStart");
        if (!(betaEnd >= betaStart && betaEnd < 1)) {
            throw new IllegalArgumentException(Checks.format(
                    "betaEnd must be in [betaStart=%s, 1), got %s", betaStart, betaEnd));
        }
    }
}
