package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The diffusers scheduler classes a {@code scheduler_config.json} can name, each with every argument of its
 * constructor and the constructor's default (the values a file that omits the key gets). The defaults are those of
 * diffusers 0.40 ({@code huggingface/diffusers} commit {@code 58eb52c}); {@code null} is Python's {@code None}.
 */
public enum SchedulerClass {

    /** {@code DDIMScheduler}. */
    DDIM("DDIMScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "clip_sample", true, "set_alpha_to_one", true, "steps_offset", 0,
            "prediction_type", "epsilon", "thresholding", false, "dynamic_thresholding_ratio", 0.995,
            "clip_sample_range", 1.0, "sample_max_value", 1.0, "timestep_spacing", "leading",
            "rescale_betas_zero_snr", false)),

    /** {@code DDPMScheduler} (the training scheduler diffusers saves with a DDPM network). */
    DDPM("DDPMScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "variance_type", "fixed_small", "clip_sample", true, "prediction_type", "epsilon",
            "thresholding", false, "dynamic_thresholding_ratio", 0.995, "clip_sample_range", 1.0,
            "sample_max_value", 1.0, "timestep_spacing", "leading", "steps_offset", 0,
            "rescale_betas_zero_snr", false)),

    /** {@code PNDMScheduler}. */
    PNDM("PNDMScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "skip_prk_steps", false, "set_alpha_to_one", false, "prediction_type", "epsilon",
            "timestep_spacing", "leading", "steps_offset", 0)),

    /** {@code EulerDiscreteScheduler}. */
    EULER("EulerDiscreteScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "prediction_type", "epsilon", "interpolation_type", "linear",
            "use_karras_sigmas", false, "use_exponential_sigmas", false, "use_beta_sigmas", false,
            "sigma_min", null, "sigma_max", null, "timestep_spacing", "linspace", "timestep_type", "discrete",
            "steps_offset", 0, "rescale_betas_zero_snr", false, "final_sigmas_type", "zero")),

    /** {@code EulerAncestralDiscreteScheduler}. */
    EULER_ANCESTRAL("EulerAncestralDiscreteScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "prediction_type", "epsilon", "timestep_spacing", "linspace", "steps_offset", 0,
            "rescale_betas_zero_snr", false)),

    /** {@code HeunDiscreteScheduler}. */
    HEUN("HeunDiscreteScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.00085, "beta_end", 0.012, "beta_schedule", "linear",
            "trained_betas", null, "prediction_type", "epsilon", "use_karras_sigmas", false,
            "use_exponential_sigmas", false, "use_beta_sigmas", false, "clip_sample", false,
            "clip_sample_range", 1.0, "timestep_spacing", "linspace", "steps_offset", 0)),

    /** {@code LMSDiscreteScheduler}. */
    LMS("LMSDiscreteScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "use_karras_sigmas", false, "use_exponential_sigmas", false,
            "use_beta_sigmas", false, "prediction_type", "epsilon", "timestep_spacing", "linspace",
            "steps_offset", 0)),

    /** {@code DPMSolverMultistepScheduler}. */
    DPM_SOLVER_MULTISTEP("DPMSolverMultistepScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "solver_order", 2, "prediction_type", "epsilon", "thresholding", false,
            "dynamic_thresholding_ratio", 0.995, "sample_max_value", 1.0, "algorithm_type", "dpmsolver++",
            "solver_type", "midpoint", "lower_order_final", true, "euler_at_final", false,
            "use_karras_sigmas", false, "use_exponential_sigmas", false, "use_beta_sigmas", false,
            "use_lu_lambdas", false, "use_flow_sigmas", false, "flow_shift", 1.0, "final_sigmas_type", "zero",
            "lambda_min_clipped", Double.NEGATIVE_INFINITY, "variance_type", null, "timestep_spacing", "linspace",
            "steps_offset", 0, "rescale_betas_zero_snr", false, "use_dynamic_shifting", false,
            "time_shift_type", "exponential")),

    /** {@code DPMSolverSinglestepScheduler}. */
    DPM_SOLVER_SINGLESTEP("DPMSolverSinglestepScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "solver_order", 2, "prediction_type", "epsilon", "thresholding", false,
            "dynamic_thresholding_ratio", 0.995, "sample_max_value", 1.0, "algorithm_type", "dpmsolver++",
            "solver_type", "midpoint", "lower_order_final", false, "use_karras_sigmas", false,
            "use_exponential_sigmas", false, "use_beta_sigmas", false, "use_flow_sigmas", false, "flow_shift", 1.0,
            "final_sigmas_type", "zero", "lambda_min_clipped", Double.NEGATIVE_INFINITY, "variance_type", null,
            "use_dynamic_shifting", false, "time_shift_type", "exponential")),

    /** {@code UniPCMultistepScheduler}. */
    UNIPC("UniPCMultistepScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "solver_order", 2, "prediction_type", "epsilon", "thresholding", false,
            "dynamic_thresholding_ratio", 0.995, "sample_max_value", 1.0, "predict_x0", true, "solver_type", "bh2",
            "lower_order_final", true, "disable_corrector", List.of(), "solver_p", null, "use_karras_sigmas", false,
            "use_exponential_sigmas", false, "use_beta_sigmas", false, "use_flow_sigmas", false, "flow_shift", 1.0,
            "timestep_spacing", "linspace", "steps_offset", 0, "final_sigmas_type", "zero",
            "rescale_betas_zero_snr", false, "use_dynamic_shifting", false, "time_shift_type", "exponential",
            "sigma_min", null, "sigma_max", null, "shift_terminal", null)),

    /** {@code DEISMultistepScheduler}. */
    DEIS("DEISMultistepScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "solver_order", 2, "prediction_type", "epsilon", "thresholding", false,
            "dynamic_thresholding_ratio", 0.995, "sample_max_value", 1.0, "algorithm_type", "deis",
            "solver_type", "logrho", "lower_order_final", true, "use_karras_sigmas", false,
            "use_exponential_sigmas", false, "use_beta_sigmas", false, "use_flow_sigmas", false, "flow_shift", 1.0,
            "timestep_spacing", "linspace", "steps_offset", 0, "use_dynamic_shifting", false,
            "time_shift_type", "exponential")),

    /**
     * {@code SASolverScheduler}. {@code tau_func} (a Python callable) can only be {@code null} in a config file:
     * diffusers' default, {@code tau = 1} on train timesteps 200..800 and 0 elsewhere.
     */
    SA_SOLVER("SASolverScheduler", Family.DISCRETE, keys(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "predictor_order", 2, "corrector_order", 2, "prediction_type", "epsilon",
            "tau_func", null, "thresholding", false, "dynamic_thresholding_ratio", 0.995, "sample_max_value", 1.0,
            "algorithm_type", "data_prediction", "lower_order_final", true, "use_karras_sigmas", false,
            "lambda_min_clipped", Double.NEGATIVE_INFINITY, "variance_type", null, "timestep_spacing", "linspace",
            "steps_offset", 0)),

    /** {@code FlowMatchEulerDiscreteScheduler}. */
    FLOW_MATCH_EULER("FlowMatchEulerDiscreteScheduler", Family.FLOW, keys(
            "num_train_timesteps", 1000, "shift", 1.0, "use_dynamic_shifting", false, "base_shift", 0.5,
            "max_shift", 1.15, "base_image_seq_len", 256, "max_image_seq_len", 4096, "invert_sigmas", false,
            "shift_terminal", null, "use_karras_sigmas", false, "use_exponential_sigmas", false,
            "use_beta_sigmas", false, "time_shift_type", "exponential", "stochastic_sampling", false)),

    /** {@code FlowMatchHeunDiscreteScheduler}. */
    FLOW_MATCH_HEUN("FlowMatchHeunDiscreteScheduler", Family.FLOW, keys("num_train_timesteps", 1000, "shift", 1.0));

    /** What a class's training noise levels are. */
    public enum Family {
        /** A table of {@code num_train_timesteps} betas (DDPM). */
        DISCRETE,
        /** The rectified-flow interpolation {@code x_t = (1 - t) x0 + t eps}. */
        FLOW
    }

    private final String className;
    private final Family family;
    private final Map<String, Object> defaults;

    SchedulerClass(String className, Family family, Map<String, Object> defaults) {
        this.className = className;
        this.family = family;
        this.defaults = defaults;
    }

    private static Map<String, Object> keys(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return diffusers' class name, e.g. {@code EulerDiscreteScheduler} */
    public String className() {
        return className;
    }

    /** @return the class name without the {@code Scheduler} suffix, e.g. {@code EulerDiscrete} */
    public String shortName() {
        return className.substring(0, className.length() - "Scheduler".length());
    }

    /** @return discrete (betas) or flow */
    public Family family() {
        return family;
    }

    /** @return every constructor argument with its default, in the constructor's order (unmodifiable) */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * @param key a config key
     * @return whether the constructor takes it
     */
    public boolean accepts(String key) {
        return defaults.containsKey(key);
    }

    /**
     * Looks a class up by diffusers' name. The Flax variants ({@code FlaxPNDMScheduler}, ...) that old PyTorch
     * pipelines still name map to the PyTorch class, as diffusers does when it loads them.
     *
     * @param name {@code _class_name}, with or without the {@code Scheduler} suffix and the {@code Flax} prefix,
     *     case-insensitive
     * @return the class
     * @throws InvalidInputException naming {@code _class_name} if no class of that name is supported
     */
    public static SchedulerClass of(String name) {
        if (name != null) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("flax")) {
                n = n.substring(4);
            }
            for (SchedulerClass c : values()) {
                String full = c.className.toLowerCase(Locale.ROOT);
                if (n.equals(full) || n.equals(c.shortName().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
        }
        throw new InvalidInputException("_class_name", name, "one of " + Arrays.stream(values())
                .map(SchedulerClass::className).toList());
    }
}
