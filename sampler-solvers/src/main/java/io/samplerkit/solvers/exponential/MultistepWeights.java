package io.samplerkit.solvers.exponential;

/**
 * The multistep DPM-Solver combination {@code sum_k w_k E_k} (docs/math.md §6.5) expanded into one
 * coefficient per stored model output, so a step is a single fused kernel pass. Shared by the ODE
 * ({@link DpmSolverMultistep}) and SDE ({@link DpmSolverPlusPlusSde}) multistep solvers, which differ
 * only in the weights {@code w_k} they pass.
 * <pre>
 *   order 1:  w_1 m0
 *   order 2:  w_1 m0 + k D,   D = (m0 - m1)/r0,  k = w_1/2 (midpoint) or w_2 (taylor)
 *   order 3:  w_1 m0 + w_2 D1 + c w_3 D2,  D1_0 = (m0 - m1)/r0,  D1_1 = (m1 - m2)/r1,
 *             D1 = D1_0 + r0/(r0 + r1) (D1_0 - D1_1),  D2 = (D1_0 - D1_1)/(r0 + r1)
 * </pre>
 */
final class MultistepWeights {

    private MultistepWeights() {
    }

    /**
     * Coefficients of {@code m0, m1, m2}.
     *
     * @param order 1 to 3
     * @param type second-order form (orders 2)
     * @param d2Weight {@code c}: 1 reference-compatible, 2 corrected (order 3)
     * @param w1 first weight
     * @param w2 second weight
     * @param w3 third weight
     * @param r0 {@code h_0/h}
     * @param r1 {@code h_1/h}
     * @param out {@code out[j]} = coefficient of {@code m_j}, {@code j < order}. Modified.
     */
    static void coefficients(int order, UpdateType type, double d2Weight, double w1, double w2, double w3, double r0,
            double r1, double[] out) {
        if (order == 1) {
            out[0] = w1;
            return;
        }
        if (order == 2) {
            double k = (type == UpdateType.MIDPOINT ? 0.5 * w1 : w2) / r0;
            out[0] = w1 + k;
            out[1] = -k;
            return;
        }
        double c3 = d2Weight * w3;
        double q = r0 / (r0 + r1);
        // w2 D1 + c w3 D2 = e0 (m0 - m1) + e1 (m1 - m2)
        double e0 = (w2 * (1 + q) + c3 / (r0 + r1)) / r0;
        double e1 = -(w2 * q + c3 / (r0 + r1)) / r1;
        out[0] = w1 + e0;
        out[1] = e1 - e0;
        out[2] = -e1;
    }
}
