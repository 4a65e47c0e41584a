package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
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
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;

/**
 * Multistep SDE-DPM-Solver (noise side) and SDE-DPM-Solver++ (data side), orders 1-3, for the reverse-SDE
 * family with noise scale {@code eta} (k-diffusion's {@code eta}: the square of the family parameter of
 * {@link io.samplerkit.core.dynamics.ReverseSde}; 1 is Anderson's reverse SDE, 0 the probability-flow ODE).
 * Lu et al. 2022 ("DPM-Solver++", arXiv:2211.01095), §4 and appendix "SDE-DPM-Solver++(2M)"; docs/math.md §3.4, §6.7;
 * the data side in k-diffusion's form ({@code sample_dpmpp_2m_sde}, {@code sample_dpmpp_3m_sde}), the noise
 * side as diffusers' {@code sde-dpmsolver} for {@code eta = 1}. With {@code h = lambda_t - lambda_s}:
 * <pre>
 *   data:   x_t = (sigma_t/sigma_s) e^{-eta h} x + alpha_t sum_j c_j(H) D_j + sNoise sigma_t sqrt(1 - e^{-2 eta h}) z,
 *           H = (1 + eta) h
 *   noise:  x_t = (alpha_t/alpha_s) x - (1 + eta) sigma_t sum_j c_j(h) E_j + sNoise sqrt(eta) sigma_t sqrt(e^{2h} - 1) z
 * </pre>
 * where {@code sum_j c_j D_j} is the multistep combination of {@link DpmSolverMultistep} with the weights
 * {@code psi_k(H) = H phi_k(-H)} (data) or {@code chi_k(h) = h phi_k(h)} (noise) ({@code r0, r1} use {@code h}).
 * Both first-order terms are exact for a constant model output: on the data side the linear part of the
 * SDE is integrated exactly in {@code lambda}; on the noise side {@code x/alpha} obeys
 * {@code d(x/alpha) = (1 + eta) eps d(sigma/alpha) + sqrt(eta) dW_{(sigma/alpha)^2}}. {@code eta = 0} gives the
 * numbers of the ODE solver. {@code z} comes from {@link SolverContext#stepNormal} (fresh per step or a Brownian
 * increment). A data-side step to zero noise returns the data prediction (no noise); the noise side cannot
 * reach zero noise (rejected by {@link #validate}).
 *
 * <p>Weak orders measured on the exact output law (docs/solvers/sde.md): 1 for order 1, 2 for orders 2 and 3
 * with the reference or corrected third order, 1 for diffusers' third order ({@link SdeThirdOrder#DIFFUSERS},
 * data side only). Model calls: one per step. Stochastic when {@code eta > 0} and {@code sNoise > 0}.
 * Immutable and thread-safe.
 *
 * <p><b>Starts.</b> A stochastic run takes only the reference warm-up ({@link MultistepStart#REFERENCE}). The
 * corrected third order stays at weak order 2 whatever the start: the cap comes from the injected noise, which
 * the multistep extrapolation of past model outputs cannot follow inside a step (at {@code eta = 0} the same
 * solver converges with order 4 over 20..80 steps; docs/solvers/sde.md, "Starts of the SDE multistep solvers").
 * {@link MultistepStart#REFINED} is refused when stochastic: model outputs at points {@code O(h_k)} apart differ
 * by injected noise of size {@code O(h_k^(1/2))}, so the divided differences over its short warm-up intervals
 * amplify that noise; on the SD-like discrete schedule it made the error up to 177 times larger and lowered the
 * measured weak slope to 1.5-1.8. It is allowed at {@code eta = 0} or {@code sNoise = 0} (the ODE solver).
 * {@link MultistepStart#SINGLESTEP} is refused (its stages are probability-flow steps).
 *
 * @param name the registry name the solver was created under
 * @param side data (SDE-DPM-Solver++) or noise (SDE-DPM-Solver) prediction
 * @param rule order and per-step rules (k-diffusion: warm-up only)
 * @param updateType second-order form: midpoint or taylor ("heun")
 * @param thirdOrder third-order term
 * @param eta noise scale, {@code >= 0}
 * @param sNoise multiplier of the injected noise, {@code >= 0} (k-diffusion's {@code s_noise})
 */
