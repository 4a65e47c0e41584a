package io.samplerkit.solvers.multistep;

/**
 * What the PNDM family combines with its fixed Adams–Bashforth and pseudo Runge–Kutta weights
 * (Liu et al. 2022, arXiv:2202.09778, eqs. 12–13) before the DDIM transfer moves the state.
 *
 * <p>The weights of every combination sum to one (AB2 {@code (3-1)/2}, AB3 {@code (23-16+5)/12}, AB4
 * {@code (55-59+37-9)/24}, the RK {@code (1+2+2+1)/6}, the improved-Euler {@code (1+1)/2}, and the single
 * outputs the RK stages transfer with), so an affine change of parameterization commutes with the
 * combination only when it is taken at one common point; the two constants below differ in which points
 * they use.
 */
public enum PndmCombination {

    /**
     * The paper's method: combine the noise predictions {@code e_j = epshat(x_j, t_j)}, each exact at the
     * point where it was evaluated, and transfer with the combination. Independent of the model's
     * parameterization.
     */
    NOISE,

    /**
     * Compatibility with diffusers' {@code PNDMScheduler(prediction_type="v_prediction")}: combine the
     * velocities {@code v_j = alpha_j eps_j - sigma_j x0_j} (Salimans and Ho 2022, arXiv:2202.00512,
     * appendix D) obtained at the points {@code (x_j, t_j)} where they were evaluated, and convert the
     * combination {@code v' = sum_j w_j v_j} to a noise prediction with the START point {@code (x, t)} of
     * the transfer:
     * <pre>
     *   e' = (sigma_t x + alpha_t v') / (alpha_t^2 + sigma_t^2)          (PredictionConversion)
     *   VP:  e' = alpha_t v' + sigma_t x = sigma_t x + sum_j w_j (alpha_t/alpha_j) (e_j - sigma_j x_j)
     * </pre>
     * For a velocity model {@code v_j} is the raw model output, so this reproduces diffusers, which
     * combines raw outputs and converts once in {@code _get_prev_sample}. For any model it is a valid but
     * different method from {@link #NOISE} (the two agree on the first RK stage, where the start point is
     * the evaluation point). Same model calls, deterministic.
     */
    DIFFUSERS_RAW_VELOCITY
}
