package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepCorrector;
import io.samplerkit.solvers.internal.MultistepExponentialRun;
import io.samplerkit.solvers.internal.MultistepOrderRule;

/**
 * Multistep DPM-Solver (noise side) and DPM-Solver++ (data side), orders 1-3 (Lu et al. 2022,
 * arXiv:2206.00927, appendix B / Algorithm "multistep"; Lu et al. 2022, arXiv:2211.01095, Algorithm 2 =
 * DPM-Solver++(2M); docs/math.md §6.5). Step {@code i} maps {@code t_{i-1} -> t_i} with the outputs
 * {@code m0, m1, m2} at {@code t_{i-1}, t_{i-2}, t_{i-3}}, {@code h = lambda_t - lambda_{s0}},
 * {@code r0 = h_0/h}, {@code r1 = h_1/h} (previous step sizes) and {@code A, C, w_k} of {@link ModelSide}:
 * <pre>
 *   order 1:  x_t = A x + C w_1 m0                                             (= DDIM)
 *   order 2:  D = (m0 - m1)/r0,  x_t = A x + C [w_1 m0 + (w_1/2 | w_2) D]          (midpoint | taylor)
 *   order 3:  D1_0 = (m0 - m1)/r0,  D1_1 = (m1 - m2)/r1,
 *             D1 = D1_0 + r0/(r0 + r1) (D1_0 - D1_1),  D2 = (D1_0 - D1_1)/(r0 + r1),
 *             x_t = A x + C [w_1 m0 + w_2 D1 + c w_3 D2]   (c = 1 reference, 2 corrected; see ThirdOrder)
 * </pre>
 * k-diffusion's {@code sample_dpmpp_2m} (data, midpoint) and {@code sample_dpmpp_2m_sde} /
 * {@code sample_dpmpp_3m_sde} with {@code eta = 0} are this solver on an {@code EdmSchedule} (time = sigma).
 *
 * <p>Orders per step follow {@link MultistepOrderRule} (warm-up, lower_order_final, first-order step to
 * zero noise, euler_at_final). Global order: {@code order}, except 2 for the reference-compatible third
 * order (measured slopes in docs/solvers/exponential.md), plus the corrector's gain if one is attached.
 * Model calls: one per step (none after the last). Deterministic. Immutable and thread-safe.
 *
 * <p>With {@link MultistepCorrections} ({@link #withCorrections}) the weights of the predictor steps are offset
 * per step (calibrated coefficients, docs/solvers/calibration.md); the singlestep start's stages and the
 * corrector keep their analytic weights. {@link #order()} is then still the analytic solver's order: fitted
 * corrections are not constrained to keep it.
 *
 * @param name the name the solver reports (its registry name, e.g. {@code dpmpp-2m})
 * @param side noise (DPM-Solver) or data (DPM-Solver++) prediction
 * @param rule order and its per-step rules
 * @param updateType midpoint or taylor form of the second-order term
 * @param thirdOrder reference-compatible or corrected {@code D2} weight (ignored below order 3)
 * @param corrector optional corrector run after each step but the last (e.g. UniC), or null
 * @param corrections per-step corrections of the output weights, or null for the analytic weights
 */
