package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.testing.TimeRecordingModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The timestep a network is conditioned on ({@link DiffusersPipeline#timestepOf}) at every model call of the
 * scheduler's own loop is the value diffusers passes: {@code scheduler.timesteps} in call order (the grid, which the
 * reference set checks against diffusers), also where it is not the continuous index of the step's noise level.
 */
class NetworkTimestepTest {

    private static final GaussianData DATA = GaussianData.diagonal(new double[] {0.0}, new double[] {0.25});

    @Test
    void everyModelCallOfTheSchedulersLoopGetsDiffusersTimestep() {
        List<Map<String, Object>> configs = List.of(
                // fractional linspace timesteps (999/24 = 41.625 apart): the index of the interpolated sigma differs
                Map.of("_class_name", "EulerDiscreteScheduler"),
                Map.of("_class_name", "EulerDiscreteScheduler", "use_karras_sigmas", true),
                // sigma_max above the table: diffusers clamps the timestep to 999
                Map.of("_class_name", "EulerDiscreteScheduler", "use_karras_sigmas", true, "sigma_max", 1000.0),
                Map.of("_class_name", "EulerDiscreteScheduler", "timestep_type", "continuous",
                        "prediction_type", "v_prediction"),
                Map.of("_class_name", "HeunDiscreteScheduler", "use_karras_sigmas", true),
                Map.of("_class_name", "LMSDiscreteScheduler", "use_exponential_sigmas", true),
                // Karras timesteps rounded by diffusers
                Map.of("_class_name", "DPMSolverMultistepScheduler", "use_karras_sigmas", true),
                Map.of("_class_name", "DPMSolverMultistepScheduler", "use_flow_sigmas", true,
                        "prediction_type", "flow_prediction", "flow_shift", 3.0),
                Map.of("_class_name", "UniPCMultistepScheduler", "use_beta_sigmas", true),
                Map.of("_class_name", "DEISMultistepScheduler", "timestep_spacing", "trailing"),
                Map.of("_class_name", "DPMSolverSinglestepScheduler", "solver_order", 3),
                Map.of("_class_name", "DDIMScheduler", "timestep_spacing", "trailing", "steps_offset", 1),
                Map.of("_class_name", "PNDMScheduler", "skip_prk_steps", true, "steps_offset", 1),
                Map.of("_class_name", "FlowMatchEulerDiscreteScheduler", "shift", 3.0));
        for (Map<String, Object> file : configs) {
            SchedulerConfig config = SchedulerConfig.of(file);
            DiffusersPipeline run = DiffusersPipeline.of(config, SetTimesteps.of(25));
            TimeRecordingModel model = new TimeRecordingModel(DATA.model(run.schedule(), run.prediction()));
            run.sample(model, Batch.of(new double[][] {{0.4 * run.initNoiseSigma()}}), 1L);
            List<Double> times = model.times();
            double[] expected = run.grid().timesteps();
            assertThat(times).as("%s: model calls", file).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(run.timestepOf(times.get(i))).as("%s: call %d", file, i).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void betweenGridPointsTheTimestepIsTheContinuousIndex() {
        DiffusersPipeline run = DiffusersPipeline.of(SchedulerConfig.of(Map.of("_class_name",
                "EulerDiscreteScheduler")), SetTimesteps.of(10));
        assertThat(run.timestepOf(0.5 + 1e-9)).isEqualTo(1000 * (0.5 + 1e-9) - 1);
    }
}
