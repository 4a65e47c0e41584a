package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import java.util.function.DoubleUnaryOperator;

/**
 * Integrals of Lagrange basis polynomials: the coefficients of Adams–Bashforth-type methods with
 * variable steps (DEIS, Zhang and Chen 2022, arXiv:2204.13902, eq. 14; LMS).
 *
 * <p>For nodes {@code u_0, ..., u_{q}} (distinct) and the basis
 * {@code l_j(u) = prod_{k != j} (u - u_k)/(u_j - u_k)}, {@link #integrate} returns
 * <pre>
 *   c_j = int_a^b l_j(u) w(u) du,   j = 0..q,
 * </pre>
 * exactly (Gauss–Legendre with {@code q + 1} points, exact for degree {@code 2q + 1}) when the
 * density {@code w} is absent, and by adaptive composite Gauss–Legendre to about 1e-15 relative
 * otherwise. Thread-safe: stateless.
 */
public final class LagrangeWeights {

    /** Relative tolerance of the adaptive quadrature for weighted integrals. */
    private static final double REL_TOL = 1e-15;

    private LagrangeWeights() {
    }

    /**
     * Value of the Lagrange basis polynomial {@code l_j} at {@code u}.
     *
     * @param nodes the nodes; only the first {@code count} are used
     * @param count number of nodes, at least 1
     * @param j basis index in {@code [0, count)}
     * @param u abscissa
     * @return {@code l_j(u)}
     */
    public static double basis(double[] nodes, int count, int j, double u) {
        double v = 1;
        for (int k = 0; k < count; k++) {
            if (k != j) {
                v *= (u - nodes[k]) / (nodes[j] - nodes[k]);
            }
        }
        return v;
    }

    /**
     * Computes {@code out[j] = int_a^b l_j(u) w(u) du} for {@code j < count}.
     *
     * @param nodes interpolation nodes, pairwise distinct; the first {@code count} are used. Not modified.
     * @param count number of nodes, in [1, nodes.length]
     * @param a lower limit
     * @param b upper limit
     * @param density the weight {@code w(u)}, or {@code null} for {@code w = 1} (exact integration)
     * @param out destination, length at least {@code count}. Modified.
     */
    public static void integrate(double[] nodes, int count, double a, double b, DoubleUnaryOperator density,
            double[] out) {
        Checks.requireInRange(count, 1, nodes.length, "count");
        for (int j = 0; j < count; j++) {
            for (int k = 0; k < j; k++) {
                if (!(nodes[j] != nodes[k])) {
                    throw new IllegalArgumentException(Checks.format(
                            "nodes must be distinct, got nodes[%d]=nodes[%d]=%s", k, j, nodes[j]));
                }
            }
        }
        for (int j = 0; j < count; j++) {
            final int jj = j;
            if (density == null) {
                out[j] = GaussLegendre.of(count).integrate(u -> basis(nodes, count, jj, u), a, b);
            } else {
                out[j] = GaussLegendre.integrateAdaptive(u -> basis(nodes, count, jj, u) * density.applyAsDouble(u),
                        a, b, REL_TOL);
            }
        }
    }
}
