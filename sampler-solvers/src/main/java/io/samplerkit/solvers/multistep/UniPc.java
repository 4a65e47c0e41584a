package io.samplerkit.solvers.multistep;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepExponentialRun;
import io.samplerkit.solvers.internal.FinalSteps;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;
import java.util.Set;

/**
 * UniPC (Zhao, Bai, Rao, Zhou and Lu 2023, "UniPC: A Unified Predictor-Corrector Framework for Fast
 * Sampling of Diffusion Models", arXiv:2302.04867, Algorithms 1–3; official {@code uni_pc.py}
 * {@code multistep_uni_pc_bh_update}, diffusers {@code UniPCMultistepScheduler}; docs/math.md §7).
 * Step {@code i} maps {@code s0 = t_{i-1}} to {@code t = t_i} with the stored outputs {@code m0} (at
 * {@code s0}) and {@code m_j} (at {@code t_{i-1-j}}), {@code h = lambda_t - lambda_{s0}} and
 * {@code A, C, w_k} of {@link ModelSide}:
 * <pre>
 *   UniP-p:  x~_t = A x_{i-1} + C [ w_1 m0 + B(h) sum_{j &lt; p} rho_j D_j ],     D_j = (m_j - m0)/r_j
 *   m_t = model(x~_t, t)                                      (kept as the history value at t_i)
 *   UniC-p:  x_t = A x_{i-1} + C [ w_1 m0 + B(h) (sum_{j &lt; p} rho^c_j D_j + rho^c_p (m_t - m0)) ]
 * </pre>
 * with {@code r_j = (lambda_{t_{i-1-j}} - lambda_{s0})/h} and the coefficients of the order
 * conditions {@code R rho = b}, {@code R[k][j] = r_j^k}, {@code b_k = k! w_{k+1}/B(h)},
 * {@code B(h) = h} (bh1) or {@code e^h - 1} resp. {@code 1 - e^{-h}} (bh2) — see
 * {@link UniPcCoefficients} for the special cases (UniP-2 and UniC-1 use {@code rho = 1/2}) and the
 * official {@code vary_coeff} variant.
 *
 * <p>Warm-up: step {@code k} uses order {@code min(order, k)}; with {@code lowerOrderFinal} also at most
 * the number of remaining steps (UniPC applies this for every step count); a step to zero noise is first
 * order ({@code x_t = x0hat}, data side only). The corrector ({@link UniC}) runs after every step but the
 * last and except the steps in {@code disabledCorrectorSteps}. diffusers applies the same corrector at
 * the start of its next {@code step()} call, with the same model value and the previous predictor's
 * order, which is this computation in another order.
 *
 * <p>Global order {@code order + 1} (UniP-p with UniC-p) on any grid once warm-up and
 * {@code lowerOrderFinal} are out of the way (docs/math.md §12 caveats); the vary_coeff variant is first order
 * for {@code order >= 2} (see {@link UniPcVariant#VARY_COEFF_REFERENCE}). Model calls: one per step
 * (NFE = steps). Deterministic. Immutable and thread-safe.
 *
 * @param variant {@code B(h)} choice or the official vary_coeff
 * @param side data prediction (the official {@code algorithm_type='data_prediction'}, diffusers
 *     {@code predict_x0=True}) or noise prediction
 * @param order predictor order p, 1 to 3 (the corrector is UniC-p)
 * @param lowerOrderFinal whether the last steps use at most the number of remaining steps as order
 * @param disabledCorrectorSteps 0-based steps whose result is not corrected
 * @param start placement of the warm-up steps ({@link MultistepStart})
 * @param finalSteps final-step policy ({@link FinalSteps#REFERENCE}: as {@code lowerOrderFinal} says)
 */
