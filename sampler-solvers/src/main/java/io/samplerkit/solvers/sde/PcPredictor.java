package io.samplerkit.solvers.sde;

/**
 * The predictors of Song et al.'s predictor–corrector sampler (arXiv:2011.13456, section 4.2 and appendix F/G;
 * score_sde's {@code ReverseDiffusionPredictor}, {@code AncestralSamplingPredictor},
 * {@code EulerMaruyamaPredictor}). Each step from {@code s} to {@code t < s} reads
 * <pre>
 *   x_mean = A x + B score(x, s),   x = x_mean + C z,
 * </pre>
 * with {@code a = alpha_s/alpha_t}, {@code q^2 = sigma_s^2 - a^2 sigma_t^2} the forward kernel
 * {@code x_s | x_t ~ N(a x_t, q^2)} (VP: {@code a^2 = 1 - beta_i}, {@code q^2 = beta_i}; VE: {@code a = 1},
 * {@code q^2 = sigma_s^2 - sigma_t^2}).
 */
public enum PcPredictor {
    /**
     * The reverse of the forward discretization (Song et al. eq. 46-47): {@code A = 2 - a}, {@code B = q^2},
     * {@code C = q}.
     */
    REVERSE_DIFFUSION,
    /**
     * Ancestral sampling (Song et al. eq. 47 for VE, Ho et al. eq. 11 for VP): {@code A = 1/a}, {@code B = q^2/a},
     * {@code C = sigma_t q / sigma_s}, the posterior standard deviation (score_sde's VP predictor draws
     * {@code sqrt(beta_i) = q} instead; that variance is {@code ddpm} with {@code variance=fixed-large}).
     */
    ANCESTRAL,
    /**
     * Euler–Maruyama on Anderson's reverse SDE: {@code A = 1 + f(s)(t - s)}, {@code B = g(s)^2 (s - t)},
     * {@code C = g(s) sqrt(s - t)}.
     */
    EULER_MARUYAMA
}
