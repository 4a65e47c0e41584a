package io.samplerkit.solvers.sde;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.PhiFunctions;
import java.util.Arrays;

/**
 * The weights of SA-Solver's stochastic Adams steps (Xue et al. 2023, "SA-Solver: Stochastic Adams Solver for
 * Fast Sampling of Diffusion Models", arXiv:2309.05019, §4: the SA-Predictor and SA-Corrector in data
 * prediction, whose coefficients are exponentially weighted integrals of the Lagrange basis), in a form without
 * cancellation.
 *
 * <p>With {@code k = 1 + tau^2}, {@code h = lambda_t - lambda_s} and the Lagrange basis {@code l_i} through
 * the nodes {@code lambda_i}, the data-prediction step needs
 * <pre>
 *   w_i = k int_{lambda_s}^{lambda_t} e^{-k (lambda_t - lambda)} l_i(lambda) dlambda
 *       = H int_0^1 e^{-H (1 - u)} l_i(u) du                   u = (lambda - lambda_s)/h,  H = k h
 *       = sum_m a_{i,m} m! psi_{m+1}(H)                        l_i(u) = sum_m a_{i,m} u^m
 * </pre>
 * because {@code int_0^1 e^{-H(1-u)} u^m du = m! phi_{m+1}(-H)} and {@code psi_{m+1}(H) = H phi_{m+1}(-H)}
 * ({@link PhiFunctions}). The paper (and diffusers' {@code get_coefficients_exponential_positive}) writes the
 * same integrals in absolute {@code lambda} as {@code e^{k lambda_t}} times polynomials in {@code lambda_t,
 * lambda_s}; those cancel badly for small {@code h} and overflow for large {@code lambda}, while the scaled
 * nodes {@code u_i = (lambda_i - lambda_s)/h} and the phi-functions keep every term of size {@code O(1)}. The
 * two forms are compared in the tests.
 *
 * <p><b>diffusers' second order.</b> With two nodes, diffusers' {@code SASolverScheduler} adds a term it calls
 * {@code O(h^3)} to both weights (the "modification similar to UniPC" in its predictor and corrector). Worked
 * out, that term replaces the first moment {@code psi_2(H)} by {@code H/2}: the predictor becomes
 * {@code psi_1(H) D_s + (H/(2r)) (D_s - D_prev)} and the corrector {@code psi_1(H) D_s + (H/2) (D_t - D_s)}.
 * {@code psi_2(H) = H/2 - H^2/6 + ...}, so the change is {@code O(h^2)} on a difference of size {@code O(h)}.
 *
 * <p><b>Noise prediction</b> (diffusers' {@code get_coefficients_exponential_negative}): the step integrates
 * {@code e^{-lambda} eps} without {@code tau} in the weight, so the weights are
 * {@code h int_0^1 e^{h(1-u)} l_i(u) du = sum_m a_{i,m} m! chi_{m+1}(h)}, {@code chi_k(h) = h phi_k(h)}.
 *
 * <p>Not thread-safe: the buffers are per run; nothing is allocated per call.
 */
final class SaSolverWeights {

    /** Most nodes: the paper's orders 1 to 4. */
    static final int MAX_NODES = PhiFunctions.MAX_ORDER;

    private static final double[] FACTORIAL = {1, 1, 2, 6};

    private final double[][] monomial = new double[MAX_NODES][MAX_NODES];
    private final double[] moments = new double[MAX_NODES];
    private final double[] poly = new double[MAX_NODES];

    /**
     * Computes {@code out[i] = w_i} for the nodes {@code u_0 .. u_{n-1}} (scaled as above).
     *
     * @param nodes scaled nodes {@code (lambda_i - lambda_s)/h}, pairwise distinct. Not modified.
     * @param n number of nodes, 1 to {@link #MAX_NODES}
     * @param side {@link ModelSide#DATA} for the weights above; {@link ModelSide#NOISE} for the noise-prediction
     *     weights {@code int_0^1 h e^{h (1 - u)} l_i(u) du = sum_m a_{i,m} m! chi_{m+1}(h)}
     * @param bigH {@code H = (1 + tau^2) h >= 0} (data; may be {@code +inf} when {@code n = 1}) or {@code h} (noise)
     * @param diffusersSecondOrder whether two nodes use diffusers' {@code H/2} first moment (data side only)
     * @param out destination, length at least {@code n}. Modified.
     */
    void weights(double[] nodes, int n, ModelSide side, double bigH, boolean diffusersSecondOrder, double[] out) {
        Checks.requireInRange(n, 1, MAX_NODES, "n");
        for (int m = 0; m < n; m++) {
            moments[m] = FACTORIAL[m] * side.weight(m + 1, bigH);
        }
        if (n == 2 && diffusersSecondOrder && side == ModelSide.DATA) {
            moments[1] = bigH / 2;
        }
        lagrangeMonomials(nodes, n);
        for (int i = 0; i < n; i++) {
            double w = 0;
            for (int m = 0; m < n; m++) {
                w += monomial[i][m] * moments[m];
            }
            out[i] = w;
        }
    }

    /** Fills {@code monomial[i][m]}, the coefficient of {@code u^m} in the Lagrange basis polynomial {@code l_i}. */
    private void lagrangeMonomials(double[] nodes, int n) {
        for (int i = 0; i < n; i++) {
            Arrays.fill(poly, 0.0);
            poly[0] = 1;
            int degree = 0;
            double denominator = 1;
            for (int k = 0; k < n; k++) {
                if (k == i) {
                    continue;
                }
                double diff = nodes[i] - nodes[k];
                if (!(diff != 0)) {
                    throw new IllegalArgumentException(Checks.format(
                            "nodes must be distinct, got nodes[%d]=nodes[%d]=%s", i, k, nodes[i]));
                }
                denominator *= diff;
                // multiply poly by (u - nodes[k])
                for (int m = degree + 1; m >= 1; m--) {
                    poly[m] = poly[m - 1] - nodes[k] * poly[m];
                }
                poly[0] = -nodes[k] * poly[0];
                degree++;
            }
            for (int m = 0; m < n; m++) {
                monomial[i][m] = poly[m] / denominator;
            }
        }
    }
}