public record UniPc(UniPcVariant variant, ModelSide side, int order, boolean lowerOrderFinal,
        Set<Integer> disabledCorrectorSteps, MultistepStart start, FinalSteps finalSteps) implements Solver {

    /** Validates and copies. */
    public UniPc {
        Checks.requireNonNull(variant, "variant");
        Checks.requireNonNull(side, "side");
        Checks.requireInRange(order, 1, UniPcCoefficients.MAX_ORDER, "order");
        Checks.requireNonNull(disabledCorrectorSteps, "disabledCorrectorSteps");
        disabledCorrectorSteps = Set.copyOf(disabledCorrectorSteps);
        Checks.requireNonNull(start, "start");
        Checks.requireNonNull(finalSteps, "finalSteps");
    }

    /**
     * With the reference final-step policy.
     *
     * @param variant {@code B(h)} choice or the official vary_coeff
     * @param side data or noise prediction
     * @param order predictor order p, 1 to 3
     * @param lowerOrderFinal whether the last steps use at most the number of remaining steps as order
     * @param disabledCorrectorSteps 0-based steps whose result is not corrected
     * @param start placement of the warm-up steps
     */
    public UniPc(UniPcVariant variant, ModelSide side, int order, boolean lowerOrderFinal,
            Set<Integer> disabledCorrectorSteps, MultistepStart start) {
        this(variant, side, order, lowerOrderFinal, disabledCorrectorSteps, start, FinalSteps.REFERENCE);
    }

    /**
     * With the reference start.
     *
     * @param variant {@code B(h)} choice or the official vary_coeff
     * @param side data or noise prediction
     * @param order predictor order p, 1 to 3
     * @param lowerOrderFinal whether the last steps use at most the number of remaining steps as order
     * @param disabledCorrectorSteps 0-based steps whose result is not corrected
     */
    public UniPc(UniPcVariant variant, ModelSide side, int order, boolean lowerOrderFinal,
            Set<Integer> disabledCorrectorSteps) {
        this(variant, side, order, lowerOrderFinal, disabledCorrectorSteps, MultistepStart.REFERENCE);
    }

    /**
     * UniPC with data prediction, lower_order_final and the corrector on every step.
     *
     * @param variant coefficient variant
     * @param order 1 to 3
     * @return the solver
     */
    public static UniPc of(UniPcVariant variant, int order) {
        return new UniPc(variant, ModelSide.DATA, order, true, Set.of());
    }

    @Override
    public String name() {
        return variant.registryName();
    }

    @Override
    public int order() {
        if (variant == UniPcVariant.VARY_COEFF_REFERENCE) {
            return order == 1 ? 2 : 1;
        }
        return rule().achievedOrder(order + 1);
    }

    /** @return the order rule: warm-up, and with {@code lowerOrderFinal} the remaining steps at every step count */
    MultistepOrderRule rule() {
        return finalSteps.apply(new MultistepOrderRule(order, lowerOrderFinal, Integer.MAX_VALUE, false, start));
    }

    /** @return the corrector this solver runs */
    public UniC corrector() {
        return new UniC(variant, disabledCorrectorSteps);
    }

    @Override
    public void validate(SamplingProblem problem) {
        if (!side.reachesZeroNoise()) {
            GridChecks.requireNoiseAtEnd(problem, name(),
                    "with noise prediction its weights diverge at sigma = 0; end at sigma_min or use data prediction");
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends MultistepExponentialRun {
        private final UniPcCoefficients coefficients;

        Run(SolverContext context) {
            super(context, UniPc.this.side(), rule(), corrector());
            this.coefficients = new UniPcCoefficients(variant, UniPc.this.side());
        }

        @Override
        protected void predict(int i, int p, BatchView x, Batch out) {
            predictFromCoefficients(i, p, x, out);
        }

        @Override
        protected int predictorCoefficients(int i, int p, double[] out) {
            Timesteps g = grid;
            ModelHistory m = history;
            double a = side.ratio(g.alpha(i), g.sigma(i), g.alpha(i + 1), g.sigma(i + 1));
            double c = side.scale(g.alpha(i + 1), g.sigma(i + 1));
            double h = g.lambda(i + 1) - g.lambda(i);
            UniPcCoefficients k = coefficients;
            k.begin(p, h);
            out[0] = a;
            if (p == 1) {
                out[1] = c * k.w1();
                return 1;
            }
            for (int j = 1; j < p; j++) {
                k.ratio(j, (m.lambda(j) - m.lambda(0)) / h);
            }
            k.predictor();
            double c1 = k.weight(1) / k.r(1);
            if (p == 2) {
                out[1] = c * (k.w1() - c1);
                out[2] = c * c1;
                return 2;
            }
            double c2 = k.weight(2) / k.r(2);
            out[1] = c * (k.w1() - c1 - c2);
            out[2] = c * c1;
            out[3] = c * c2;
            return 3;
        }
    }
}
