package io.samplerkit.solvers.multistep;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.support.Churn;
import io.samplerkit.solvers.support.EdmGridRun;
import io.samplerkit.solvers.support.ModelHistory;

/**
 * Linear multistep (Adams–Bashforth type) sampler on the probability-flow ODE in EDM coordinates
 * {@code dx~/drho = d(x~, rho) = (x~ - x0hat)/rho}, {@code x~ = x/alpha}, {@code rho = sigma/alpha}
 * (Karras et al. 2022, arXiv:2206.00364, §3 and Table 1; k-diffusion {@code sample_lms}, diffusers
 * {@code LMSDiscreteScheduler}). With the derivatives {@code d_{i-j}} at the last {@code q} grid points,
 * {@code q = min(i + 1, order)}:
 * <pre>
 *   x~_{i+1} = x~_i + sum_{j &lt; q} c_j d_{i-j},
 *   c_j = integral over [rho_i, rho_{i+1}] of prod_{m != j, m &lt; q} (tau - rho_{i-m})/(rho_{i-j} - rho_{i-m}) d tau,
 * </pre>
 * the exact integral of the Lagrange interpolant of {@code d} in {@code rho} (Hairer, Nørsett and Wanner,
 * "Solving Ordinary Differential Equations I", §III.1). The integrand is a polynomial of degree at most
 * 3, so the two-point Gauss–Legendre rule (exact up to degree 3) gives {@link #coefficients exact}
 * coefficients; the references use adaptive {@code scipy.integrate.quad} with {@code epsrel = 1e-4}
 * instead, which agrees to ~1e-15 here.
 *
 * <p>Order {@code order} on grids on which {@code x~} is smooth in {@code rho} (e.g. Karras grids stopping
 * at {@code sigma_min > 0}); the lower-order warm-up steps make the asymptotic order at most 2, which is
 * only visible when the first steps carry most of the error. The step into a zero-noise end point uses
 * the same formula (the polynomial is extrapolated to {@code rho = 0}), as in k-diffusion. One model
 * call per step; deterministic. The history of {@code d} lives in a {@link ModelHistory}.
 * Immutable and thread-safe.
 *
 * @param order number of history points, 1 to 4 (1 is Euler); k-diffusion's default is 4
 */
public record LinearMultistep(int order) implements Solver {

    /** Registry name. */
    public static final String NAME = "lms";

    /** Largest supported order (the Gauss–Legendre rule below is exact up to degree 3). */
    public static final int MAX_ORDER = 4;

    /** Half-width of the two Gauss–Legendre nodes on [-1, 1]: {@code 1/sqrt(3)}. */
    private static final double GAUSS_NODE = 1.0 / Math.sqrt(3.0);

    /** Validates. */
    public LinearMultistep {
        Checks.requireInRange(order, 1, MAX_ORDER, "order");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(SamplingProblem problem) {
        // any grid with at least one step works: the order ramps up from 1 during the warm-up steps
    }

    /**
     * The LMS weights for one step: {@code out[j] = integral_{from}^{to} l_j(tau) d tau}, {@code l_j}
     * the Lagrange basis polynomial of node {@code nodes[j]} among {@code nodes[0..q-1]}. Exact for
     * {@code q <= 4} (two-point Gauss–Legendre). Allocation-free.
     *
     * @param nodes distinct interpolation nodes ({@code rho_i, rho_{i-1}, ...}), at least {@code q}
     * @param q number of nodes used, 1 to 4
     * @param from start of the integral ({@code rho_i})
     * @param to end of the integral ({@code rho_{i+1}})
     * @param out weights, at least {@code q} entries. Modified.
     */
    public static void coefficients(double[] nodes, int q, double from, double to, double[] out) {
        Checks.requireInRange(q, 1, MAX_ORDER, "q");
        double mid = 0.5 * (from + to);
        double half = 0.5 * (to - from);
        double left = mid - half * GAUSS_NODE;
        double right = mid + half * GAUSS_NODE;
        for (int j = 0; j < q; j++) {
            out[j] = half * (basis(nodes, q, j, left) + basis(nodes, q, j, right));
        }
    }

    private static double basis(double[] nodes, int q, int j, double tau) {
        double p = 1.0;
        for (int m = 0; m < q; m++) {
            if (m != j) {
                p *= (tau - nodes[m]) / (nodes[j] - nodes[m]);
            }
        }
        return p;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context, order);
    }

    private static final class Run extends EdmGridRun {
        private final ModelHistory history;
        private final double[] nodes;
        private final double[] weights;
        private final double[] lincombCoefficients;
        private final BatchView[] terms;

        Run(SolverContext context, int order) {
            super(context, Churn.NONE);
            history = new ModelHistory(order, context.batchSize(), context.dim());
            nodes = new double[order];
            weights = new double[order];
            lincombCoefficients = new double[order + 1];
            terms = new BatchView[order + 1];
        }

        @Override
        protected void stepTilde(int i, double rhoFrom, double rhoTo, Batch y) {
            derivative(rhoFrom, y, history.slot());
            history.push(grid.t(i), grid.alpha(i), grid.sigma(i), grid.lambda(i));
            int q = history.size();
            for (int j = 0; j < q; j++) {
                nodes[j] = grid.rho(i - j);
            }
            coefficients(nodes, q, rhoFrom, rhoTo, weights);
            lincombCoefficients[0] = 1.0;
            terms[0] = y;
            for (int j = 0; j < q; j++) {
                lincombCoefficients[j + 1] = weights[j];
                terms[j + 1] = history.output(j);
            }
            Kernels.lincomb(y, q + 1, lincombCoefficients, terms);
        }
    }
}
