package io.samplerkit.solvers.exponential;

/**
 * The third-order term of the multistep SDE-DPM-Solver(++): {@code c (w_3 + offset) D2} with
 * {@code w_3 = H phi_3(-H)} (data side) and {@code D2} the second divided difference of
 * {@link MultistepWeights}.
 *
 * <p>With {@code H = (1 + eta) h}, the exact weight of the quadratic term of the data prediction is
 * {@code w_3 = 1/2 + (1 - e^{-H} - H)/H^2 = H/6 + O(H^2)} (Lu et al. 2022, arXiv:2211.01095, the SDE
 * counterpart of their eq. (4.3) expanded to second order in lambda). diffusers' {@code sde-dpmsolver++} with
 * {@code solver_order=3} uses {@code (1 - e^{-H} - H)/H^2 - 1/2}, i.e. {@code w_3 - 1}: an {@code O(1)} weight
 * on a term of size {@code O(h^2)}, a local error {@code O(h^2)} and global weak order 1. That defect is
 * reproduced only under the name {@link #DIFFUSERS}.
 */
public enum SdeThirdOrder {

    /** D2 weight 1 with the exact {@code w_3} (k-diffusion's {@code sample_dpmpp_3m_sde}): weak order 2. */
    REFERENCE(1.0, 0.0),

    /** D2 weight 2 with the exact {@code w_3}: the consistent third-order expansion. */
    CORRECTED(2.0, 0.0),

    /** diffusers' {@code sde-dpmsolver++} order 3: D2 weight 1 and {@code w_3 - 1} (sign error): weak order 1. */
    DIFFUSERS(1.0, -1.0);

    private final double d2Weight;
    private final double w3Offset;

    SdeThirdOrder(double d2Weight, double w3Offset) {
        this.d2Weight = d2Weight;
        this.w3Offset = w3Offset;
    }

    /** @return the factor {@code c} of {@code D2} */
    public double d2Weight() {
        return d2Weight;
    }

    /** @return the amount added to {@code w_3} (0 except for the diffusers variant) */
    public double w3Offset() {
        return w3Offset;
    }

    /**
     * @param third the ODE variant
     * @return the SDE variant with the same D2 weight
     */
    public static SdeThirdOrder of(ThirdOrder third) {
        return third == ThirdOrder.CORRECTED ? CORRECTED : REFERENCE;
    }
}
