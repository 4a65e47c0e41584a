package io.samplerkit.solvers.sde;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepCorrector;
import io.samplerkit.solvers.internal.MultistepExponentialRun;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;

/**
 * SA-Solver, the stochastic Adams predictor–corrector of Xue et al. 2023 ("SA-Solver: Stochastic Adams Solver
 * for Fast Sampling of Diffusion Models", arXiv:2309.05019, §4), as diffusers' {@code SASolverScheduler} computes
 * it, in data prediction (its default {@code algorithm_type="data_prediction"}, described here) or noise prediction
 * ({@code x_t = (alpha_t/alpha_s) x_s - (1 + tau^2) sigma_t sum_i w_i eps_i + tau sigma_t sqrt(e^{2h} - 1) z} with
 * the weights of {@link SaSolverWeights}; no step to zero noise).
 *
 * <p><b>The SDE.</b> The reverse-SDE family {@code dx = [f x - ((1 + tau^2)/2) g^2 score] dt + tau g dw} (the
 * paper's §3; {@code tau = 1} is Anderson's reverse SDE, {@code tau = 0} the probability-flow ODE). Over a step
 * from {@code s} to {@code t} with {@code h = lambda_t - lambda_s} and constant {@code tau}, its solution in the
 * data prediction {@code D} is
 * <pre>
 *   x_t = (sigma_t/sigma_s) e^{-tau^2 h} x_s + alpha_t (1 + tau^2) int_{lambda_s}^{lambda_t} e^{-(1+tau^2)(lambda_t - lambda)} D dlambda
 *         + sigma_t sqrt(1 - e^{-2 tau^2 h}) z
 * </pre>
 * <b>Predictor</b> (stochastic Adams–Bashforth, order {@code p}): {@code D} is replaced by its Lagrange
 * interpolant through the outputs at {@code lambda_s, lambda_{s-1}, ..., } ({@code p} nodes).
 * <b>Corrector</b> (stochastic Adams–Moulton, order {@code c}): after the model is evaluated at the predicted
 * point, the same step from {@code x_s} is taken again with the interpolant through {@code lambda_t, lambda_s,
 * ...} ({@code c} nodes) and the <em>same</em> normal {@code z}; the model output at {@code t} is kept (not
 * re-evaluated at the corrected point), so the corrector costs no model call. The integral weights are
 * {@link SaSolverWeights}; diffusers' two-node variant is {@link SaSecondOrder#DIFFUSERS}.
 *
 * <p><b>tau(t).</b> {@code tau} on the window {@code tauTMin <= s <= tauTMax} of the step's start time
 * {@code s}, 0 outside (diffusers' {@code tau_func}, whose default is 1 on train timesteps 200..800; ours is
 * 1 everywhere). {@code tau = 0} everywhere gives a deterministic multistep exponential ODE solver.
 *
 * <p><b>Orders per step</b> (diffusers' warm-up and {@code lower_order_final}, which acts at every step
 * count): step {@code k} (0-based, from point {@code k} to {@code k + 1} of {@code N}) predicts with order
 * {@code min(p, k + 1, N - k)} and corrects point {@code k + 1} with order {@code min(c, k + 2, N - k + 1)};
 * without {@code lowerOrderFinal} the {@code N - k} terms drop. A step to zero noise is first order and
 * returns {@code alpha_t D} (the limit of the formula). The last step is never corrected. The first-order
 * predictor is SDE-DPM-Solver++-1 with k-diffusion's {@code eta = tau^2}.
 *
 * <p>NFE = number of steps. Stochastic when {@code tau > 0}. Immutable and thread-safe. Orders measured in
 * docs/solvers/sde.md.
 *
 * @param predictorOrder predictor order {@code p}, 1 to 4
 * @param correctorOrder corrector order {@code c}, 1 to 4, or 0 for no corrector
 * @param tau noise level {@code tau >= 0} inside the window
 * @param tauTMin first schedule time of the window
 * @param tauTMax last schedule time of the window, at least {@code tauTMin}
 * @param lowerOrderFinal whether the last steps lower their orders (diffusers' default: true)
 * @param secondOrder two-node weights
 * @param start placement of the warm-up steps ({@link MultistepStart}; diffusers: the reference start); only
 *     the reference start when {@code tau > 0}: {@link MultistepStart#REFINED} with noise made the distance at
 *     20 steps 5.9 times larger (orders 3/3, SD-like discrete schedule; 53 times at 10 steps), as for the SDE
 *     DPM-Solvers (docs/solvers/sde.md, "Starts of the SDE multistep solvers")
 * @param algorithm data (default) or noise prediction
 */
