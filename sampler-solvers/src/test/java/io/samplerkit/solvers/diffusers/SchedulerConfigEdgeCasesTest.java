package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Config values that once escaped as internal errors (or out-of-memory) instead of an {@link InvalidInputException}
 * naming the key: each is now refused while loading, setting the timesteps or building the run, or runs as
 * diffusers does.
 */
class SchedulerConfigEdgeCasesTest {

    private static InvalidInputException refusal(Map<String, Object> file, int steps) {
        InvalidInputException e = catchThrowableOfType(() -> {
            SchedulerConfig c = SchedulerConfig.of(file);
            DiffusersPipeline.of(c, SetTimesteps.of(steps));
        }, InvalidInputException.class);
        assertThat(e).as("%s must be refused", file).isNotNull();
        return e;
    }

    @Test
    void aTrainingTableTooLargeForMemoryIsRefusedBeforeItIsBuilt() {
        InvalidInputException e = refusal(Map.of("_class_name", "EulerDiscreteScheduler",
                "num_train_timesteps", 2_000_000_000), 10);
        assertThat(e.path()).isEqualTo("num_train_timesteps");
        assertThat(e.value()).isEqualTo("2000000000");
    }

    @Test
    void zeroSnrFloorAboveThePreviousLevelNamesTheRescaling() {
        // linear betas 1e-4..0.02 rescaled to zero SNR: alphas_cumprod[998] = 4.0e-9 is below diffusers' 2^-24 floor
        for (String cls : List.of("EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler",
                "DPMSolverMultistepScheduler", "UniPCMultistepScheduler")) {
            InvalidInputException e = refusal(Map.of("_class_name", cls, "rescale_betas_zero_snr", true), 10);
            assertThat(e.path()).as(cls).isEqualTo("rescale_betas_zero_snr");
            assertThat(e.value()).isEqualTo("true");
        }
        // SD 2.1's scaled-linear betas keep their floor below the level before it: accepted, as in the reference set
        SchedulerConfig ok = SchedulerConfig.of(Map.of("_class_name", "EulerDiscreteScheduler",
                "rescale_betas_zero_snr", true, "beta_schedule", "scaled_linear", "beta_start", 0.00085,
                "beta_end", 0.012));
        assertThat(DiffusersPipeline.of(ok, SetTimesteps.of(10)).grid().sigmas()[0]).isEqualTo(Math.sqrt(0x1p24 - 1));
    }

    @Test
    void betasWhoseProductUnderflowsOrDoesNotDecreaseNameTheirKey() {
        InvalidInputException e = refusal(Map.of("_class_name", "PNDMScheduler", "beta_end", 0.999), 10);
        assertThat(e.path()).isEqualTo("beta_end");
        e = refusal(Map.of("_class_name", "EulerDiscreteScheduler", "beta_start", 1e-17, "beta_end", 1e-17), 10);
        assertThat(e.path()).isEqualTo("beta_start");
        List<Double> betas = new ArrayList<>(Collections.nCopies(10, 0.1));
        betas.set(9, 1.0);
        // a last beta of 1 is zero terminal SNR: DDIM starts from pure noise, Euler would divide by alphas_cumprod 0
        e = refusal(Map.of("_class_name", "EulerDiscreteScheduler", "num_train_timesteps", 10,
                "trained_betas", betas), 4);
        assertThat(e.path()).isEqualTo("trained_betas[9]");
        SchedulerConfig ddim = SchedulerConfig.of(Map.of("_class_name", "DDIMScheduler", "num_train_timesteps", 10,
                "trained_betas", betas, "timestep_spacing", "trailing", "prediction_type", "v_prediction"));
        assertThat(DiffusersPipeline.of(ddim, SetTimesteps.of(4)).describe()).contains("pure noise");
        // the zero-SNR rescaling of a table that underflows is refused on the betas, before it is rescaled
        e = refusal(Map.of("_class_name", "DDPMScheduler", "beta_end", 0.999, "rescale_betas_zero_snr", true), 10);
        assertThat(e.path()).isEqualTo("beta_end");
        SchedulerConfig zeroEnd = SchedulerConfig.of(Map.of("_class_name", "DDIMScheduler", "num_train_timesteps", 10,
                "trained_betas", betas, "timestep_spacing", "trailing", "prediction_type", "v_prediction",
                "rescale_betas_zero_snr", true));
        assertThat(TrainingTable.of(zeroEnd, Precision.FLOAT64).alphasCumprod()[9]).isZero();
    }

