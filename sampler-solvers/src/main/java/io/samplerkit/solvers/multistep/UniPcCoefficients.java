package io.samplerkit.solvers.multistep;

import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.SmallLinearSystem;

/**
 * Per-run workspace computing the UniP-p and UniC-p weights of one step (docs/math.md §7), with every array
 * allocated once. Written with the side's weights {@code w_k = chi_k(h)} (noise) or {@code psi_k(h)}
 * (data) of {@link ModelSide} so that one formula serves both sides:
 * <pre>
 *   x_t = A x + C [ w_1 m0 + sum_{j &lt; p} W_j D_j  (+ W_t (m_t - m0) in the corrector) ],   D_j = (m_j - m0)/r_j
 *   r_j = (lambda_{s_j} - lambda_{s0})/h &lt; 0,  r_p = 1,   R[i][j] = r_{j+1}^i,   b_i = i! w_{i+1} / B,
 *   B = h (bh1) or w_1 (bh2)   (the official B(h) times the sign of hh, so that B &gt; 0)
 *   UniP-p: W = B rho, rho = solve(R[:p-1,:p-1], b[:p-1]), except rho = [1/2] for p = 2
 *   UniC-p: (W, W_t) = B rho^c, rho^c = solve(R, b), except rho^c = [1/2] for p = 1
 * </pre>
 * The official variant {@code vary_coeff} uses {@code C[i][k] = r_i^k/(k+1)!} instead:
 * UniP {@code W_j = sum_{k<p-1} w_{k+2} inv(C[:p-1,:p-1])[k][j]}, UniC the same sum with {@code inv(C)},
 * and {@code W_t = w_{p+1} inv(C)[max(p-2,0)][p-1]} (see {@link UniPcVariant#VARY_COEFF_REFERENCE}).
 *
 * <p>Not thread-safe; owned by one run.
 */
final class UniPcCoefficients {

    /** Highest UniPC order. */
    static final int MAX_ORDER = 3;

    private final UniPcVariant variant;
    private final ModelSide side;
    /** {@code w[k] = side.weight(k, h)}, k = 1 .. p + 1. */
    private final double[] w = new double[MAX_ORDER + 2];
    /** {@code r[j]}, j = 1 .. p ({@code r[p] = 1}). */
    private final double[] r = new double[MAX_ORDER + 1];
    /** {@code weight[j]} = W_j of D_j, j = 1 .. p - 1. */
    private final double[] weight = new double[MAX_ORDER];
    private final double[][] matrix = new double[MAX_ORDER][MAX_ORDER];
    private final double[] rhs = new double[MAX_ORDER];
    private double weightT;
    private double h;
    private int order;

    UniPcCoefficients(UniPcVariant variant, ModelSide side) {
        this.variant = variant;
        this.side = side;
    }

    /**
     * Starts a step of order {@code p} with log-SNR step {@code h}; set the ratios next.
     *
     * @param p order, 1 to 3
     * @param step {@code lambda_t - lambda_s0} ({@code +inf} allowed for {@code p = 1} on the data side)
     */
    void begin(int p, double step) {
        order = p;
        h = step;
        side.weights(p + 1, step, w, 1);
        r[p] = 1.0;
    }

    /**
     * @param j 1 to {@code p - 1}
     * @param ratio {@code (lambda_{s_j} - lambda_{s0})/h}
     */
    void ratio(int j, double ratio) {
        r[j] = ratio;
    }

    /** @return {@code w_1}: the weight of {@code m0} in the first-order base step */
    double w1() {
        return w[1];
    }

    /**
     * @param j 1 to {@code p - 1}
     * @return the ratio {@code r_j}
     */
    double r(int j) {
        return r[j];
    }

    /**
     * @param j 1 to {@code p - 1}
     * @return {@code W_j} computed by the last {@link #predictor()} or {@link #corrector()}
     */
    double weight(int j) {
        return weight[j - 1];
    }

    /** @return {@code W_t} computed by the last {@link #corrector()} */
    double weightT() {
        return weightT;
    }

