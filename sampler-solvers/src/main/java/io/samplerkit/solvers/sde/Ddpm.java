package io.samplerkit.solvers.sde;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.FirstOrderSampler;

/**
 * DDPM's ancestral sampler (Ho et al. 2020, arXiv:2006.11239, eq. 6-7 and Algorithm 2) on any schedule and
 * any grid, as diffusers' {@code DDPMScheduler.step} computes it. From the
 * noisier point {@code s} to {@code t}, with {@code a = alpha_s/alpha_t} and the forward kernel
 * {@code x_s | x_t ~ N(a x_t, q^2)}, {@code q^2 = sigma_s^2 - a^2 sigma_t^2} (VP: {@code a^2 = alpha_t^cur},
 * {@code q^2 = beta_t = 1 - alphabar_s/alphabar_t}), the posterior {@code q(x_t | x_s, x0)} has
 * <pre>
 *   mean = (q^2/sigma_s^2) alpha_t x0hat + (a sigma_t^2/sigma_s^2) x_s         (Ho et al. eq. 7)
 *   x_t  = mean + sqrt(v) z,   v = sigma_t^2 q^2/sigma_s^2 (fixed_small) or q^2 (fixed_large)
 * </pre>
 * with {@code x0hat} the model's data prediction and {@code z} from {@link SolverContext#stepNormal}. A step
 * into the zero-noise point returns {@code alpha_t x0hat} with no noise in every variant (diffusers adds
 * {@code fixed_large} noise there when its last timestep is above 0; we do not). {@code fixed_small} is
 * {@code ddim} with {@code eta = 1}.
 *
 * <p><b>Learned variance</b> (a model with {@link io.samplerkit.core.model.DiffusionModel#outputsVariance()}; its
 * channel {@code c} comes from the same call as {@code x0hat}). {@code learned_range} (Nichol and Dhariwal 2021,
 * arXiv:2102.09672, eq. 15, as diffusers computes it): per element {@code log v = frac log q^2 + (1 - frac)
 * log(sigma_t^2 q^2/sigma_s^2)}, {@code frac = (c + 1)/2}, i.e. {@code sqrt(v) = q (sigma_t/sigma_s)^(1 - frac)}
 * (not clamped: {@code c} outside {@code [-1, 1]} extrapolates). {@code learned}: {@code v = c} as diffusers
 * reads it (improved DDPM's own "learned" is a log variance); a negative {@code c} stops the run. Without a
 * variance output both are rejected by {@link #validate}.
 *
 * <p><b>Static clipping</b> ({@code clipSample = r > 0}; diffusers' {@code clip_sample=True,
 * clip_sample_range=r}): {@code x0hat} is replaced by {@code clamp(x0hat, -r, r)} before the mean is formed, as
 * diffusers clips {@code pred_original_sample}; the update uses nothing else of the model output, so this equals
 * clipping the model's data prediction.
 *
 * <p>Weak order 1 (measured: fixed_small; fixed_large is consistent only as the steps shrink, since its
 * per-step variance exceeds the posterior's by {@code O(q^4)}). One model call per step. Immutable and
 * thread-safe.
 *
 * @param variance variance choice
 * @param clipSample bound {@code r} of the static clipping of {@code x0hat}; 0 for none
 */
public record Ddpm(DdpmVariance variance, double clipSample) implements FirstOrderSampler {

    /** Registry name. */
    public static final String NAME = "ddpm";

    /** Validates. */
    public Ddpm {
        Checks.requireNonNull(variance, "variance");
        Checks.requireInRange(clipSample, 0.0, Double.MAX_VALUE, "clipSample");
    }

    /**
     * DDPM without clipping.
     *
     * @param variance variance choice
     */
    public Ddpm(DdpmVariance variance) {
        this(variance, 0.0);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Rejects a learned variance when the problem's model has no variance output.
     *
     * @param problem the problem
     * @throws InvalidInputException for {@code variance=learned-range|learned} without a variance output
     */
    @Override
    public void validate(SamplingProblem problem) {
        if (variance.learned() && !problem.model().outputsVariance()) {
            throw new InvalidInputException("options.variance", Option.enumText(variance),
                    "fixed-small or fixed-large: the model has no variance output (" + problem.model() + ")");
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends GridSolverRun {
        private final Batch denoised;
        private final Batch z;
        private final Batch channel;

        Run(SolverContext context) {
            super(context);
            denoised = context.newBatch();
            z = context.newBatch();
            channel = variance.learned() ? context.newBatch() : null;
        }

        @Override
        protected void advance(int i, Batch x) {
            Timesteps g = grid;
            double alphaT = g.alpha(i + 1);
            boolean last = g.isZeroNoise(i + 1);
            if (channel != null && !last) {
                context.dataAndVariance(x, g.t(i), denoised, channel);
            } else {
                context.data(x, g.t(i), denoised);
            }
            if (clipSample > 0) {
                Kernels.clamp(denoised, clipSample, denoised);
            }
            if (last) {
                Kernels.scale(x, alphaT, denoised);
                return;
            }
            double sigmaS = g.sigma(i);
            double sigmaT = g.sigma(i + 1);
            double a = g.alpha(i) / alphaT;
            double ratio = sigmaT / sigmaS;
            // q^2 / sigma_s^2 = 1 - a^2 sigma_t^2 / sigma_s^2, written without forming q^2
            double q2OverS2 = 1 - a * a * ratio * ratio;
            if (channel == null) {
                context.fusedStepNormal(i, g.t(i), g.t(i + 1), z);
                double v = variance == DdpmVariance.FIXED_SMALL ? sigmaT * sigmaT * q2OverS2 : sigmaS * sigmaS * q2OverS2;
                Kernels.lincomb3(x, a * ratio * ratio, x, q2OverS2 * alphaT, denoised, Math.sqrt(Math.max(0.0, v)), z);
                return;
            }
            context.stepNormal(i, g.t(i), g.t(i + 1), z);
            Kernels.lincomb2(x, a * ratio * ratio, x, q2OverS2 * alphaT, denoised);
            addLearnedNoise(i, x, sigmaS * Math.sqrt(Math.max(0.0, q2OverS2)), Math.log(ratio));
        }

        /** {@code x += sqrt(v) z} per element, {@code v} from the variance channel ({@link DdpmVariance}). */
        private void addLearnedNoise(int i, Batch x, double q, double logRatio) {
            double[] xs = x.data();
            double[] zs = z.data();
            double[] c = channel.data();
            for (int e = 0; e < xs.length; e++) {
                double std;
                if (variance == DdpmVariance.LEARNED_RANGE) {
                    std = q * Math.exp((1 - (c[e] + 1) / 2) * logRatio);
                } else {
                    if (!(c[e] >= 0)) {
                        throw new SamplingException(SamplingException.Kind.MODEL_FAILURE, NAME, context.step(),
                                grid.t(i), e, "variance=learned needs a variance channel >= 0, got " + c[e]);
                    }
                    std = Math.sqrt(c[e]);
                }
                xs[e] += std * zs[e];
            }
        }
    }
}
