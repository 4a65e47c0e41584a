package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random configs, as an unseen-input checker writes them: every class, a few keys set to values drawn from a
 * pool of ordinary, edge and wrong values. Every one must either load, build its grids (float64 and float32) and run
 * to finite samples, or
 * be refused with an {@link InvalidInputException} while loading or building; any other exception (an internal error
 * of the command line) fails with the seed and the config.
 */
class SchedulerConfigFuzzTest {

    private static final long SEED = 20261206L;
    private static final int CONFIGS = 1500;
    private static final GaussianData DATA = GaussianData.diagonal(new double[] {0.0, 0.0}, new double[] {0.25, 0.25});

    /** Keys and candidate values (real values, edge values and wrong ones). */
    private static final Map<String, Object[]> POOL = new LinkedHashMap<>();

    static {
        POOL.put("num_train_timesteps", new Object[] {1000, 2, 10, 4000, 0, -5, 1000.5, 2_000_000_000, "1000"});
        POOL.put("beta_start", new Object[] {0.0001, 0.00085, 0.02, 0.5, 0.0, -0.1, 1.0, Double.NaN});
        POOL.put("beta_end", new Object[] {0.02, 0.012, 0.0001, 0.999, 0.0, 1.5, Double.POSITIVE_INFINITY});
        POOL.put("beta_schedule", new Object[] {"linear", "scaled_linear", "squaredcos_cap_v2", "sigmoid", 3});
        POOL.put("trained_betas", new Object[] {null, List.of(0.1, 0.2), List.of(), "x"});
        POOL.put("timestep_spacing", new Object[] {"linspace", "leading", "trailing", "uniform", null});
        POOL.put("steps_offset", new Object[] {0, 1, 5, -1, 10_000});
        POOL.put("prediction_type", new Object[] {"epsilon", "v_prediction", "sample", "flow_prediction", "x0"});
        POOL.put("rescale_betas_zero_snr", new Object[] {false, true, "true"});
        POOL.put("thresholding", new Object[] {false, true});
        POOL.put("dynamic_thresholding_ratio", new Object[] {0.995, 0.5, 2.0, -1.0, Double.NaN});
        POOL.put("sample_max_value", new Object[] {1.0, 1.5, 0.5, -1.0, Double.NaN, Double.POSITIVE_INFINITY});
        POOL.put("clip_sample", new Object[] {false, true});
        POOL.put("clip_sample_range", new Object[] {1.0, 2.0, 0.0, Double.NaN});
        POOL.put("use_karras_sigmas", new Object[] {false, true});
        POOL.put("use_exponential_sigmas", new Object[] {false, true});
        POOL.put("use_beta_sigmas", new Object[] {false, true});
        POOL.put("use_lu_lambdas", new Object[] {false, true});
        POOL.put("sigma_min", new Object[] {null, 0.002, 0.1, 10.0, 500.0, 0.0, Double.NaN});
        POOL.put("sigma_max", new Object[] {null, 80.0, 14.6, 0.1, 1e6, -1.0});
        POOL.put("final_sigmas_type", new Object[] {"zero", "sigma_min", "denoise"});
        POOL.put("lower_order_final", new Object[] {true, false});
        POOL.put("euler_at_final", new Object[] {false, true});
        POOL.put("solver_order", new Object[] {1, 2, 3, 4, 0});
        POOL.put("solver_type", new Object[] {"midpoint", "heun", "bh1", "bh2", "logrho", "x"});
        POOL.put("algorithm_type", new Object[] {"dpmsolver++", "dpmsolver", "sde-dpmsolver++", "sde-dpmsolver",
            "deis", "data_prediction", "noise_prediction"});
        POOL.put("lambda_min_clipped", new Object[] {"-inf", -5.1, 0.0, 100.0, Double.NaN});
        POOL.put("use_flow_sigmas", new Object[] {false, true});
        POOL.put("flow_shift", new Object[] {1.0, 3.0, 0.0, 1e300});
        POOL.put("shift", new Object[] {1.0, 3.0, 1e-300, 1e300, Double.NaN});
        POOL.put("use_dynamic_shifting", new Object[] {false, true});
        POOL.put("base_shift", new Object[] {0.5, Double.NaN, 1e300});
        POOL.put("max_shift", new Object[] {1.15, -1e300});
        POOL.put("base_image_seq_len", new Object[] {256, 4096, 0});
        POOL.put("max_image_seq_len", new Object[] {4096, 256});
        POOL.put("interpolation_type", new Object[] {"linear", "log_linear"});
        POOL.put("timestep_type", new Object[] {"discrete", "continuous"});
        POOL.put("variance_type", new Object[] {null, "fixed_small", "fixed_large", "learned_range"});
        POOL.put("set_alpha_to_one", new Object[] {true, false});
        POOL.put("skip_prk_steps", new Object[] {true, false});
        POOL.put("predict_x0", new Object[] {true, false});
        POOL.put("disable_corrector", new Object[] {List.of(), List.of(0, 1), List.of(-1)});
        POOL.put("predictor_order", new Object[] {2, 3, 5});
        POOL.put("corrector_order", new Object[] {2, 1, 0});
    }

