package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.VarianceChannelModel;
import io.samplerkit.solvers.CallerModel;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.Stepper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The caller-driven run of a configured pipeline ({@link DiffusersPipeline#stepper}) against the driver
 * ({@link DiffusersPipeline#sample}): same bits, same model calls and network evaluations, same visited times, the
 * queries in the order the driver evaluates the model. The cases cover what a pipeline adds around a solver run:
 * DDPM's stochastic clipped update, DDIM's chain cut into segments and its zero-length step at timestep 0, the
 * unscaled sample of the sigma schedulers (Euler), the step from pure noise (flow matching), diffusers' dynamic
 * thresholding wrapped around the answers, and a swapped-in solver with two evaluations per step.
 */
class PipelineStepperTest {

    private static final GaussianData DATA = GaussianData.diagonal(new double[] {0.4, -0.3, 1.7},
            new double[] {0.2, 0.05, 0.5});

    static Stream<Arguments> pipelines() {
        SchedulerConfig digits = SchedulerConfig.parse(DdpmSchedulerTest.DIGITS);
        SchedulerConfig sd15 = SchedulerConfig.parse(SchedulerConfigTest.SD15);
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("DDPM, clipped, stochastic", DiffusersPipeline.of(digits, SetTimesteps.of(10))));
        a.add(Arguments.of("DDIM trailing, chained segments", DiffusersPipeline.of(digits.as(SchedulerClass.DDIM,
                Map.of("timestep_spacing", "trailing", "clip_sample", false)), SetTimesteps.of(7))));
        a.add(Arguments.of("DDIM, zero-length step at timestep 0", DiffusersPipeline.of(digits.as(SchedulerClass.DDIM,
                Map.of("set_alpha_to_one", false)), SetTimesteps.of(8))));
        a.add(Arguments.of("Euler, unscaled sample", DiffusersPipeline.of(sd15.as(SchedulerClass.EULER, Map.of()),
                SetTimesteps.of(9))));
        a.add(Arguments.of("FlowMatchEuler, pure-noise step", DiffusersPipeline.of(SchedulerConfig.of(Map.of(
                "_class_name", "FlowMatchEulerDiscreteScheduler", "shift", 3.0)), SetTimesteps.of(6))));
        a.add(Arguments.of("DPM-Solver++ with dynamic thresholding", DiffusersPipeline.of(digits.as(
                SchedulerClass.DPM_SOLVER_MULTISTEP, Map.of("thresholding", true, "sample_max_value", 1.5)),
                SetTimesteps.of(12))));
        a.add(Arguments.of("DDPM grid, heun swapped in", DiffusersPipeline.of(digits, SetTimesteps.of(10))
                .withSolver(SolverRegistry.standard().create("heun", SolverOptions.empty()), "heun")));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void theStepperGivesTheDriversBitsAndModelCalls(String label, DiffusersPipeline pipeline) {
        DiffusionModel network = DATA.model(pipeline.schedule(), pipeline.prediction());
        Batch xT = Batch.zeros(3, 3);
        new SeededNoise(11).standardNormal(0, xT);
        for (int i = 0; i < xT.data().length; i++) {
            xT.data()[i] *= pipeline.initNoiseSigma();
        }
        List<Double> driverTimes = new ArrayList<>();
        DiffusionModel recording = new DiffusionModel() {
            @Override
            public io.samplerkit.core.model.Prediction prediction() {
                return network.prediction();
            }

            @Override
            public void evaluate(io.samplerkit.core.state.BatchView x, double t, Batch out) {
                driverTimes.add(t);
                network.evaluate(x, t, out);
            }
        };
        SamplingResult driver = pipeline.sample(recording, xT, 5);
        List<Double> queried = new ArrayList<>();
        SamplingResult stepped;
        try (Stepper s = pipeline.stepper(CallerModel.answering(pipeline.prediction()), xT, 5)) {
            Batch answer = Batch.zeros(3, 3);
            while (!s.done()) {
                Stepper.Query q = s.query();
                assertThat(q.evaluation()).isEqualTo(queried.size());
                queried.add(q.t());
                network.evaluate(q.x(), q.t(), answer);
                s.answer(answer);
            }
            stepped = s.result();
        }
        System.out.printf("%s: %s, %d model calls%n", label, pipeline.describe(), driver.modelCalls());
        assertThat(stepped.x().data()).containsExactly(driver.x().data());
        // model calls include DDIM's zero-length step at timestep 0, which diffusers makes too
        assertThat(stepped.modelCalls()).isEqualTo(driver.modelCalls());
        assertThat(stepped.networkEvaluations()).isEqualTo(driver.networkEvaluations());
        assertThat(stepped.times()).containsExactly(driver.times());
        assertThat(queried).containsExactlyElementsOf(driverTimes);
    }

    @Test
    void aLearnedVarianceIsAnsweredWithTheChannel() {
        DiffusersPipeline pipeline = DiffusersPipeline.of(SchedulerConfig.parse(DdpmSchedulerTest.DIGITS)
                .as(SchedulerClass.DDPM, Map.of("variance_type", "learned_range")), SetTimesteps.of(10));
        VarianceChannelModel network = new VarianceChannelModel(DATA.model(pipeline.schedule(), pipeline.prediction()),
                new double[] {-0.8, 0.1, 0.9}, new double[] {0.5, -0.4, 0.0});
        Batch xT = Batch.zeros(2, 3);
        new SeededNoise(4).standardNormal(0, xT);
        SamplingResult driver = pipeline.sample(network, xT, 8);
        SamplingResult stepped;
        try (Stepper s = pipeline.stepper(CallerModel.answeringWithVariance(pipeline.prediction()), xT, 8)) {
            Batch answer = Batch.zeros(2, 3);
            Batch channel = Batch.zeros(2, 3);
            assertThat(s.query().wantsVariance()).isTrue();
            InvalidInputException e = catchThrowableOfType(() -> s.answer(answer), InvalidInputException.class);
            assertThat(e.path()).isEqualTo("variance");
            int withChannel = 0;
            while (!s.done()) {
                Stepper.Query q = s.query();
                if (q.wantsVariance()) {
                    network.evaluateWithVariance(q.x(), q.t(), answer, channel);
                    s.answer(answer, channel);
                    withChannel++;
                } else {
                    network.evaluate(q.x(), q.t(), answer);
                    s.answer(answer);
                }
            }
            // the last step goes to zero noise, where no variance is drawn and the channel is not asked for
            assertThat(withChannel).isEqualTo(9);
            stepped = s.result();
        }
        assertThat(stepped.x().data()).containsExactly(driver.x().data());
        assertThat(stepped.modelCalls()).isEqualTo(driver.modelCalls()).isEqualTo(10);
        // without a declared channel the sampler refuses the run before its first query
        InvalidInputException e = catchThrowableOfType(() -> pipeline.stepper(CallerModel.answering(
                pipeline.prediction()), xT, 8), InvalidInputException.class);
        assertThat(e.path()).contains("variance");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void diffusersShapedStepsAreForSolverSteppersOnly(String label, DiffusersPipeline pipeline) {
        Batch xT = Batch.zeros(1, 3);
        try (Stepper s = pipeline.stepper(CallerModel.answering(pipeline.prediction()), xT, 5)) {
            IllegalStateException e = catchThrowableOfType(s::timesteps, IllegalStateException.class);
            assertThat(e).hasMessageContaining("query() and answer()");
            assertThat(s.done()).isFalse();
        }
    }
}
