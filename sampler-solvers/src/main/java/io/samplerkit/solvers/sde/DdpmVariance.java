package io.samplerkit.solvers.sde;

/**
 * The variance of DDPM's ancestral step (Ho et al. 2020, arXiv:2006.11239, section 3.2: "sigma_t^2 = beta_t"
 * and "sigma_t^2 = beta~_t"; diffusers' {@code variance_type}).
 */
public enum DdpmVariance {
    /** The posterior variance {@code beta~ = sigma_t^2 q^2 / sigma_s^2} (diffusers {@code fixed_small}). */
    FIXED_SMALL,
    /** The forward step's variance {@code beta = q^2} (diffusers {@code fixed_large}). */
    FIXED_LARGE
}