    @Test
    void respacedBoundsInTheWrongOrderNameTheBound() {
        for (String spacing : List.of("use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas")) {
            InvalidInputException e = refusal(Map.of("_class_name", "EulerDiscreteScheduler", spacing, true,
                    "sigma_min", 10.0, "sigma_max", 0.1), 10);
            assertThat(e.path()).as(spacing).isEqualTo("sigma_min");
            e = refusal(Map.of("_class_name", "UniPCMultistepScheduler", spacing, true, "sigma_min", 1.0,
                    "sigma_max", 1.0), 10);
            assertThat(e.path()).as(spacing).isEqualTo("sigma_min");
        }
        // sigma_min above the table's largest sigma (157.4) with no sigma_max: the table's bound is the other end
        InvalidInputException e = refusal(Map.of("_class_name", "EulerDiscreteScheduler", "use_karras_sigmas", true,
                "sigma_min", 500.0), 10);
        assertThat(e.path()).isEqualTo("sigma_min");
        assertThat(e.allowed()).contains("157.4");
    }

    @Test
    void thresholdingParametersOutsideTheirRangeAreRefusedWhenThresholdingIsOn() {
        Map<String, Object> base = Map.of("_class_name", "UniPCMultistepScheduler", "thresholding", true);
        assertThat(refusal(with(base, "dynamic_thresholding_ratio", 2.0), 10).path())
                .isEqualTo("dynamic_thresholding_ratio");
        assertThat(refusal(with(base, "sample_max_value", -1.0), 10).path()).isEqualTo("sample_max_value");
        assertThat(refusal(with(base, "sample_max_value", Double.POSITIVE_INFINITY), 10).path())
                .isEqualTo("sample_max_value");
        // without thresholding the two values are unused, as in diffusers
        SchedulerConfig off = SchedulerConfig.of(Map.of("_class_name", "UniPCMultistepScheduler",
                "dynamic_thresholding_ratio", 2.0, "sample_max_value", -1.0));
        assertThat(DiffusersPipeline.of(off, SetTimesteps.of(10))).isNotNull();
    }

