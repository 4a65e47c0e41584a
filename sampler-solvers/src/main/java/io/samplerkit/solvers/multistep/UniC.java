package io.samplerkit.solvers.multistep;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepCorrector;
import java.util.Set;

/**
 * UniC-p, the corrector of UniPC (Zhao et al. 2023, arXiv:2302.04867, eq. 8 and Algorithm 1;
 * docs/math.md §7), usable on top of any multistep exponential predictor (UniP, DPM-Solver(++) multistep,
 * DEIS). After a predictor step of order {@code p} from {@code s0 = t_{i-1}} to {@code t = t_i} and the
 * model value {@code m_t} at the predicted point:
 * <pre>
 *   x^c_t = A x_{i-1} + C [ w_1 m0 + sum_{j &lt; p} W_j (m_j - m0)/r_j + W_t (m_t - m0) ]
 * </pre>
 * with {@code A, C, w_k} of {@link ModelSide}, {@code r_j = (lambda_{t_{i-1-j}} - lambda_{s0})/h} and
 * the weights of {@link UniPcCoefficients} (UniC-p: {@code (W, W_t) = B(h) solve(R, b)},
 * {@code B(h) = h} (bh1) or {@code w_1} (bh2); UniC-1 uses {@code rho = 1/2}). {@code m_t} stays in the
 * history unchanged (it is not re-evaluated at {@code x^c_t}), so the corrector costs no model call.
 * It raises the order of a p-th order predictor by one; it is skipped after the last step and after
 * the steps listed in {@code disabledSteps} (diffusers' {@code disable_corrector}). Deterministic.
 *
 * <p>Immutable and thread-safe; per-run buffers live in the run.
 *
 * @param variant coefficient variant ({@code B(h)} choice or the official vary_coeff)
 * @param disabledSteps 0-based indices of steps whose result is not corrected (step {@code i} maps grid
 *     point {@code i} to {@code i + 1})
 */
public record UniC(UniPcVariant variant, Set<Integer> disabledSteps) implements MultistepCorrector {

    /** Validates and copies. */
    public UniC {
        Checks.requireNonNull(variant, "variant");
        Checks.requireNonNull(disabledSteps, "disabledSteps");
        disabledSteps = Set.copyOf(disabledSteps);
        for (int s : disabledSteps) {
            Checks.requireInRange(s, 0, Integer.MAX_VALUE, "disabledSteps element");
        }
    }

    /**
     * @param variant coefficient variant
     * @return the corrector applied after every step but the last
     */
    public static UniC of(UniPcVariant variant) {
        return new UniC(variant, Set.of());
    }

    /** @return {@code true}: the corrector combines the history with the fused kernels only */
    @Override
    public boolean readsThroughKernels() {
        return true;
    }

    @Override
    public String name() {
        return "unic-" + variant.referenceName().replace('_', '-');
    }

    @Override
    public int orderGain() {
        return variant == UniPcVariant.VARY_COEFF_REFERENCE ? 0 : 1;
    }

    @Override
    public Run start(SolverContext context, ModelSide side, int maxOrder) {
        Checks.requireInRange(maxOrder, 1, UniPcCoefficients.MAX_ORDER, "maxOrder");
        boolean[] skip = new boolean[context.problem().timesteps().steps()];
        for (int s : disabledSteps) {
            if (s < skip.length) {
                skip[s] = true;
            }
        }
        return new CorrectorRun(side, skip);
    }

    private final class CorrectorRun implements Run {
        private final ModelSide side;
        private final boolean[] skip;
        private final UniPcCoefficients coefficients;
        private final double[] weights = new double[5];

        CorrectorRun(ModelSide side, boolean[] skip) {
            this.side = side;
            this.skip = skip;
            this.coefficients = new UniPcCoefficients(variant, side);
        }

        @Override
        public boolean correct(int step, int order, BatchView previous, ModelHistory history, Batch x) {
            double[] k = weights;
            if (coefficients(step, order, history, k) < 0) {
                return false;
            }
            // the newest output m_t last, as this kernel always summed it
            BatchView mt = history.output(0);
            BatchView m0 = history.output(1);
            switch (order) {
                case 1:
                    Kernels.lincomb3(x, k[0], previous, k[2], m0, k[1], mt);
                    break;
                case 2:
                    Kernels.lincomb4(x, k[0], previous, k[2], m0, k[3], history.output(2), k[1], mt);
                    break;
                default:
                    Kernels.lincomb5(x, k[0], previous, k[2], m0, k[3], history.output(2), k[4],
                            history.output(3), k[1], mt);
                    break;
            }
            return true;
        }

        @Override
        public int coefficients(int step, int order, ModelHistory history, double[] out) {
            if (step < skip.length && skip[step]) {
                return -1;
            }
            // history: 0 = m_t at t_i, 1 = m0 at s0 = t_{i-1}, j + 1 = m_j
            double h = history.lambda(0) - history.lambda(1);
            double a = side.ratio(history.alpha(1), history.sigma(1), history.alpha(0), history.sigma(0));
            double c = side.scale(history.alpha(0), history.sigma(0));
            UniPcCoefficients k = coefficients;
            k.begin(order, h);
            for (int j = 1; j < order; j++) {
                k.ratio(j, (history.lambda(j + 1) - history.lambda(1)) / h);
            }
            k.corrector();
            double wt = k.weightT();
            double c0 = k.w1() - wt;
            double c1 = 0;
            double c2 = 0;
            if (order >= 2) {
                c1 = k.weight(1) / k.r(1);
                c0 -= c1;
            }
            if (order >= 3) {
                c2 = k.weight(2) / k.r(2);
                c0 -= c2;
            }
            out[0] = a;
            out[1] = c * wt;
            out[2] = c * c0;
            if (order >= 2) {
                out[3] = c * c1;
            }
            if (order >= 3) {
                out[4] = c * c2;
            }
            return Math.min(order, 3) + 1;
        }
    }
}