public record SaSolver(int predictorOrder, int correctorOrder, double tau, double tauTMin, double tauTMax,
        boolean lowerOrderFinal, SaSecondOrder secondOrder, MultistepStart start, SaAlgorithm algorithm)
        implements Solver {

    /** Registry name. */
    public static final String NAME = "sa-solver";

    /** Validates. */
    public SaSolver {
        Checks.requireInRange(predictorOrder, 1, SaSolverWeights.MAX_NODES, "predictorOrder");
        Checks.requireInRange(correctorOrder, 0, SaSolverWeights.MAX_NODES, "correctorOrder");
        Checks.requireNonNegative(tau, "tau");
        Checks.requireNonNull(secondOrder, "secondOrder");
        Checks.requireNonNull(start, "start");
        Checks.requireNonNull(algorithm, "algorithm");
        if (!(tauTMax >= tauTMin)) {
            throw new InvalidInputException("options.tau-t-max", tauTMax, "at least tau-t-min = " + tauTMin);
        }
        if (tau > 0 && start != MultistepStart.REFERENCE) {
            throw new InvalidInputException("options.start", Option.enumText(start),
                    "reference when tau > 0 (the singlestep start's stages are probability-flow steps; divided "
                            + "differences over the refined warm-up's short intervals amplify the injected noise)");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The order of the deterministic method ({@code tau = 0}): {@code min(c, p + 1)} with a corrector, {@code p}
     * without, at most 2 with {@code lowerOrderFinal} (its last step is first order at every step count, see
     * {@link MultistepOrderRule#achievedOrder}). With noise the measured weak order is at most 2
     * (docs/solvers/sde.md), so a stochastic configuration reports {@code min(order, 2)}.
     *
     * @return the order
     */
    @Override
    public int order() {
        int formula = correctorOrder > 0 ? Math.min(correctorOrder, predictorOrder + 1) : predictorOrder;
        int achieved = rule().achievedOrder(formula);
        return stochastic() ? Math.min(achieved, 2) : achieved;
    }

    @Override
    public boolean stochastic() {
        return tau > 0;
    }

    /**
     * Rejects a zero-noise end for the noise-prediction form (its weights diverge there).
     *
     * @param problem the problem
     */
    @Override
    public void validate(SamplingProblem problem) {
        if (!algorithm.side().reachesZeroNoise()) {
            GridChecks.requireNoiseAtEnd(problem, NAME + " algorithm-type=noise-prediction",
                    "its weights diverge at zero noise; use data-prediction");
        }
    }

    private MultistepOrderRule rule() {
        return new MultistepOrderRule(predictorOrder, lowerOrderFinal, Integer.MAX_VALUE, false, start);
    }

    /**
     * @param s start time of a step
     * @return {@code tau(s)}
     */
    double tauAt(double s) {
        return s >= tauTMin && s <= tauTMax ? tau : 0.0;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return Run.create(this, context);
    }

    /** The per-step coefficients both halves share, and the step noise they both use. */
    private static final class Step {
        private final SaSolverWeights weights = new SaSolverWeights();
        private final double[] nodes = new double[SaSolverWeights.MAX_NODES];
        private final double[] w = new double[SaSolverWeights.MAX_NODES];
        private final double[] coefficients = new double[SaSolverWeights.MAX_NODES + 2];
        private final BatchView[] terms = new BatchView[SaSolverWeights.MAX_NODES + 2];
        private final Batch z;
        /** The run's grid (set once the run exists; the corrector reads it at its first step). */
        private Timesteps grid;

        Step(SolverContext context) {
            z = context.newBatch();
        }
    }

    private static final class Run extends MultistepExponentialRun {
        private final SaSolver solver;
        private final Step step;

        private Run(SaSolver solver, SolverContext context, Step step, Corrector corrector) {
            super(context, solver.algorithm.side(), solver.rule(), corrector);
            this.solver = solver;
            this.step = step;
            step.grid = grid;
        }

        static Run create(SaSolver solver, SolverContext context) {
            Step step = new Step(context);
            Corrector corrector = solver.correctorOrder > 0 ? new Corrector(solver, step) : null;
            return new Run(solver, context, step, corrector);
        }

        @Override
        protected void predict(int i, int order, BatchView x, Batch out) {
            Timesteps g = grid;
            ModelHistory m = history;
            double lambdaS = g.lambda(i);
            double h = g.lambda(i + 1) - lambdaS;
            for (int j = 0; j < order; j++) {
                step.nodes[j] = (m.lambda(j) - lambdaS) / h;
            }
            combine(solver, context, g, i, order, x, m, out, step, true);
        }
    }

    /**
     * Writes {@code out = A x_s + alpha_t sum_j w_j D_j + N z} for step {@code i} with the {@code n} scaled nodes
     * in {@code step.nodes} and the outputs at history ages {@code 0 .. n - 1}; the predictor draws {@code z},
     * the corrector reuses it.
     */
    private static void combine(SaSolver solver, SolverContext context, Timesteps g, int i, int n, BatchView xs,
            ModelHistory m, Batch out, Step step, boolean drawNoise) {
        double alphaT = g.alpha(i + 1);
        double[] c = step.coefficients;
        BatchView[] terms = step.terms;
        terms[0] = xs;
        int count = 1;
        double noiseStd = 0;
        if (g.isZeroNoise(i + 1)) {
            c[0] = 0.0;
            c[1] = alphaT;
            terms[1] = m.output(0);
            count = 2;
        } else {
            double tau = solver.tauAt(g.t(i));
            double tau2 = tau * tau;
            double h = g.lambda(i + 1) - g.lambda(i);
            double sigmaT = g.sigma(i + 1);
            ModelSide side = solver.algorithm.side();
            boolean data = side == ModelSide.DATA;
            step.weights.weights(step.nodes, n, side, data ? (1 + tau2) * h : h,
                    solver.secondOrder == SaSecondOrder.DIFFUSERS, step.w);
            c[0] = data ? sigmaT / g.sigma(i) * Math.exp(-tau2 * h) : alphaT / g.alpha(i);
            double scale = data ? alphaT : -(1 + tau2) * sigmaT;
            for (int j = 0; j < n; j++) {
                c[count] = scale * step.w[j];
                terms[count++] = m.output(j);
            }
            if (tau2 == 0) {
                noiseStd = 0.0;
            } else {
                noiseStd = data ? sigmaT * Math.sqrt(-Math.expm1(-2 * tau2 * h)) : tau * sigmaT * Math.sqrt(Math.expm1(2 * h));
            }
            if (noiseStd > 0) {
                if (drawNoise) {
                    context.stepNormal(i, g.t(i), g.t(i + 1), step.z);
                }
                c[count] = noiseStd;
                terms[count++] = step.z;
            }
        }
        Kernels.lincomb(out, count, c, terms);
    }

    /** The SA-Corrector; shares the step's noise with the predictor. */
    private static final class Corrector implements MultistepCorrector {
        private final SaSolver solver;
        private final Step step;

        Corrector(SaSolver solver, Step step) {
            this.solver = solver;
            this.step = step;
        }

        @Override
        public String name() {
            return "sa-corrector";
        }

        /** @return {@code true}: the corrector combines the history with the fused kernels only */
        @Override
        public boolean readsThroughKernels() {
            return true;
        }

        @Override
        public int historyNeeded(int order) {
            return solver.correctorOrder;
        }

        @Override
        public MultistepCorrector.Run start(SolverContext context, ModelSide side, int maxOrder) {
            return (i, order, previous, history, out) -> {
                Timesteps g = step.grid;
                int steps = g.steps();
                if (g.isZeroLength(i)) {
                    return false;
                }
                int c = Math.min(solver.correctorOrder, history.size());
                if (solver.lowerOrderFinal) {
                    c = Math.min(c, steps - i + 1);
                }
                double lambdaS = g.lambda(i);
                double h = g.lambda(i + 1) - lambdaS;
                for (int j = 0; j < c; j++) {
                    step.nodes[j] = (history.lambda(j) - lambdaS) / h;
                }
                combine(solver, context, g, i, c, previous, history, out, step, false);
                return true;
            };
        }
    }
}
