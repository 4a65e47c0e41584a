package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepCorrector;
import io.samplerkit.solvers.internal.MultistepExponentialRun;
import io.samplerkit.solvers.internal.FinalSteps;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;

/**
 * Multistep DEIS in log-rho, the variant of diffusers' {@code DEISMultistepScheduler}
 * ({@code algorithm_type="deis"}, {@code solver_type="logrho"}); Zhang and Chen 2022, "Fast Sampling of
 * Diffusion Models with Exponential Integrator", arXiv:2204.13902, eq. 14 with the polynomial taken in
 * {@code log rho}. In {@code v = x/alpha} and {@code rho = sigma/alpha} the probability-flow ODE is
 * {@code dv/drho = epshat}; the last {@code p} noise predictions are interpolated by a Lagrange
 * polynomial in {@code L = log rho} (= {@code -lambda}) and integrated exactly in {@code rho}:
 * <pre>
 *   x_t = alpha_t (x_s0/alpha_s0 + sum_{j&lt;p} c_j m_j),   c_j = int_{rho_s0}^{rho_t} l_j(log rho) drho,
 * </pre>
 * with nodes {@code log rho_{s0}, log rho_{s1}, ...}. The antiderivatives (docs/math.md §8.2) are
 * <pre>
 *   p = 2:  I(tau; b, c)    = tau (log tau - log c - 1) / (log b - log c)
 *   p = 3:  I(tau; b, c, d) = tau [L^2 - 2L + 2 - (lc + ld)(L - 1) + lc ld] / ((lb - lc)(lb - ld)),  L = log tau
 * </pre>
 * and {@code c_j = I(rho_t; nodes rotated so that node j comes first) - I(rho_s0; same)}. {@code p = 1}
 * is DDIM. DEIS-2 equals DPM-Solver-2M (noise, taylor) and DEIS-3 equals UniP-3 (noise) and the
 * corrected third-order multistep DPM-Solver (docs/math.md §13).
 *
 * <p>Order {@code order} (number of interpolation points, diffusers' {@code solver_order}); one model
 * call per step (none after the last step); deterministic. Warm-up: step {@code k} uses
 * {@code min(order, k)} points. {@code lowerOrderFinal}: with fewer than 15 steps the last step is first
 * order and the one before at most second (diffusers). The model is converted to {@code epshat}
 * exactly, whatever it predicts. The grid must not end at zero noise ({@code log rho} would be
 * {@code -inf}; diffusers ends DEIS at the smallest training sigma). Immutable and thread-safe.
 *
 * @param name the name the solver reports (its registry name, e.g. {@code deis-unic})
 * @param order number of points, 1 to 3
 * @param lowerOrderFinal diffusers' {@code lower_order_final}
 * @param start placement of the warm-up steps ({@link MultistepStart})
 * @param finalSteps final-step policy ({@link FinalSteps#REFERENCE}: as {@code lowerOrderFinal} says)
 * @param corrector optional corrector applied after each step (e.g. UniC), or {@code null}
 */