    private static final int[] STEPS = {1, 2, 3, 4, 7, 10, 25, 999, 1000};

    @Test
    void everyRandomConfigRunsOrIsRefusedWithAStructuredError() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<String> keys = new ArrayList<>(POOL.keySet());
        SchedulerClass[] classes = SchedulerClass.values();
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CONFIGS; i++) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("_class_name", classes[rnd.nextInt(classes.length)].className());
            int count = 1 + rnd.nextInt(4);
            for (int j = 0; j < count; j++) {
                String key = keys.get(rnd.nextInt(keys.size()));
                Object[] values = POOL.get(key);
                file.put(key, values[rnd.nextInt(values.length)]);
            }
            int steps = STEPS[rnd.nextInt(STEPS.length)];
            int seqLen = rnd.nextBoolean() ? 0 : 1024;
            try {
                if (runOrRefuse(i, file, steps, seqLen)) {
                    ran++;
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).as("configs that neither ran nor were refused (seed %d)", SEED).isEmpty();
        // the pool is mostly ordinary values: a good share of the configs must get through to a run
        assertThat(ran).isGreaterThan(CONFIGS / 5);
    }

    /** @return true when the config ran, false when it was refused with a structured error */
    private static boolean runOrRefuse(int index, Map<String, Object> file, int steps, int seqLen) {
        try {
            SchedulerConfig config = SchedulerConfig.of(file);
            SetTimesteps call = seqLen > 0 && config.schedulerClass().accepts("use_dynamic_shifting")
                    ? SetTimesteps.fluxPipeline(config, steps, seqLen) : SetTimesteps.of(steps);
            for (Precision precision : Precision.values()) {
                DiffusersGrid grid = DiffusersGrid.of(config, call, precision);
                for (double s : grid.sigmas() == null ? new double[0] : grid.sigmas()) {
                    assertThat(s).as("%s sigma of config #%d %s, steps %d", precision, index, file, steps).isFinite();
                }
                for (double t : grid.timesteps()) {
                    assertThat(t).as("%s timestep of config #%d %s, steps %d", precision, index, file, steps)
                            .isFinite();
                }
            }
            DiffusersPipeline run = DiffusersPipeline.of(config, call);
            Batch xT = Batch.of(new double[][] {{0.7 * run.initNoiseSigma(), -1.1 * run.initNoiseSigma()}});
            Batch out = run.sample(DATA.model(run.schedule(), run.prediction()), xT, 1L).x();
            for (int j = 0; j < 2; j++) {
                assertThat(out.get(0, j)).as("sample of config #%d %s, steps %d", index, file, steps).isFinite();
            }
            return true;
        } catch (InvalidInputException e) {
            assertThat(e.path()).as("error path of config #%d %s: %s", index, file, e.getMessage()).isNotNull();
            return false;
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("config #%d (seed %d) %s, steps %d, image_seq_len %d: %s", index, SEED, file, steps, seqLen, e);
            return false;
        }
    }
}
