package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.Linspace;

/**
 * The arguments of diffusers' {@code set_timesteps}: the step count, the resolution-dependent shift exponent
 * {@code mu} (flow models with {@code use_dynamic_shifting}) and custom sigmas (what the Flux pipeline passes).
 *
 * @param steps number of inference steps, at least 1 (with custom sigmas: their count)
 * @param mu shift exponent, or NaN for none
 * @param sigmas custom sigmas, or null
 */
public record SetTimesteps(int steps, double mu, double[] sigmas) {

    /** Validates and copies. */
    public SetTimesteps {
        if (steps < 1) {
            throw new InvalidInputException("num_inference_steps", steps, "an integer >= 1");
        }
        if (Double.isInfinite(mu)) {
            throw new InvalidInputException("mu", mu, "a finite number");
        }
        if (sigmas != null) {
            sigmas = sigmas.clone();
            if (sigmas.length != steps) {
                throw new InvalidInputException("sigmas", sigmas.length + " values", steps + " values (num_inference_steps)");
            }
            for (int i = 0; i < sigmas.length; i++) {
                if (!(sigmas[i] > 0 && sigmas[i] <= 1 && (i == 0 || sigmas[i] < sigmas[i - 1]))) {
                    throw new InvalidInputException("sigmas[" + i + "]", sigmas[i], "strictly decreasing flow "
                            + "sigmas in (0, 1]");
                }
            }
        }
    }

    /**
     * @param steps number of inference steps
     * @return {@code set_timesteps(steps)}
     */
    public static SetTimesteps of(int steps) {
        return new SetTimesteps(steps, Double.NaN, null);
    }

    /**
     * @param steps number of inference steps
     * @param mu shift exponent
     * @return {@code set_timesteps(steps, mu=mu)}
     */
    public static SetTimesteps withMu(int steps, double mu) {
        return new SetTimesteps(steps, mu, null);
    }

    /**
     * What the Flux pipeline passes (its "prepare timesteps" step): {@code sigmas = linspace(1, 1/N, N)} (none when
     * the scheduler uses its own flow sigmas) and {@code mu} interpolated linearly in the image sequence length
     * between {@code (base_image_seq_len, base_shift)} and {@code (max_image_seq_len, max_shift)} (Esser et al. 2024,
     * arXiv:2403.03206, section 5.3.2: resolution-dependent shifting); keys the scheduler class does not take get the
     * pipeline's defaults 256, 4096, 0.5, 1.15.
     *
     * @param config the scheduler's config
     * @param steps number of inference steps
     * @param imageSeqLen latent sequence length (4096 for 1024x1024 images)
     * @return the call
     * @throws InvalidInputException naming {@code image_seq_len} if it is below 1 or the scheduler's
     *     {@code set_timesteps} takes neither the pipeline's {@code mu} nor its sigmas (no flow-matching scheduler), or
     *     naming the pipeline key whose value leaves {@code mu} undefined
     */
    public static SetTimesteps fluxPipeline(SchedulerConfig config, int steps, int imageSeqLen) {
        if (imageSeqLen < 1) {
            throw new InvalidInputException("image_seq_len", imageSeqLen, "an integer >= 1");
        }
        SchedulerClass cls = config.schedulerClass();
        boolean ownSigmas = cls.accepts("use_flow_sigmas") && config.bool("use_flow_sigmas");
        if (!cls.accepts("use_dynamic_shifting") || !ownSigmas && cls != SchedulerClass.FLOW_MATCH_EULER) {
            // the pipeline would pass mu, or custom sigmas, to a set_timesteps that takes neither
            throw new InvalidInputException("image_seq_len", imageSeqLen, "absent for " + cls.className()
                    + ": the Flux pipeline's timesteps (mu and custom sigmas) need FlowMatchEulerDiscreteScheduler, or a "
                    + "scheduler with use_flow_sigmas that takes use_dynamic_shifting");
        }
        double baseLen = pipelineValue(config, "base_image_seq_len", 256);
        double maxLen = pipelineValue(config, "max_image_seq_len", 4096);
        double baseShift = pipelineValue(config, "base_shift", 0.5);
        double maxShift = pipelineValue(config, "max_shift", 1.15);
        if (maxLen == baseLen) {
            throw new InvalidInputException("max_image_seq_len", maxLen, "different from "
                    + "base_image_seq_len = " + baseLen + " (mu is interpolated between the two sequence lengths)");
        }
        double m = (maxShift - baseShift) / (maxLen - baseLen);
        double b = baseShift - m * baseLen;
        double mu = imageSeqLen * m + b;
        if (!Double.isFinite(mu)) {
            throw new InvalidInputException("mu", mu, "a finite number (interpolated from base_shift = " + baseShift
                    + ", max_shift = " + maxShift + " at image_seq_len = " + imageSeqLen + ")");
        }
        return new SetTimesteps(steps, mu, ownSigmas ? null : Linspace.numpy(1.0, 1.0 / steps, steps));
    }

    private static double pipelineValue(SchedulerConfig config, String key, double fallback) {
        return config.schedulerClass().accepts(key) && config.has(key) ? config.number(key) : fallback;
    }

    /** @return whether {@code mu} is given */
    public boolean hasMu() {
        return !Double.isNaN(mu);
    }

    /** @return a copy of the custom sigmas, or null */
    @Override
    public double[] sigmas() {
        return sigmas == null ? null : sigmas.clone();
    }
}
