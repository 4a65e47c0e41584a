package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * The type and range of every config key, and the combinations diffusers' constructors reject, checked once when a
 * {@link SchedulerConfig} is bound. Keys that change only what a sampling run does (and that SamplerKit cannot
 * reproduce, e.g. {@code clip_sample: true}) are checked by {@link DiffusersPipeline}, so their grids stay
 * computable.
 */
final class ConfigRules {

    private static final List<String> SPACINGS = List.of("linspace", "leading", "trailing");
    /** Every {@code variance_type} DDPMScheduler's constructor takes. */
    static final List<String> DDPM_VARIANCES = List.of("fixed_small", "fixed_small_log", "fixed_large",
            "fixed_large_log", "learned", "learned_range");

    /**
     * Largest {@code num_train_timesteps} read: the limit run specs set on any table (the tables are held in
     * memory; diffusers' models use 1000).
     */
    static final int MAX_TRAIN_TIMESTEPS = 100_000;

    /** Highest predictor and corrector order SASolverScheduler takes. */
    static final int SA_MAX_ORDER = 4;

    private ConfigRules() {
    }

    /**
     * The values diffusers' constructors silently rewrite ({@code register_to_config}): an algorithm or solver type
     * of another family is replaced by the class's own. Each rewrite is a warning.
     */
    static void normalize(SchedulerClass cls, Map<String, Object> v, List<String> warnings) {
        switch (cls) {
            case DPM_SOLVER_MULTISTEP, DPM_SOLVER_SINGLESTEP -> {
                rewrite(cls, v, warnings, "algorithm_type", List.of("deis"), "dpmsolver++");
                rewrite(cls, v, warnings, "solver_type", List.of("logrho", "bh1", "bh2"), "midpoint");
            }
            case UNIPC -> rewrite(cls, v, warnings, "solver_type", List.of("midpoint", "heun", "logrho"), "bh2");
            case DEIS -> {
                rewrite(cls, v, warnings, "algorithm_type", List.of("dpmsolver", "dpmsolver++"), "deis");
                rewrite(cls, v, warnings, "solver_type", List.of("midpoint", "heun", "bh1", "bh2"), "logrho");
            }
            default -> { }
        }
    }

    private static void rewrite(SchedulerClass cls, Map<String, Object> v, List<String> warnings, String key,
            List<String> from, String to) {
        Object value = v.get(key);
        if (value instanceof String str && from.contains(str)) {
            v.put(key, to);
            warnings.add(String.format("%s replaces %s=%s by %s, as diffusers' constructor does", cls.className(),
                    key, str, to));
        }
    }