    @Test
    void nanIsNeverANumber() {
        InvalidInputException e = catchThrowableOfType(() -> SchedulerConfig.parse("{\"_class_name\": "
                + "\"DPMSolverMultistepScheduler\", \"lambda_min_clipped\": NaN}"), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("lambda_min_clipped");
        e = catchThrowableOfType(() -> SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"clip_sample\": "
                + "false, \"clip_sample_range\": NaN}"), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("clip_sample_range");
        e = refusal(Map.of("_class_name", "DDIMScheduler", "num_train_timesteps", 3,
                "trained_betas", List.of(0.1, Double.NaN, 0.3)), 2);
        assertThat(e.path()).isEqualTo("trained_betas[1]");
    }

    @Test
    void aClippingThresholdAboveEveryTrainingLevelNamesTheThreshold() {
        InvalidInputException e = refusal(Map.of("_class_name", "DPMSolverMultistepScheduler",
                "lambda_min_clipped", 100.0), 10);
        assertThat(e.path()).isEqualTo("lambda_min_clipped");
        e = refusal(Map.of("_class_name", "DPMSolverMultistepScheduler", "lambda_min_clipped", "inf"), 10);
        assertThat(e.path()).isEqualTo("lambda_min_clipped");
    }

    @Test
    void extremeFlowShiftsThatCollapseTheGridNameTheShift() {
        InvalidInputException e = refusal(Map.of("_class_name", "FlowMatchEulerDiscreteScheduler", "shift", 1e300),
                10);
        assertThat(e.path()).isEqualTo("shift");
        e = refusal(Map.of("_class_name", "UniPCMultistepScheduler", "use_flow_sigmas", true,
                "prediction_type", "flow_prediction", "flow_shift", 1e300), 10);
        assertThat(e.path()).isEqualTo("flow_shift");
        SchedulerConfig flux = SchedulerConfig.of(Map.of("_class_name", "FlowMatchEulerDiscreteScheduler",
                "use_dynamic_shifting", true, "base_image_seq_len", 4096, "max_image_seq_len", 4096));
        e = catchThrowableOfType(() -> SetTimesteps.fluxPipeline(flux, 10, 1024), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("max_image_seq_len");
        // the Flux pipeline's call on a scheduler that takes neither mu nor custom sigmas names the sequence length
        for (Map<String, Object> notFlow : List.<Map<String, Object>>of(Map.of("_class_name", "DDPMScheduler"),
                Map.of("_class_name", "UniPCMultistepScheduler"))) {
            SchedulerConfig other = SchedulerConfig.of(notFlow);
            e = catchThrowableOfType(() -> SetTimesteps.fluxPipeline(other, 10, 1024), InvalidInputException.class);
            assertThat(e.path()).isEqualTo("image_seq_len");
            assertThat(e.getMessage()).contains(other.schedulerClass().className());
        }
        e = catchThrowableOfType(() -> new SetTimesteps(2, Double.NaN, new double[] {0.5, 0.7}),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("sigmas[1]");
    }

    @Test
    void aMultistepRunWithFewerStepsThanItsOrderWarmsUpAsDiffusersDoes() {
        // diffusers' first steps use orders 1, 2, ..: one step of order 2 is one first-order step (DDIM's)
        GaussianData data = GaussianData.diagonal(new double[] {0.0}, new double[] {0.25});
        for (String algorithm : List.of("dpmsolver++", "sde-dpmsolver++")) {
            SchedulerConfig c = SchedulerConfig.of(Map.of("_class_name", "DPMSolverMultistepScheduler",
                    "algorithm_type", algorithm, "solver_order", 3));
            for (int steps = 1; steps <= 2; steps++) {
                DiffusersPipeline run = DiffusersPipeline.of(c, SetTimesteps.of(steps));
                Batch out = run.sample(data.model(run.schedule(), run.prediction()), Batch.of(new double[][] {{1.3}}),
                        3L).x();
                assertThat(out.get(0, 0)).as("%s, %d steps", algorithm, steps).isFinite();
            }
        }
        SchedulerConfig one = SchedulerConfig.of(Map.of("_class_name", "DPMSolverMultistepScheduler"));
        DiffusersPipeline run = DiffusersPipeline.of(one, SetTimesteps.of(1));
        // a single step from sigma_max to zero noise with the first-order data-prediction update returns x0_hat
        double x = 1.3;
        double s = run.grid().sigmas()[0];
        double alpha = 1 / Math.sqrt(1 + s * s);
        double x0 = 0.25 * alpha * x / (0.25 * alpha * alpha + s * s * alpha * alpha);
        Batch out = run.sample(data.model(run.schedule(), run.prediction()), Batch.of(new double[][] {{x}}), 3L).x();
        assertThat(out.get(0, 0)).isCloseTo(x0, Offset.offset(1e-12));
    }

    @Test
    void trainedBetasMakeTheBetaScheduleKeysUnused() {
        // diffusers reads trained_betas first and never looks at beta_schedule, beta_start or beta_end
        List<Double> betas = new ArrayList<>(Collections.nCopies(20, 0.05));
        SchedulerConfig c = SchedulerConfig.of(Map.of("_class_name", "DDIMScheduler", "num_train_timesteps", 20,
                "trained_betas", betas, "beta_schedule", "my_schedule", "beta_start", 0.0, "beta_end", 2.0));
        assertThat(TrainingTable.of(c, Precision.FLOAT64).betas()).containsOnly(0.05);
        assertThat(DiffusersPipeline.of(c, SetTimesteps.of(4))).isNotNull();
    }

    @Test
    void aStepsOffsetThatPushesLeadingTimestepsOffTheTableNamesTheOffset() {
        InvalidInputException e = refusal(Map.of("_class_name", "EulerDiscreteScheduler",
                "timestep_spacing", "leading", "steps_offset", 5000), 10);
        assertThat(e.path()).isEqualTo("steps_offset");
        e = refusal(Map.of("_class_name", "DDIMScheduler", "steps_offset", 1), 1000);
        assertThat(e.path()).isEqualTo("steps_offset");
        // a step count that no offset rescues still names the step count
        e = refusal(Map.of("_class_name", "DDIMScheduler"), 1001);
        assertThat(e.path()).isEqualTo("num_inference_steps");
    }

    @Test
    void aSinglestepRunWhoseLastStepHasZeroLengthNamesTheFinalSigmaType() {
        for (String spacing : List.of("use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas")) {
            InvalidInputException e = refusal(Map.of("_class_name", "DPMSolverSinglestepScheduler", spacing, true,
                    "final_sigmas_type", "sigma_min"), 25);
            assertThat(e.path()).as(spacing).isEqualTo("final_sigmas_type");
        }
    }

    @Test
    void keysListedInUseDefaultValuesTakeTheClassDefaultAsInDiffusers() {
        // json.dump(dict(pipe.scheduler.config)) writes _use_default_values: the keys the file had not given, which
        // diffusers' from_config drops again, so the new class's default applies
        SchedulerConfig c = SchedulerConfig.parse("{\"_class_name\": \"PNDMScheduler\", \"timestep_spacing\": "
                + "\"trailing\", \"steps_offset\": 1, \"_use_default_values\": [\"timestep_spacing\"]}");
        assertThat(c.string("timestep_spacing")).isEqualTo("leading");
        SchedulerConfig euler = c.as(SchedulerClass.EULER, Map.of());
        assertThat(euler.string("timestep_spacing")).isEqualTo("linspace");
        assertThat(euler.integer("steps_offset")).isEqualTo(1);
        assertThat(euler.explicitKeys()).doesNotContain("timestep_spacing");
        InvalidInputException e = catchThrowableOfType(() -> SchedulerConfig.parse("{\"_class_name\": "
                + "\"PNDMScheduler\", \"_use_default_values\": \"timestep_spacing\"}"), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("_use_default_values");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
