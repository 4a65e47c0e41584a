package io.samplerkit.solvers.exponential;

/**
 * The weight of the second divided difference {@code D2} in the third-order multistep update
 * {@code x_t = A x + C (w_1 m_0 + w_2 D1 + c w_3 D2)} (docs/math.md §6.5).
 *
 * <p>For a model output quadratic in lambda the multistep {@code D2 = (D1_0 - D1_1)/(r0 + r1)} equals
 * {@code h^2 m''/2}, while the exponential-integrator series needs {@code h^2 m''} in the {@code w_3}
 * slot. The official DPM-Solver code, diffusers and k-diffusion ({@code dpmpp_3m_sde}) all use
 * {@code c = 1}: local error {@code O(h^3)}, global order 2. {@code c = 2} restores order 3 and then
 * coincides with UniP-3 and with diffusers' DEIS-3.
 */
public enum ThirdOrder {

    /** {@code c = 1}, as the published implementations compute it: only second order. */
    REFERENCE(1.0),

    /** {@code c = 2}: the true third-order multistep exponential integrator. */
    CORRECTED(2.0);

    private final double d2Weight;

    ThirdOrder(double d2Weight) {
        this.d2Weight = d2Weight;
    }

    /** @return the factor {@code c} multiplying {@code w_3 D2} */
    public double d2Weight() {
        return d2Weight;
    }
}
