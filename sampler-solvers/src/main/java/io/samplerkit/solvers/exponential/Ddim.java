package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.FirstOrderSampler;

/**
 * DDIM (Song, Meng and Ermon 2021, "Denoising Diffusion Implicit Models", arXiv:2010.02502, eq. 12),
 * written for any schedule in the scaled variable {@code x~ = x/alpha}, {@code rho = sigma/alpha}:
 * <pre>
 *   x~_t = x0hat + rho_down epshat + rho_up z,
 *   rho_up = eta sqrt(rho_t^2 (rho_s^2 - rho_t^2) / rho_s^2),  rho_down = sqrt(rho_t^2 - rho_up^2),
 * </pre>
 * which for a VP schedule is DDIM's {@code x_t = alpha_t x0hat + sqrt(sigma_t^2 - c^2) epshat + c z},
 * {@code c = eta (sigma_t/sigma_s) sqrt(1 - alpha_s^2/alpha_t^2)}; {@code eta = 1} gives the DDPM
 * posterior ("fixed_small") variance. With {@code eta = 0} the update is the deterministic
 * exponential-integrator step {@code x_t = (sigma_t/sigma_s) x_s + alpha_t (1 - e^{-h}) x0hat},
 * {@code h = lambda_t - lambda_s} (= DPM-Solver-1, DEIS-1, and Euler in {@code (x~, rho)}).
 *
 * <p><b>Static clipping</b> ({@code clipSample = r > 0}, diffusers' {@code DDIMScheduler} with
 * {@code clip_sample=True, clip_sample_range=r}): the data term uses {@code clamp(x0hat, -r, r)} while the noise
 * estimate stays the model's own, {@code epshat = (x - alpha_s x0hat)/sigma_s} from the unclipped
 * {@code x0hat} (diffusers clips {@code pred_original_sample} after deriving {@code pred_epsilon}, and re-derives
 * it only with {@code use_clipped_model_output=True}):
 * <pre>
 *   x_t = alpha_t clamp(x0hat) + alpha_t rho_down epshat + alpha_t rho_up z.
 * </pre>
 * This is not the same as clipping inside the model (which would also change {@code epshat}).
 *
 * <p>Order 1 (weak order 1 when stochastic); one model call per step. A step to the zero-noise
 * point returns {@code x0hat} (clipped when clipping). Immutable and thread-safe.
 *
 * @param eta stochasticity in [0, 1]; 0 is the deterministic ODE sampler
 * @param clipSample bound {@code r} of the static clipping of {@code x0hat}; 0 for none
 */
public record Ddim(double eta, double clipSample) implements FirstOrderSampler {

    /** Registry name. */
    public static final String NAME = "ddim";

    /** Validates. */
    public Ddim {
        Checks.requireInRange(eta, 0.0, 1.0, "eta");
        Checks.requireInRange(clipSample, 0.0, Double.MAX_VALUE, "clipSample");
    }