public record DpmSolverMultistep(String name, ModelSide side, MultistepOrderRule rule, UpdateType updateType,
        ThirdOrder thirdOrder, MultistepCorrector corrector, MultistepCorrections corrections) implements Solver {

    /** Registry name of the noise-prediction solver. */
    public static final String NOISE_NAME = "dpm-solver-multistep";
    /** Registry name of the data-prediction solver. */
    public static final String DATA_NAME = "dpmpp-multistep";

    /** Validates. */
    public DpmSolverMultistep {
        Checks.requireNonNull(name, "name");
        Checks.requireNonNull(side, "side");
        Checks.requireNonNull(rule, "rule");
        Checks.requireNonNull(updateType, "updateType");
        Checks.requireNonNull(thirdOrder, "thirdOrder");
        Checks.requireInRange(rule.order(), 1, 3, "order");
    }

    /**
     * Analytic weights (no corrections).
     *
     * @param name the name the solver reports
     * @param side noise or data side
     * @param rule order rule
     * @param updateType midpoint or taylor
     * @param thirdOrder third-order weight
     * @param corrector corrector, or null
     */
    public DpmSolverMultistep(String name, ModelSide side, MultistepOrderRule rule, UpdateType updateType,
            ThirdOrder thirdOrder, MultistepCorrector corrector) {
        this(name, side, rule, updateType, thirdOrder, corrector, null);
    }

    /**
     * The solver named after its side and corrector ({@code dpmpp-multistep}, {@code dpm-solver-multistep},
     * {@code <name>+<corrector>}).
     *
     * @param side noise or data side
     * @param rule order rule
     * @param updateType midpoint or taylor
     * @param thirdOrder third-order weight
     * @param corrector corrector, or null
     */
    public DpmSolverMultistep(ModelSide side, MultistepOrderRule rule, UpdateType updateType, ThirdOrder thirdOrder,
            MultistepCorrector corrector) {
        this(defaultName(side, corrector), side, rule, updateType, thirdOrder, corrector);
    }

    private static String defaultName(ModelSide side, MultistepCorrector corrector) {
        String base = side == ModelSide.DATA ? DATA_NAME : NOISE_NAME;
        return corrector == null ? base : base + "+" + corrector.name();
    }

    /**
     * The official DPM-Solver defaults for a side and order: midpoint form, reference third order,
     * lower_order_final for fewer than 10 steps, no corrector.
     *
     * @param side data or noise side
     * @param order 1 to 3
     * @return the solver
     */
    public static DpmSolverMultistep of(ModelSide side, int order) {
        return new DpmSolverMultistep(side, MultistepOrderRule.official(order), UpdateType.MIDPOINT,
                ThirdOrder.REFERENCE, null);
    }

    /**
     * @param newCorrector corrector to run after each step, or null
     * @return a copy with that corrector
     */
    public DpmSolverMultistep withCorrector(MultistepCorrector newCorrector) {
        return new DpmSolverMultistep(defaultName(side, newCorrector), side, rule, updateType, thirdOrder, newCorrector,
                corrections);
    }

    /**
     * @param newCorrections per-step corrections of the output weights, or null for the analytic weights
     * @return a copy with them (same name)
     */
    public DpmSolverMultistep withCorrections(MultistepCorrections newCorrections) {
        return new DpmSolverMultistep(name, side, rule, updateType, thirdOrder, corrector, newCorrections);
    }

    /**
     * How many past outputs each predictor step of a run on a grid of {@code steps} intervals may combine: the
     * outputs in its history, at most the order ({@code min(i + 1, order)} for step {@code i}), and none for the
     * stages of the singlestep start.
     *
     * @param timesteps the requested grid
     * @return one count per step
     */
    public int[] correctionCounts(Timesteps timesteps) {
        int stages = rule.start().singlestepSteps(timesteps, rule.order());
        int[] counts = new int[timesteps.steps()];
        for (int i = stages; i < counts.length; i++) {
            counts[i] = Math.min(i + 1, rule.order());
        }
        return counts;
    }

    @Override
    public int order() {
        int p = rule.order() == 3 && thirdOrder == ThirdOrder.REFERENCE ? 2 : rule.order();
        return rule.achievedOrder(corrector == null ? p : p + corrector.orderGain());
    }

    @Override
    public void validate(SamplingProblem problem) {
        Timesteps g = problem.timesteps();
        if (g.steps() < rule.order()) {
            throw new IllegalArgumentException(Checks.format(
                    "timesteps must have at least order=%d steps for %s, got %d", rule.order(), name(), g.steps()));
        }
        if (g.endsAtZeroNoise() && !side.reachesZeroNoise()) {
            throw new IllegalArgumentException(Checks.format(
                    "timesteps must not end at zero noise (sigma = 0) for the noise-prediction solver %s: "
                            + "its weights diverge there; end at sigma_min or use %s", name(), DATA_NAME));
        }
        if (corrections != null) {
            corrections.requireShape(correctionCounts(g));
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends MultistepExponentialRun {
        private final double[] coefficients = new double[3];
        /** {@code w_1 .. w_order} of the step being taken. */
        private final double[] weights = new double[3];

        Run(SolverContext context) {
            super(context, DpmSolverMultistep.this.side(), rule, corrector);
        }

        @Override
        protected void predict(int i, int order, BatchView x, Batch out) {
            predictFromCoefficients(i, order, x, out);
        }

        /** The update as {@code a x + c sum_j k_j m_j} (with a fused UniC corrector, the steps are then fused too). */
        @Override
        protected int predictorCoefficients(int i, int order, double[] out) {
            Timesteps g = grid;
            ModelHistory m = history;
            double a = side.ratio(g.alpha(i), g.sigma(i), g.alpha(i + 1), g.sigma(i + 1));
            double c = side.scale(g.alpha(i + 1), g.sigma(i + 1));
            double h = g.lambda(i + 1) - g.lambda(i);
            double r0 = order >= 2 ? (m.lambda(0) - m.lambda(1)) / h : Double.NaN;
            double r1 = order >= 3 ? (m.lambda(1) - m.lambda(2)) / h : Double.NaN;
            double[] k = coefficients;
            double[] w = weights;
            side.weights(order, h, w, 0);
            double w1 = w[0];
            MultistepWeights.coefficients(order, updateType, thirdOrder.d2Weight(), w1, order >= 2 ? w[1] : 0,
                    order >= 3 ? w[2] : 0, r0, r1, k);
            int used = corrections == null ? order : correct(i, order, w1, k);
            out[0] = a;
            for (int j = 0; j < used; j++) {
                out[j + 1] = c * k[j];
            }
            return used;
        }

        /**
         * Adds the step's nonzero corrections to the weights (a zero correction leaves the weight's bits alone).
         *
         * @return the number of outputs the step combines
         */
        private int correct(int i, int order, double w1, double[] k) {
            int n = Math.min(history.size(), rule.order());
            int used = order;
            for (int j = 0; j < n; j++) {
                double delta = corrections.get(i, j);
                if (delta != 0) {
                    k[j] = (j < order ? k[j] : 0.0) + w1 * delta;
                    used = Math.max(used, j + 1);
                }
            }
            for (int j = order; j < used; j++) {
                if (corrections.get(i, j) == 0) {
                    k[j] = 0.0;
                }
            }
            return used;
        }
    }
}