    static void validate(SchedulerConfig c) {
        SchedulerClass cls = c.schedulerClass();
        for (Map.Entry<String, Object> e : c.values().entrySet()) {
            check(c, cls, e.getKey(), e.getValue());
        }
        int sigmaKinds = 0;
        for (String k : List.of("use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas")) {
            if (cls.accepts(k) && c.bool(k)) {
                sigmaKinds++;
            }
        }
        if (sigmaKinds > 1) {
            throw new InvalidInputException("use_karras_sigmas", "use_karras_sigmas="
                    + (cls.accepts("use_karras_sigmas") && c.bool("use_karras_sigmas")) + ", use_exponential_sigmas="
                    + c.bool("use_exponential_sigmas") + ", use_beta_sigmas=" + c.bool("use_beta_sigmas"),
                    "at most one of use_karras_sigmas, use_exponential_sigmas, use_beta_sigmas true");
        }
        if (cls.accepts("thresholding") && c.bool("thresholding")) {
            double ratio = c.number("dynamic_thresholding_ratio");
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new InvalidInputException("dynamic_thresholding_ratio", c.value("dynamic_thresholding_ratio"),
                        "in [0, 1] when thresholding is true (the quantile of |x0| taken per sample)");
            }
            double max = c.number("sample_max_value");
            if (!(max >= 1 && max < Double.POSITIVE_INFINITY)) {
                throw new InvalidInputException("sample_max_value", c.value("sample_max_value"),
                        "a finite number >= 1 when thresholding is true (the largest threshold; diffusers clamps "
                                + "the threshold to [1, sample_max_value])");
            }
        }
        if (cls == SchedulerClass.DPM_SOLVER_MULTISTEP || cls == SchedulerClass.DPM_SOLVER_SINGLESTEP) {
            String algorithm = c.string("algorithm_type");
            if (!algorithm.equals("dpmsolver++") && !algorithm.equals("sde-dpmsolver++")
                    && c.string("final_sigmas_type").equals("zero")) {
                throw new InvalidInputException("final_sigmas_type", "zero",
                        "sigma_min when algorithm_type is " + algorithm);
            }
            if (cls == SchedulerClass.DPM_SOLVER_MULTISTEP && c.bool("use_lu_lambdas") && sigmaKinds > 0) {
                throw new InvalidInputException("use_lu_lambdas", true,
                        "false when use_karras/exponential/beta_sigmas is set");
            }
        }
    }

    private static void check(SchedulerConfig c, SchedulerClass cls, String key, Object value) {
        switch (key) {
            case "num_train_timesteps" -> {
                atLeast(c, key, 2);
                if (c.integer(key) > MAX_TRAIN_TIMESTEPS) {
                    throw new InvalidInputException(key, value, "an integer <= " + MAX_TRAIN_TIMESTEPS
                            + " (the training tables are held in memory; diffusers' models use 1000)");
                }
            }
            case "steps_offset" -> atLeast(c, key, 0);
            case "beta_start", "beta_end" -> {
                if (c.value("trained_betas") == null) {
                    open01(c, key);
                }
            }
            case "beta_schedule" -> {
                if (c.value("trained_betas") == null) {
                    oneOf(c, key, List.of("linear", "scaled_linear", "squaredcos_cap_v2"));
                }
            }
            case "trained_betas" -> {
                if (value != null) {
                    c.numbers(key);
                }
            }
            case "prediction_type" -> oneOf(c, key, cls == SchedulerClass.DDPM
                    ? List.of("epsilon", "v_prediction", "sample")
                    : List.of("epsilon", "v_prediction", "sample", "flow_prediction"));
            case "timestep_spacing" -> oneOf(c, key, SPACINGS);
            case "interpolation_type" -> oneOf(c, key, List.of("linear"));
            case "timestep_type" -> oneOf(c, key, List.of("discrete", "continuous"));
            case "final_sigmas_type" -> oneOf(c, key, List.of("zero", "sigma_min"));
            case "time_shift_type" -> oneOf(c, key, List.of("exponential"));
            case "solver_order" -> {
                int max = cls == SchedulerClass.UNIPC ? 3 : 3;
                int v = c.integer(key);
                if (v < 1 || v > max) {
                    throw new InvalidInputException(key, value, "in [1, " + max + "]");
                }
            }
            case "algorithm_type" -> oneOf(c, key, switch (cls) {
                case DPM_SOLVER_MULTISTEP -> List.of("dpmsolver++", "dpmsolver", "sde-dpmsolver++", "sde-dpmsolver");
                case DPM_SOLVER_SINGLESTEP -> List.of("dpmsolver++", "dpmsolver", "sde-dpmsolver++", "sde-dpmsolver");
                case SA_SOLVER -> List.of("data_prediction", "noise_prediction");
                default -> List.of("deis");
            });
            case "solver_type" -> oneOf(c, key, switch (cls) {
                case UNIPC -> List.of("bh1", "bh2");
                case DEIS -> List.of("logrho");
                default -> List.of("midpoint", "heun");
            });
            case "predictor_order", "corrector_order" -> {
                int v = c.integer(key);
                if (v < 1 || v > SA_MAX_ORDER) {
                    throw new InvalidInputException(key, value, "in [1, " + SA_MAX_ORDER + "] (SASolverScheduler's "
                            + "stochastic Adams orders)");
                }
            }
            case "tau_func" -> {
                if (value != null) {
                    throw new InvalidInputException(key, value, "null (a Python callable cannot be read from a "
                            + "config file; diffusers' default tau = 1 on train timesteps 200..800, 0 elsewhere, is "
                            + "used; other tau windows: registry sa-solver options tau, tau-t-min, tau-t-max)");
                }
            }
            case "lambda_min_clipped", "dynamic_thresholding_ratio", "sample_max_value", "base_shift",
                    "max_shift" -> c.number(key);
            case "clip_sample_range" -> {
                double r = c.number(key);
                if (c.bool("clip_sample") && !(r > 0 && r < Double.POSITIVE_INFINITY)) {
                    throw new InvalidInputException(key, value, "a finite number > 0 when clip_sample is true");
                }
            }
            case "base_image_seq_len", "max_image_seq_len" -> atLeast(c, key, 1);
            case "shift", "flow_shift" -> positive(c, key);
            case "sigma_min", "sigma_max" -> {
                if (value != null) {
                    positive(c, key);
                }
            }
            case "variance_type" -> {
                if (cls == SchedulerClass.DDPM) {
                    oneOf(c, key, DDPM_VARIANCES);
                } else if (value != null) {
                    // DPM-Solver reads only learned / learned_range (it then drops the variance channel); diffusers
                    // keeps any other value (e.g. DDPM's fixed_small, carried over by from_config) without effect
                    c.string(key);
                }
            }
            case "shift_terminal" -> {
                if (value != null) {
                    throw new InvalidInputException(key, value, "null (stretching the shifted grid to a terminal "
                            + "value is not supported)");
                }
            }
            case "solver_p" -> {
                if (value != null) {
                    throw new InvalidInputException(key, value, "null (an external UniPC predictor is not supported)");
                }
            }
            case "invert_sigmas" -> {
                if (c.bool(key)) {
                    throw new InvalidInputException(key, true, "false (inverted sigmas are not supported)");
                }
            }
            case "disable_corrector" -> {
                if (!(value instanceof List<?> list)) {
                    throw new InvalidInputException(key, value, "a list of step indices");
                }
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof Number n) || n.doubleValue() < 0
                            || n.doubleValue() != Math.rint(n.doubleValue())) {
                        throw new InvalidInputException(key + "[" + i + "]", list.get(i), "a step index >= 0");
                    }
                }
            }
            default -> {
                if (SchedulerClass.DDIM.defaults().get(key) instanceof Boolean
                        || cls.defaults().get(key) instanceof Boolean) {
                    c.bool(key);
                }
            }
        }
    }

    private static void atLeast(SchedulerConfig c, String key, int min) {
        int v = c.integer(key);
        if (v < min) {
            throw new InvalidInputException(key, v, "an integer >= " + min);
        }
    }

    private static void open01(SchedulerConfig c, String key) {
        double v = c.number(key);
        if (!(v > 0 && v < 1)) {
            throw new InvalidInputException(key, c.value(key), "in (0, 1)");
        }
    }

    private static void positive(SchedulerConfig c, String key) {
        double v = c.number(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(key, c.value(key), "a finite number > 0");
        }
    }

    private static void oneOf(SchedulerConfig c, String key, List<String> allowed) {
        String v = c.string(key);
        if (!allowed.contains(v)) {
            throw new InvalidInputException(key, v, "one of " + allowed);
        }
    }
}
