package io.samplerkit.solvers.sde;

/**
 * The variance of DDPM's ancestral step (Ho et al. 2020, arXiv:2006.11239, section 3.2: "sigma_t^2 = beta_t"
 * and "sigma_t^2 = beta~_t"; Nichol and Dhariwal 2021, arXiv:2102.09672, eq. 15 for the learned one;
 * diffusers' {@code variance_type}).
 */
public enum DdpmVariance {
    /** The posterior variance {@code beta~ = sigma_t^2 q^2 / sigma_s^2} (diffusers {@code fixed_small}). */
    FIXED_SMALL,
    /** The forward step's variance {@code beta = q^2} (diffusers {@code fixed_large}). */
    FIXED_LARGE,
    /**
     * Per element {@code log v = frac log beta + (1 - frac) log beta~}, {@code frac = (c + 1)/2} with {@code c}
     * the model's variance channel (improved DDPM's interpolation; diffusers {@code learned_range}).
     */
    LEARNED_RANGE,
    /** Per element {@code v = c}, the model's variance channel itself (diffusers {@code learned}). */
    LEARNED;

    /** @return whether the model must output a variance channel */
    public boolean learned() {
        return this == LEARNED_RANGE || this == LEARNED;
    }
}
