package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

    /** Stable Diffusion 1.5's scheduler_config.json (PNDM, keys as shipped). */
    static final String SD15 = "{\"_class_name\": \"PNDMScheduler\", \"_diffusers_version\": \"0.6.0\","
            + " \"beta_end\": 0.012, \"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085,"
            + " \"num_train_timesteps\": 1000, \"set_alpha_to_one\": false, \"skip_prk_steps\": true,"
            + " \"steps_offset\": 1, \"trained_betas\": null, \"clip_sample\": false}";

    @Test
    void keysTheFileOmitsTakeTheNewClassDefaultsAfterASwap() {
        SchedulerConfig pndm = SchedulerConfig.parse(SD15);
        assertThat(pndm.schedulerClass()).isEqualTo(SchedulerClass.PNDM);
        assertThat(pndm.string("timestep_spacing")).isEqualTo("leading");
        SchedulerConfig euler = pndm.as(SchedulerClass.EULER, Map.of());
        assertThat(euler.string("timestep_spacing")).isEqualTo("linspace");
        assertThat(euler.integer("steps_offset")).isEqualTo(1);
        assertThat(euler.string("beta_schedule")).isEqualTo("scaled_linear");
        assertThat(euler.values().keySet()).containsExactlyElementsOf(SchedulerClass.EULER.defaults().keySet());
        assertThat(euler.explicitKeys()).contains("steps_offset").doesNotContain("timestep_spacing");
    }

    @Test
    void droppedFileKeysAreWarnedAboutOneByOne() {
        SchedulerConfig euler = SchedulerConfig.parse(SD15).as(SchedulerClass.EULER, Map.of());
        assertThat(euler.warnings()).hasSize(3);
        assertThat(String.join("\n", euler.warnings())).contains("skip_prk_steps=true", "set_alpha_to_one=false",
                "clip_sample=false");
        SchedulerConfig zeroSnr = SchedulerConfig.of(Map.of("_class_name", "DDIMScheduler",
                "rescale_betas_zero_snr", true)).as(SchedulerClass.PNDM, Map.of());
        assertThat(zeroSnr.warnings()).singleElement().asString().contains("rescale_betas_zero_snr=true");
    }

    @Test
    void overridesWinAndMustBeArgumentsOfTheClass() {
        SchedulerConfig dpm = SchedulerConfig.parse(SD15).as(SchedulerClass.DPM_SOLVER_MULTISTEP,
                Map.of("use_karras_sigmas", true, "solver_order", 3));
        assertThat(dpm.bool("use_karras_sigmas")).isTrue();
        assertThat(dpm.integer("solver_order")).isEqualTo(3);
        InvalidInputException e = catchThrowableOfType(() -> SchedulerConfig.parse(SD15)
                .as(SchedulerClass.EULER, Map.of("skip_prk_steps", true)), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("skip_prk_steps");
        assertThat(e.allowed()).contains("EulerDiscreteScheduler");
    }

    @Test
    void badValuesNameKeyValueAndWhatIsAllowed() {
        assertRejected("{\"_class_name\": \"DDIMScheduler\", \"beta_schedule\": \"cosine\"}", "beta_schedule",
                "cosine");
        assertRejected("{\"_class_name\": \"DDIMScheduler\", \"steps_offset\": \"1\"}", "steps_offset", "1");
        assertRejected("{\"_class_name\": \"DDIMScheduler\", \"timestep_spacing\": \"uniform\"}",
                "timestep_spacing", "uniform");
        assertRejected("{\"_class_name\": \"EulerDiscreteScheduler\", \"timestep_type\": \"karras\"}",
                "timestep_type", "karras");
        assertRejected("{\"_class_name\": \"EulerDiscreteScheduler\", \"interpolation_type\": \"log_linear\"}",
                "interpolation_type", "log_linear");
        assertRejected("{\"_class_name\": \"NoSuchScheduler\"}", "_class_name", "NoSuchScheduler");
        assertRejected("[1, 2]", "", "[1, 2]");
        InvalidInputException dup = catchThrowableOfType(() -> SchedulerConfig.parse(
                "{\"_class_name\": \"DDIMScheduler\", \"steps_offset\": 1, \"steps_offset\": 0}"),
                InvalidInputException.class);
        assertThat(dup.value()).contains("steps_offset");
        assertThat(catchThrowableOfType(() -> SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\"} {}"),
                InvalidInputException.class)).isNotNull();
        assertThat(SchedulerConfig.parse("{\"_class_name\": \"DPMSolverMultistepScheduler\","
                + " \"lambda_min_clipped\": -Infinity}").number("lambda_min_clipped"))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertRejected("{\"_class_name\": \"DPMSolverMultistepScheduler\", \"algorithm_type\": \"dpmsolver\"}",
                "final_sigmas_type", "zero");
        assertRejected("{\"_class_name\": \"EulerDiscreteScheduler\", \"use_karras_sigmas\": true,"
                + " \"use_beta_sigmas\": true}", "use_karras_sigmas", "use_karras_sigmas=true, "
                + "use_exponential_sigmas=false, use_beta_sigmas=true");
        assertRejected("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": 0}", "shift", "0");
    }

    private static void assertRejected(String json, String path, String value) {
        InvalidInputException e = catchThrowableOfType(() -> SchedulerConfig.parse(json),
                InvalidInputException.class);
        assertThat(e).as(json).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.value()).isEqualTo(value);
    }

    @Test
    void typesOfAnotherFamilyAreRewrittenWithAWarningAsDiffusersDoes() {
        SchedulerConfig unipc = SchedulerConfig.of(Map.of("_class_name", "UniPCMultistepScheduler",
                "solver_type", "midpoint"));
        assertThat(unipc.string("solver_type")).isEqualTo("bh2");
        assertThat(unipc.warnings()).singleElement().asString().contains("solver_type=midpoint by bh2");
        SchedulerConfig deis = SchedulerConfig.of(Map.of("_class_name", "DPMSolverMultistepScheduler",
                "algorithm_type", "dpmsolver++")).as(SchedulerClass.DEIS, Map.of());
        assertThat(deis.string("algorithm_type")).isEqualTo("deis");
        assertRejected("{\"_class_name\": \"DPMSolverSinglestepScheduler\", \"algorithm_type\": \"dpmsolver\"}",
                "final_sigmas_type", "zero");
    }

    @Test
    void continuousEulerTimestepsAreEdmNoiseConditioningForVPrediction() {
        SchedulerConfig c = SchedulerConfig.of(Map.of("_class_name", "EulerDiscreteScheduler",
                "timestep_type", "continuous", "prediction_type", "v_prediction"));
        DiffusersGrid g = DiffusersGrid.of(c, SetTimesteps.of(5), Precision.FLOAT64);
        for (int i = 0; i < 5; i++) {
            assertThat(g.timesteps()[i]).isEqualTo(0.25 * Math.log(g.sigmas()[i]));
        }
        SchedulerConfig eps = SchedulerConfig.of(Map.of("_class_name", "EulerDiscreteScheduler",
                "timestep_type", "continuous"));
        assertThat(DiffusersGrid.of(eps, SetTimesteps.of(5), Precision.FLOAT64).timesteps()[0]).isEqualTo(999.0);
    }

    @Test
    void flaxAndShortClassNamesMapToThePyTorchClass() {
        assertThat(SchedulerClass.of("FlaxPNDMScheduler")).isEqualTo(SchedulerClass.PNDM);
        assertThat(SchedulerClass.of("EulerDiscrete")).isEqualTo(SchedulerClass.EULER);
        assertThat(SchedulerClass.of("flowmatcheulerdiscretescheduler")).isEqualTo(SchedulerClass.FLOW_MATCH_EULER);
    }

    @Test
    void gridErrorsAreStructuredToo() {
        SchedulerConfig pndm = SchedulerConfig.of(Map.of("_class_name", "PNDMScheduler"));
        InvalidInputException e = catchThrowableOfType(() -> DiffusersGrid.of(pndm, SetTimesteps.of(3),
                Precision.FLOAT64), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("num_inference_steps");
        SchedulerConfig flux = SchedulerConfig.of(Map.of("_class_name", "FlowMatchEulerDiscreteScheduler",
                "use_dynamic_shifting", true));
        e = catchThrowableOfType(() -> DiffusersGrid.of(flux, SetTimesteps.of(4), Precision.FLOAT64),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("mu");
        SchedulerConfig heun = SchedulerConfig.of(Map.of("_class_name", "FlowMatchHeunDiscreteScheduler"));
        e = catchThrowableOfType(() -> DiffusersGrid.of(heun, new SetTimesteps(2, Double.NaN, new double[] {1, 0.5}),
                Precision.FLOAT64), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("sigmas");
    }
}
