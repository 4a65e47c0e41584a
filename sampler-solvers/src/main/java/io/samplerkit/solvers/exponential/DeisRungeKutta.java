package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.internal.GridChecks;

/**
 * rhoRK-DEIS (Zhang and Chen 2022, "Fast Sampling of Diffusion Models with Exponential Integrator",
 * arXiv:2204.13902, section 4, eq. 17): an explicit Runge–Kutta method applied to the probability-flow
 * ODE written in the scaled state {@code v = x/alpha} against {@code rho = sigma/alpha},
 * <pre>
 *   dv/drho = epshat(alpha(tau) v, tau),   tau = tau(rho)  (the time with sigma/alpha = rho),
 * </pre>
 * which is exact for every schedule (the semi-linear part disappears in these variables). With a
 * tableau {@code (c, a, b)} and {@code drho = rho_{i+1} - rho_i}:
 * <pre>
 *   k_s = epshat(alpha_s (v_i + drho sum_{j&lt;s} a_sj k_j), tau(rho_i + c_s drho)),
 *   x_{i+1} = alpha_{i+1} (x_i/alpha_i + drho sum_s b_s k_s).
 * </pre>
 * Order: that of the tableau (1 to 4); model calls per step: its number of stages. Deterministic.
 * Stage times come from {@link NoiseSchedule#timeOfLambda} at {@code lambda = -log rho}; stages at
 * {@code c = 0} and {@code c = 1} use the grid points themselves. The grid must not end at zero noise
 * (the last stage would evaluate the model there). Immutable and thread-safe.
 *
 * @param method the tableau (official default {@link DeisRkMethod#KUTTA3})
 */
public record DeisRungeKutta(DeisRkMethod method) implements Solver {

    /** Registry name. */
    public static final String NAME = "deis-rhork";

    /** Validates. */
    public DeisRungeKutta {
        Checks.requireNonNull(method, "method");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return method.tableau().order();
    }

    @Override
    public void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, NAME, "its last stage evaluates the model at the end point");
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context, method.tableau());
    }

    private static final class Run extends GridSolverRun {
        private final ButcherTableau tableau;
        private final Batch[] k;
        private final Batch stage;
        private final double[] coefficients;
        private final BatchView[] terms;

        Run(SolverContext context, ButcherTableau tableau) {
            super(context);
            this.tableau = tableau;
            int stages = tableau.stages();
            k = new Batch[stages];
            for (int s = 0; s < stages; s++) {
                k[s] = context.newBatch();
            }
            stage = context.newBatch();
            coefficients = new double[stages + 1];
            terms = new BatchView[stages + 1];
            System.arraycopy(k, 0, terms, 1, stages);
        }

        @Override
        protected void advance(int i, Batch x) {
            NoiseSchedule schedule = context.schedule();
            double alphaS = grid.alpha(i);
            double rhoS = grid.rho(i);
            double drho = grid.rho(i + 1) - rhoS;
            terms[0] = x;
            for (int s = 0; s < tableau.stages(); s++) {
                double c = tableau.c(s);
                double time;
                double alpha;
                if (c == 0) {
                    time = grid.t(i);
                    alpha = alphaS;
                } else if (c == 1) {
                    time = grid.t(i + 1);
                    alpha = grid.alpha(i + 1);
                } else {
                    time = schedule.timeOfLambda(-Math.log(rhoS + c * drho));
                    alpha = schedule.alpha(time);
                }
                BatchView input = x;
                if (s > 0) {
                    // x_s = (alpha_s/alpha_i) x + alpha_s drho sum_j a_sj k_j
                    coefficients[0] = alpha / alphaS;
                    for (int j = 0; j < s; j++) {
                        coefficients[j + 1] = alpha * drho * tableau.a(s, j);
                    }
                    Kernels.lincomb(stage, s + 1, coefficients, terms);
                    input = stage;
                }
                context.noise(input, time, k[s]);
            }
            double alphaT = grid.alpha(i + 1);
            coefficients[0] = alphaT / alphaS;
            for (int s = 0; s < tableau.stages(); s++) {
                coefficients[s + 1] = alphaT * drho * tableau.b(s);
            }
            Kernels.lincomb(x, tableau.stages() + 1, coefficients, terms);
        }
    }
}