public record DpmSolverPlusPlusSde(String name, ModelSide side, MultistepOrderRule rule, UpdateType updateType,
        SdeThirdOrder thirdOrder, double eta, double sNoise) implements Solver {

    /** Registry name of the data side. */
    public static final String NAME = "dpmpp-sde-multistep";
    /** Registry name of the noise side. */
    public static final String NOISE_NAME = "dpm-solver-sde-multistep";

    /** Validates. */
    public DpmSolverPlusPlusSde {
        Checks.requireNonNull(name, "name");
        Checks.requireNonNull(side, "side");
        Checks.requireNonNull(rule, "rule");
        Checks.requireInRange(rule.order(), 1, 3, "order");
        Checks.requireNonNull(updateType, "updateType");
        Checks.requireNonNull(thirdOrder, "thirdOrder");
        Checks.requireNonNegative(eta, "eta");
        Checks.requireNonNegative(sNoise, "sNoise");
        if (rule.start() == MultistepStart.SINGLESTEP) {
            throw new InvalidInputException("options.start", "singlestep",
                    "reference or refined (the singlestep start's stages are probability-flow steps)");
        }
        if (rule.start() == MultistepStart.REFINED && eta > 0 && sNoise > 0) {
            throw new InvalidInputException("options.start", "refined",
                    "reference when eta > 0 and s-noise > 0 (divided differences over the refined warm-up's short "
                            + "intervals amplify the injected noise and lower the weak order)");
        }
        if (side == ModelSide.NOISE && thirdOrder == SdeThirdOrder.DIFFUSERS) {
            throw new InvalidInputException("third-order", "diffusers",
                    "reference|corrected for the noise side (diffusers has no third-order sde-dpmsolver)");
        }
    }

    /**
     * The data-side solver (k-diffusion's form).
     *
     * @param rule order rule
     * @param updateType second-order form
     * @param thirdOrder D2 weight at order 3
     * @param eta noise scale
     * @param sNoise noise multiplier
     */
    public DpmSolverPlusPlusSde(MultistepOrderRule rule, UpdateType updateType, ThirdOrder thirdOrder, double eta,
            double sNoise) {
        this(NAME, ModelSide.DATA, rule, updateType, SdeThirdOrder.of(thirdOrder), eta, sNoise);
    }

    @Override
    public int order() {
        if (rule.order() < 3) {
            return rule.achievedOrder(rule.order());
        }
        return rule.achievedOrder(thirdOrder == SdeThirdOrder.DIFFUSERS ? 1 : 2);
    }

    @Override
    public boolean stochastic() {
        return eta > 0 && sNoise > 0;
    }

    @Override
    public void validate(SamplingProblem problem) {
        if (problem.timesteps().steps() < rule.order()) {
            throw new IllegalArgumentException(Checks.format(
                    "timesteps must have at least order=%d steps for %s, got %d", rule.order(), name(),
                    problem.timesteps().steps()));
        }
        if (!side.reachesZeroNoise()) {
            GridChecks.requireNoiseAtEnd(problem, name(), "its weights diverge at zero noise; use " + NAME);
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends MultistepExponentialRun {
        private final double[] coefficients = new double[3];
        private final Batch z;

        Run(SolverContext context) {
            super(context, DpmSolverPlusPlusSde.this.side, rule, null);
            z = stochastic() ? context.newBatch() : null;
        }

        @Override
        protected void predict(int i, int order, BatchView x, Batch out) {
            Timesteps g = grid;
            ModelHistory m = history;
            double alphaT = g.alpha(i + 1);
            double sigmaT = g.sigma(i + 1);
            double h = g.lambda(i + 1) - g.lambda(i);
            double a;
            double c;
            double weightStep;
            double noiseStd;
            if (side == ModelSide.DATA) {
                weightStep = (1 + eta) * h;
                a = g.isZeroNoise(i + 1) ? 0.0 : sigmaT / g.sigma(i) * Math.exp(-eta * h);
                c = alphaT;
                noiseStd = sigmaT * Math.sqrt(-Math.expm1(-2 * eta * h));
            } else {
                weightStep = h;
                a = alphaT / g.alpha(i);
                c = -(1 + eta) * sigmaT;
                noiseStd = Math.sqrt(eta) * sigmaT * Math.sqrt(Math.expm1(2 * h));
            }
            double r0 = order >= 2 ? (m.lambda(0) - m.lambda(1)) / h : Double.NaN;
            double r1 = order >= 3 ? (m.lambda(1) - m.lambda(2)) / h : Double.NaN;
            double[] k = coefficients;
            MultistepWeights.coefficients(order, updateType, thirdOrder.d2Weight(), side.weight(1, weightStep),
                    order >= 2 ? side.weight(2, weightStep) : 0,
                    order >= 3 ? side.weight(3, weightStep) + thirdOrder.w3Offset() : 0, r0, r1, k);
            double noise = 0;
            if (z != null && sigmaT > 0) {
                context.fusedStepNormal(i, g.t(i), g.t(i + 1), z);
                noise = sNoise * noiseStd;
            }
            BatchView zz = z != null ? z : x;
            switch (order) {
                case 1:
                    Kernels.lincomb3(out, a, x, c * k[0], m.output(0), noise, zz);
                    break;
                case 2:
                    Kernels.lincomb4(out, a, x, c * k[0], m.output(0), c * k[1], m.output(1), noise, zz);
                    break;
                default:
                    Kernels.lincomb5(out, a, x, c * k[0], m.output(0), c * k[1], m.output(1), c * k[2], m.output(2),
                            noise, zz);
                    break;
            }
        }
    }
}