public record DeisMultistep(String name, int order, boolean lowerOrderFinal, MultistepStart start,
        FinalSteps finalSteps, MultistepCorrector corrector) implements Solver {

    /** Registry name. */
    public static final String NAME = "deis";

    /** Validates. */
    public DeisMultistep {
        Checks.requireNonNull(name, "name");
        Checks.requireInRange(order, 1, 3, "order");
        Checks.requireNonNull(start, "start");
        Checks.requireNonNull(finalSteps, "finalSteps");
    }

    /**
     * With the reference final-step policy.
     *
     * @param name the name the solver reports
     * @param order number of points, 1 to 3
     * @param lowerOrderFinal diffusers' {@code lower_order_final}
     * @param start placement of the warm-up steps
     * @param corrector corrector, or null
     */
    public DeisMultistep(String name, int order, boolean lowerOrderFinal, MultistepStart start,
            MultistepCorrector corrector) {
        this(name, order, lowerOrderFinal, start, FinalSteps.REFERENCE, corrector);
    }

    /**
     * With the reference start.
     *
     * @param name the name the solver reports
     * @param order number of points, 1 to 3
     * @param lowerOrderFinal diffusers' {@code lower_order_final}
     * @param corrector corrector, or null
     */
    public DeisMultistep(String name, int order, boolean lowerOrderFinal, MultistepCorrector corrector) {
        this(name, order, lowerOrderFinal, MultistepStart.REFERENCE, corrector);
    }

    /**
     * Named {@value #NAME}, or {@code deis+<corrector>} with a corrector.
     *
     * @param order number of points, 1 to 3
     * @param lowerOrderFinal diffusers' {@code lower_order_final}
     * @param corrector corrector, or null
     */
    public DeisMultistep(int order, boolean lowerOrderFinal, MultistepCorrector corrector) {
        this(corrector == null ? NAME : NAME + "+" + corrector.name(), order, lowerOrderFinal, corrector);
    }

    /**
     * Without corrector.
     *
     * @param order number of points, 1 to 3
     * @param lowerOrderFinal diffusers' {@code lower_order_final}
     */
    public DeisMultistep(int order, boolean lowerOrderFinal) {
        this(NAME, order, lowerOrderFinal, null);
    }


    @Override
    public int order() {
        return order + (corrector == null ? 0 : corrector.orderGain());
    }

    @Override
    public void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, name(), "log rho of the last point must be finite");
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context, finalSteps.apply(new MultistepOrderRule(order, lowerOrderFinal,
                MultistepOrderRule.DIFFUSERS_BELOW, false, start)), corrector);
    }

    /**
     * diffusers' second-order antiderivative, from the logarithms of its arguments (a step takes the logarithm of each
     * of its three rho values once, not once per term; the same bits as taking them in place).
     *
     * @param tau rho
     * @param logTau {@code log(tau)}
     * @param logB {@code log} of the node whose basis polynomial is integrated
     * @param logC {@code log} of the other node
     * @return {@code I(tau; b, c)}
     */
    static double antiderivative2(double tau, double logTau, double logB, double logC) {
        return tau * (logTau - logC - 1) / (logB - logC);
    }

    /**
     * diffusers' third-order antiderivative, from the logarithms of its arguments (as {@link #antiderivative2}).
     *
     * @param tau rho
     * @param logTau {@code log(tau)}
     * @param logB {@code log} of the node whose basis polynomial is integrated
     * @param logC {@code log} of the second node
     * @param logD {@code log} of the third node
     * @return {@code I(tau; b, c, d)}
     */
    static double antiderivative3(double tau, double logTau, double logB, double logC, double logD) {
        double l = logTau;
        double numerator = tau * (logC * (logD - l + 1) - logD * l + logD + l * l - 2 * l + 2);
        return numerator / ((logB - logC) * (logB - logD));
    }

    private static final class Run extends MultistepExponentialRun {

        Run(SolverContext context, MultistepOrderRule rule, MultistepCorrector corrector) {
            super(context, ModelSide.NOISE, rule, corrector);
        }

        @Override
        protected void predict(int i, int p, BatchView x, Batch out) {
            predictFromCoefficients(i, p, x, out);
        }

        /** The update as {@code (alpha_t/alpha_s) x + sum_j c_j m_j} (with a fused UniC corrector, the steps are fused). */
        @Override
        protected int predictorCoefficients(int i, int p, double[] out) {
            ModelHistory m = history;
            double alphaT = grid.alpha(i + 1);
            double alphaS = m.alpha(0);
            double rhoT = grid.rho(i + 1);
            double rho0 = m.sigma(0) / m.alpha(0);
            out[0] = alphaT / alphaS;
            if (p == 1) {
                double h = grid.lambda(i + 1) - m.lambda(0);
                out[1] = -grid.sigma(i + 1) * Math.expm1(h);
                return 1;
            }
            double rho1 = m.sigma(1) / m.alpha(1);
            double lT = Math.log(rhoT);
            double l0 = Math.log(rho0);
            double l1 = Math.log(rho1);
            if (p == 2) {
                out[1] = alphaT * (antiderivative2(rhoT, lT, l0, l1) - antiderivative2(rho0, l0, l0, l1));
                out[2] = alphaT * (antiderivative2(rhoT, lT, l1, l0) - antiderivative2(rho0, l0, l1, l0));
                return 2;
            }
            double l2 = Math.log(m.sigma(2) / m.alpha(2));
            out[1] = alphaT * (antiderivative3(rhoT, lT, l0, l1, l2) - antiderivative3(rho0, l0, l0, l1, l2));
            out[2] = alphaT * (antiderivative3(rhoT, lT, l1, l2, l0) - antiderivative3(rho0, l0, l1, l2, l0));
            out[3] = alphaT * (antiderivative3(rhoT, lT, l2, l0, l1) - antiderivative3(rho0, l0, l2, l0, l1));
            return 3;
        }
    }
}