    /** Computes the UniP-p weights {@code W_1 .. W_{p-1}}. */
    void predictor() {
        int p = order;
        if (p == 1) {
            return;
        }
        if (variant == UniPcVariant.VARY_COEFF_REFERENCE) {
            varyCoefficients(p - 1, false);
            return;
        }
        double bh = bh();
        if (p == 2) {
            weight[0] = 0.5 * bh;
            return;
        }
        solveOrderConditions(p - 1);
        for (int j = 0; j < p - 1; j++) {
            weight[j] = bh * rhs[j];
        }
    }

    /** Computes the UniC-p weights {@code W_1 .. W_{p-1}} and {@code W_t}. */
    void corrector() {
        int p = order;
        if (variant == UniPcVariant.VARY_COEFF_REFERENCE) {
            varyCoefficients(p, true);
            return;
        }
        double bh = bh();
        if (p == 1) {
            weightT = 0.5 * bh;
            return;
        }
        solveOrderConditions(p);
        for (int j = 0; j < p - 1; j++) {
            weight[j] = bh * rhs[j];
        }
        weightT = bh * rhs[p - 1];
    }

    private double bh() {
        return variant == UniPcVariant.BH1 ? h : w[1];
    }

    /** rho = solve(R[:n,:n], b[:n]) into rhs[0..n-1]. */
    private void solveOrderConditions(int n) {
        double factorial = 1;
        for (int i = 0; i < n; i++) {
            factorial *= i + 1;
            for (int j = 0; j < n; j++) {
                matrix[i][j] = power(r[j + 1], i);
            }
            rhs[i] = factorial * w[i + 2] / bh();
        }
        SmallLinearSystem.solveInPlace(n, matrix, rhs);
    }

    /**
     * The official vary_coeff weights on the leading {@code n x n} block of {@code C[i][k] = r_i^k/(k+1)!}:
     * {@code W_j = sum_{k<p-1} w_{k+2} inv(C)[k][j]} = (inv(C)^T u)_j with {@code u_k = w_{k+2}} for
     * {@code k < p - 1} (and 0 beyond), i.e. a solve with {@code C^T}; for the corrector also
     * {@code W_t = w_{p+1} inv(C)[max(p-2, 0)][p-1]} = {@code w_{p+1}} times the {@code max(p-2,0)}-th
     * entry of {@code solve(C, e_{p-1})}.
     */
    private void varyCoefficients(int n, boolean corrector) {
        int p = order;
        // W = solve(C^T, u)
        fillVaryMatrix(n, true);
        for (int k = 0; k < n; k++) {
            rhs[k] = k < p - 1 ? w[k + 2] : 0.0;
        }
        SmallLinearSystem.solveInPlace(n, matrix, rhs);
        for (int j = 0; j < p - 1; j++) {
            weight[j] = rhs[j];
        }
        if (corrector) {
            fillVaryMatrix(n, false);
            for (int k = 0; k < n; k++) {
                rhs[k] = k == n - 1 ? 1.0 : 0.0;
            }
            SmallLinearSystem.solveInPlace(n, matrix, rhs);
            weightT = w[p + 1] * rhs[Math.max(p - 2, 0)];
        }
    }

    /**
     * {@code base^exponent} for the exponents of the order conditions (0 to {@code MAX_ORDER - 1}) by multiplication
     * ({@code 1 * base} is {@code base}): {@code Math.pow} returns {@code 1} and {@code base} for 0 and 1 by its
     * contract and {@code base * base} for 2 (checked on seeded samples by {@code UniPcCoefficientsTest}), at a
     * fraction of its cost.
     */
    static double power(double base, int exponent) {
        double p = 1;
        for (int k = 0; k < exponent; k++) {
            p *= base;
        }
        return p;
    }

    private void fillVaryMatrix(int n, boolean transposed) {
        for (int i = 0; i < n; i++) {
            double factorial = 1;
            for (int k = 0; k < n; k++) {
                factorial *= k + 1;
                double c = power(r[i + 1], k) / factorial;
                if (transposed) {
                    matrix[k][i] = c;
                } else {
                    matrix[i][k] = c;
                }
            }
        }
    }
}
