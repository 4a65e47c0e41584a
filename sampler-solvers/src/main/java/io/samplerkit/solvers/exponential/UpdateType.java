package io.samplerkit.solvers.exponential;

/**
 * How DPM-Solver's second-order (and singlestep third-order) updates use the difference of model
 * outputs (Lu et al. 2022, arXiv:2206.00927, Algorithms 1-2 and appendix B; docs/math.md §6.3-6.5). Both
 * are of the same order; they differ in the error constant.
 */
public enum UpdateType {

    /**
     * The midpoint form: the first difference enters with the first-order weight,
     * {@code C w_1 (1/(2 r)) (m_1 - m_0)}. The official code's {@code solver_type="dpmsolver"},
     * diffusers' {@code "midpoint"}, k-diffusion's {@code dpmpp_2m}.
     */
    MIDPOINT,

    /**
     * The Taylor form: the difference approximates {@code h m'} and enters with {@code w_2},
     * {@code C w_2 (1/r)(m_1 - m_0)}. The official {@code solver_type="taylor"}, diffusers' and
     * k-diffusion's {@code "heun"}.
     */
    TAYLOR
}
