package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.internal.LagrangeWeights;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepExponentialRun;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;
import java.util.function.DoubleUnaryOperator;

/**
 * The official DEIS Adams–Bashforth samplers tAB-DEIS and rhoAB-DEIS (Zhang and Chen 2022, "Fast
 * Sampling of Diffusion Models with Exponential Integrator", arXiv:2204.13902, eq. 14 and 15). With
 * {@code rho = sigma/alpha}, the exact solution {@code x_t = alpha_t (x_s/alpha_s + int_{rho_s}^{rho_t}
 * epshat drho)} is approximated by interpolating the last {@code q + 1} noise predictions with a
 * Lagrange polynomial of degree {@code q = min(i, degree)} in a variable {@code u}:
 * <pre>
 *   x_{i+1} = (alpha_{i+1}/alpha_i) x_i + sum_{j=0}^{q} C_ij epshat_{i-j},
 *   TIME (tAB):  C_ij = alpha_{i+1} int_{t_i}^{t_{i+1}} l_j(tau) rho'(tau) dtau,   rho' = g^2/(2 alpha sigma),
 *   RHO (rhoAB): C_ij = alpha_{i+1} int_{rho_i}^{rho_{i+1}} l_j(rho) drho,
 * </pre>
 * {@code l_j} the Lagrange basis on the nodes {@code u_i, u_{i-1}, ..., u_{i-q}}. For a VP schedule
 * {@code alpha_{i+1} rho'(tau) = (alpha_{i+1}/alpha_tau) (-d log alpha/dtau)/sigma_tau}, the official
 * integrand {@code psi(t_{i+1}, tau) w(tau)}.
 *
 * <p>Coefficients are computed once, when the run starts. rhoAB integrates a polynomial: Gauss–Legendre
 * with {@code q + 1} points is exact. tAB integrates a polynomial times the smooth weight
 * {@code rho'}: adaptive composite 20-point Gauss–Legendre to 1e-15 relative (exact on the polynomial
 * part). The official code instead uses a left Riemann sum with 10 000 points, accurate to about 1e-4,
 * which caps the attainable accuracy (docs/math.md §8.1, §12 caveat 6); results therefore differ from it at
 * that level.
 *
 * <p>Order {@code degree + 1} (on a smooth grid; the warm-up steps are lower order, the official
 * behaviour); one model call per step, none after the last; deterministic. The official "order" r is
 * the polynomial degree, not the number of points (diffusers' {@code solver_order}). The grid must not
 * end at zero noise. Immutable and thread-safe.
 *
 * @param variable interpolation variable
 * @param degree polynomial degree r, 0 to 3 (official default 3)
 * @param start how the warm-up is done ({@link MultistepStart}; the official code's is {@code REFERENCE})
 */
public record DeisAdamsBashforth(DeisVariable variable, int degree, MultistepStart start) implements Solver {

    /** Registry name of tAB-DEIS. */
    public static final String NAME_T = "deis-tab";
    /** Registry name of rhoAB-DEIS. */
    public static final String NAME_RHO = "deis-rhoab";

    /** Validates. */
    public DeisAdamsBashforth {
        Checks.requireNonNull(variable, "variable");
        Checks.requireInRange(degree, 0, 3, "degree");
        Checks.requireNonNull(start, "start");
    }

    /**
     * With the reference start (the official code's).
     *
     * @param variable interpolation variable
     * @param degree polynomial degree r, 0 to 3
     */
    public DeisAdamsBashforth(DeisVariable variable, int degree) {
        this(variable, degree, MultistepStart.REFERENCE);
    }

    @Override
    public String name() {
        return variable == DeisVariable.TIME ? NAME_T : NAME_RHO;
    }

    @Override
    public int order() {
        return degree + 1;
    }

    @Override
    public void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, name(), "its coefficients need the end point's time and rho");
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends MultistepExponentialRun {
        /** {@code coefficients[i][0]} = alpha ratio, {@code [i][1 + j]} = C_ij. */
        private final double[][] coefficients;
        private final BatchView[] terms;
        private final NoiseSchedule schedule;
        private final DoubleUnaryOperator density;
        private final double[] nodes;
        private final double[] weights;

        Run(SolverContext context) {
            super(context, ModelSide.NOISE, MultistepOrderRule.warmUpOnly(degree + 1).withStart(start), null);
            int steps = grid.steps();
            schedule = context.schedule();
            density = variable == DeisVariable.TIME
                    ? tau -> schedule.g2(tau) / (2 * schedule.alpha(tau) * schedule.sigma(tau)) : null;
            nodes = new double[degree + 1];
            weights = new double[degree + 1];
            coefficients = new double[steps][];
            for (int i = 0; i < steps; i++) {
                int q = Math.min(i, degree);
                for (int j = 0; j <= q; j++) {
                    nodes[j] = variable == DeisVariable.TIME ? grid.t(i - j) : grid.rho(i - j);
                }
                coefficients[i] = row(i, q + 1);
            }
            terms = new BatchView[degree + 2];
        }

        /** Coefficients of step {@code i} for the first {@code count} entries of {@code nodes}. */
        private double[] row(int i, int count) {
            if (variable == DeisVariable.TIME) {
                LagrangeWeights.integrate(nodes, count, grid.t(i), grid.t(i + 1), density, weights);
            } else {
                LagrangeWeights.integrate(nodes, count, grid.rho(i), grid.rho(i + 1), null, weights);
            }
            double alphaT = grid.alpha(i + 1);
            double[] r = new double[count + 1];
            r[0] = alphaT / grid.alpha(i);
            for (int j = 0; j < count; j++) {
                r[j + 1] = alphaT * weights[j];
            }
            return r;
        }

        @Override
        protected void predict(int i, int p, BatchView x, Batch out) {
            if (coefficients[i].length != p + 1) {
                // a history filled before the run (exact-history starts in order tests): nodes from it
                for (int j = 0; j < p; j++) {
                    nodes[j] = variable == DeisVariable.TIME ? history.t(j) : history.sigma(j) / history.alpha(j);
                }
                coefficients[i] = row(i, p);
            }
            double[] row = coefficients[i];
            terms[0] = x;
            for (int j = 0; j < p; j++) {
                terms[j + 1] = history.output(j);
            }
            Kernels.lincomb(out, p + 1, row, terms);
        }
    }
}