    /**
     * DDIM without clipping.
     *
     * @param eta stochasticity in [0, 1]
     */
    public Ddim(double eta) {
        this(eta, 0.0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    /**
     * The deterministic DDIM step ({@code eta = 0}) from a data prediction:
     * <pre>
     *   out = (sigma_t/sigma_s) x + alpha_t (1 - e^{-h}) x0hat,   h = lambda_t - lambda_s,
     * </pre>
     * and {@code out = alpha_t x0hat} when {@code sigma_t = 0} ({@code h = +inf}).
     *
     * @param out destination. Modified; may alias {@code x} or {@code denoised}.
     * @param x state at {@code s}. Not modified unless aliased.
     * @param sigmaS sigma at the start
     * @param alphaT alpha at the target
     * @param sigmaT sigma at the target (0 for the zero-noise point)
     * @param h {@code lambda_t - lambda_s} ({@code +inf} for the zero-noise point)
     * @param denoised data prediction {@code x0hat(x, s)}. Not modified unless aliased.
     */
    public static void stepFromData(Batch out, BatchView x, double sigmaS, double alphaT, double sigmaT, double h,
            BatchView denoised) {
        if (sigmaT == 0.0) {
            Kernels.scale(out, alphaT, denoised);
        } else {
            Kernels.lincomb2(out, sigmaT / sigmaS, x, -alphaT * Math.expm1(-h), denoised);
        }
    }

    /**
     * The same deterministic DDIM step written for a noise prediction {@code e} (any {@code e}, e.g. a
     * multistep combination of past noise predictions): Euler in the scaled variables
     * {@code x~ = x/alpha}, {@code rho = sigma/alpha}, {@code x~_t = x~_s + (rho_t - rho_s) e}, i.e.
     * <pre>
     *   out = (alpha_t/alpha_s) x + (sigma_t - alpha_t sigma_s/alpha_s) e.
     * </pre>
     * With {@code e = epshat(x, s)} it equals {@link #stepFromData} with
     * {@code x0hat = (x - sigma_s e)/alpha_s}. This is the "transfer" of PNDM (Liu et al. 2022,
     * arXiv:2202.09778, eq. 11), which every PNDM/PLMS variant applies to its combined noise estimate.
     * Valid for {@code sigma_t = 0} (then {@code out = alpha_t (x - sigma_s e)/alpha_s}).
     *
     * @param out destination. Modified; may alias {@code x} or {@code e}.
     * @param alphaS alpha at the start
     * @param sigmaS sigma at the start
     * @param x state at {@code s}. Not modified unless aliased.
     * @param alphaT alpha at the target
     * @param sigmaT sigma at the target
     * @param e noise estimate. Not modified unless aliased.
     */
    public static void stepFromNoise(Batch out, double alphaS, double sigmaS, BatchView x, double alphaT,
            double sigmaT, BatchView e) {
        double ratio = alphaT / alphaS;
        Kernels.lincomb2(out, ratio, x, sigmaT - ratio * sigmaS, e);
    }

    private final class Run extends GridSolverRun {
        private final Batch denoised;
        private final Batch clipped;
        private final Batch z;

        Run(SolverContext context) {
            super(context);
            denoised = context.newBatch();
            clipped = clipSample > 0 ? context.newBatch() : null;
            z = eta > 0 ? context.newBatch() : null;
        }

        /**
         * DDIM takes the zero-length final step of diffusers' {@code DDIMScheduler} with
         * {@code set_alpha_to_one=False} and a last timestep of 0 (from {@code alphas_cumprod[0]} to itself): the
         * model is called and the state is left as it is, except under static clipping, where diffusers' step clamps
         * x0 as in any step: {@code x = alpha clamp(x0hat) + sigma epshat}.
         */
        @Override
        public boolean supportsZeroLengthEnd() {
            return true;
        }

        @Override
        protected void advance(int i, Batch x) {
            Timesteps g = grid;
            context.data(x, g.t(i), denoised);
            if (i + 1 == g.steps() && g.endsWithZeroLengthStep() && clipped == null) {
                return;
            }
            double sigmaS = g.sigma(i);
            double alphaS = g.alpha(i);
            double sigmaT = g.sigma(i + 1);
            double alphaT = g.alpha(i + 1);
            if (clipped != null) {
                clippedStep(i, x, alphaS, sigmaS, alphaT, sigmaT);
                return;
            }
            if (eta == 0 || g.isZeroNoise(i + 1)) {
                stepFromData(x, x, sigmaS, alphaT, sigmaT, g.lambda(i + 1) - g.lambda(i), denoised);
                return;
            }
            double rhoS = sigmaS / alphaS;
            double rhoT = sigmaT / alphaT;
            double rhoUp = Math.min(rhoT, eta * Math.sqrt(rhoT * rhoT * (rhoS * rhoS - rhoT * rhoT) / (rhoS * rhoS)));
            double rhoDown = Math.sqrt(rhoT * rhoT - rhoUp * rhoUp);
            // epshat = (x - alpha_s x0hat)/sigma_s; x_t = alpha_t (x0hat + rhoDown epshat + rhoUp z)
            context.stepNormal(i, g.t(i), g.t(i + 1), z);
            double cx = alphaT * rhoDown / sigmaS;
            double cd = alphaT - alphaT * rhoDown * alphaS / sigmaS;
            Kernels.lincomb3(x, cx, x, cd, denoised, alphaT * rhoUp, z);
        }

        /** The clipped step of the class comment: {@code alpha_t rho_down epshat} from the unclipped x0hat. */
        private void clippedStep(int i, Batch x, double alphaS, double sigmaS, double alphaT, double sigmaT) {
            Kernels.clamp(clipped, clipSample, denoised);
            if (grid.isZeroNoise(i + 1)) {
                Kernels.scale(x, alphaT, clipped);
                return;
            }
            double rhoS = sigmaS / alphaS;
            double rhoT = sigmaT / alphaT;
            double rhoUp = eta == 0 ? 0.0
                    : Math.min(rhoT, eta * Math.sqrt(rhoT * rhoT * (rhoS * rhoS - rhoT * rhoT) / (rhoS * rhoS)));
            double rhoDown = Math.sqrt(rhoT * rhoT - rhoUp * rhoUp);
            double cx = alphaT * rhoDown / sigmaS;
            if (eta == 0) {
                Kernels.lincomb3(x, cx, x, -cx * alphaS, denoised, alphaT, clipped);
                return;
            }
            context.stepNormal(i, grid.t(i), grid.t(i + 1), z);
            Kernels.lincomb4(x, cx, x, -cx * alphaS, denoised, alphaT, clipped, alphaT * rhoUp, z);
        }
    }
}
