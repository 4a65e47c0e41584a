package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Coefficients of the constant-step Adams–Bashforth methods of orders 1 to 4 (Hairer, Nørsett and
 * Wanner, "Solving Ordinary Differential Equations I", §III.1, Table 1.1), newest value first:
 * <pre>
 *   order 1:  f_0
 *   order 2: (3 f_0 -  f_1) / 2
 *   order 3: (23 f_0 - 16 f_1 +  5 f_2) / 12
 *   order 4: (55 f_0 - 59 f_1 + 37 f_2 - 9 f_3) / 24
 * </pre>
 * PLMS (Liu et al. 2022, "Pseudo Numerical Methods for Diffusion Models on Manifolds",
 * arXiv:2202.09778, eq. 12) and iPNDM (Zhang and Chen 2022, arXiv:2204.13902) apply them to past noise
 * predictions and feed the result to the DDIM transfer. The coefficients assume equal steps in the integrated variable; on other
 * grids the combination is only first-order consistent beyond that.
 *
 * <p>Thread-safe: stateless.
 */
public final class AdamsBashforth {

    /** Highest order provided. */
    public static final int MAX_ORDER = 4;

    private static final double[][] COEFFICIENTS = {
        {1.0},
        {3.0 / 2.0, -1.0 / 2.0},
        {23.0 / 12.0, -16.0 / 12.0, 5.0 / 12.0},
        {55.0 / 24.0, -59.0 / 24.0, 37.0 / 24.0, -9.0 / 24.0},
    };

    private AdamsBashforth() {
    }

    /**
     * @param order method order, 1 to {@link #MAX_ORDER}
     * @param j age of the value, 0 = newest, up to {@code order - 1}
     * @return the coefficient of {@code f_j}
     */
    public static double coefficient(int order, int j) {
        Checks.requireInRange(order, 1, MAX_ORDER, "order");
        Checks.requireInRange(j, 0, order - 1, "j");
        return COEFFICIENTS[order - 1][j];
    }

    /**
     * {@code out = sum_j c_j history.output(j)} with the order-{@code order} coefficients.
     *
     * @param out destination. Modified; must not alias the history's outputs.
     * @param order method order, 1 to {@code min(MAX_ORDER, history.size())}
     * @param history past values, entry 0 newest. Not modified.
     */
    public static void combine(Batch out, int order, ModelHistory history) {
        Checks.requireInRange(order, 1, Math.min(MAX_ORDER, history.size()), "order");
        double[] c = COEFFICIENTS[order - 1];
        BatchView f0 = history.output(0);
        switch (order) {
            case 1:
                Kernels.scale(out, c[0], f0);
                break;
            case 2:
                Kernels.lincomb2(out, c[0], f0, c[1], history.output(1));
                break;
            case 3:
                Kernels.lincomb3(out, c[0], f0, c[1], history.output(1), c[2], history.output(2));
                break;
            default:
                Kernels.lincomb4(out, c[0], f0, c[1], history.output(1), c[2], history.output(2), c[3],
                        history.output(3));
                break;
        }
    }
    /**
     * The transfer of an Adams–Bashforth combination as one kernel,
     * {@code out = a x + b sum_j c_j history.output(j) = a x + sum_j (b c_j) history.output(j)}: reads {@code x}
     * and the {@code order} entries once and writes {@code out}, where {@link #combine} followed by the transfer
     * writes the combination and reads it back. The products {@code b c_j} are rounded once, so the result can
     * differ from the two-kernel form in the last bits.
     *
     * @param out destination. Modified; may alias {@code x}, must not alias the history's outputs.
     * @param a coefficient of {@code x}
     * @param x state. Not modified unless aliased.
     * @param b coefficient of the combination
     * @param order method order, 1 to {@code min(MAX_ORDER, history.size())}
     * @param history past values, entry 0 newest. Not modified.
     */
    public static void transfer(Batch out, double a, BatchView x, double b, int order, ModelHistory history) {
        Checks.requireInRange(order, 1, Math.min(MAX_ORDER, history.size()), "order");
        double[] c = COEFFICIENTS[order - 1];
        BatchView f0 = history.output(0);
        switch (order) {
            case 1:
                Kernels.lincomb2(out, a, x, b * c[0], f0);
                break;
            case 2:
                Kernels.lincomb3(out, a, x, b * c[0], f0, b * c[1], history.output(1));
                break;
            case 3:
                Kernels.lincomb4(out, a, x, b * c[0], f0, b * c[1], history.output(1), b * c[2], history.output(2));
                break;
            default:
                Kernels.lincomb5(out, a, x, b * c[0], f0, b * c[1], history.output(1), b * c[2], history.output(2),
                        b * c[3], history.output(3));
                break;
        }
    }
}
