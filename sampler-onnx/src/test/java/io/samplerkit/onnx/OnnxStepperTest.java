package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.CallerModel;
import io.samplerkit.solvers.Img2Img;
import io.samplerkit.solvers.Inpainting;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.Stepper;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import org.junit.jupiter.api.Test;

/**
 * The ONNX example of docs/pipelines.md: the caller owns the shipped {@code digits-ddpm} network and drives
 * DPM-Solver++(2M) through a {@link Stepper}, from noise (bit-identical to {@code Solver.sample} with the network
 * handed over), from a half-noised digit (img2img) and with the top half of a digit known (inpainting); and the
 * shipped {@code scheduler_config.json} (DDPMScheduler) through {@code DiffusersPipeline.stepper}, bit-identical to
 * the pipeline's own run.
 */
class OnnxStepperTest {

    @Test
    void theCallerDrivesTheNetwork() throws Exception {
        VpDiscreteSchedule schedule = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        try (OnnxModel network = OnnxModel.builder(ShippedModels.file("digits-ddpm.onnx")).schedule(schedule)
                .prediction(Prediction.NOISE).time(TimeConvention.INDEX).intraOpThreads(1).build()) {
            Solver solver = SolverRegistry.standard().create("dpmpp-2m");
            Timesteps grid = Timesteps.of(schedule, new LogSnrGrid(), 1.0, schedule.timeOfIndex(0), 20)
                    .withZeroNoiseEnd(schedule);
            SamplingProblem problem = new SamplingProblem(schedule, CallerModel.answering(Prediction.NOISE), grid,
                    new SeededNoise(7), StepObserver.NONE, false, false);
            Batch xT = Batch.zeros(8, network.dim());
            problem.noise().standardNormal(0, xT);

            SamplingResult digits;
            try (Stepper stepper = solver.stepper(problem, xT)) {
                digits = answerWith(network, stepper);
            }
            SamplingResult handedOver = solver.sample(problem.withModel(network), xT);
            assertThat(digits.x().data()).isEqualTo(handedOver.x().data());
            assertThat(digits.modelCalls()).isEqualTo(grid.steps()).isEqualTo(21);

            SamplingProblem tail = Img2Img.truncate(problem, 0.5);
            SamplingResult edited;
            try (Stepper stepper = solver.stepper(tail, Img2Img.noisedStart(tail, digits.x()))) {
                edited = answerWith(network, stepper);
            }
            assertThat(edited.modelCalls()).isEqualTo(tail.timesteps().steps()).isEqualTo(10);

            Batch mask = Batch.zeros(8, network.dim());
            for (int row = 0; row < 8; row++) {
                for (int pixel = 0; pixel < 32; pixel++) {
                    mask.set(row, pixel, 1.0); // top half of the 8 x 8 image known
                }
            }
            Inpainting topHalf = new Inpainting(problem, digits.x(), mask, Inpainting.Noise.FIXED);
            SamplingResult inpainted;
            try (Stepper stepper = Stepper.start(solver, problem, xT, topHalf)) {
                inpainted = answerWith(network, stepper);
            }
            for (int row = 0; row < 8; row++) {
                for (int pixel = 0; pixel < 32; pixel++) {
                    assertThat(inpainted.x().get(row, pixel)).isEqualTo(digits.x().get(row, pixel));
                }
            }
        }
    }

    @Test
    void theCallerDrivesTheShippedSchedulerConfig() throws Exception {
        DiffusersPipeline pipeline = DiffusersPipeline.of(SchedulerConfig.read(ShippedModels.file(
                "scheduler_config.json")), SetTimesteps.of(25));
        try (OnnxModel network = OnnxModel.builder(ShippedModels.file("digits-ddpm.onnx")).schedule(pipeline.schedule())
                .prediction(pipeline.prediction()).time(TimeConvention.INDEX).intraOpThreads(1).build()) {
            Batch xT = Batch.zeros(8, network.dim());
            new SeededNoise(7).standardNormal(0, xT);
            SamplingResult digits;
            try (Stepper stepper = pipeline.stepper(CallerModel.answering(pipeline.prediction()), xT, 7)) {
                digits = answerWith(network, stepper);
            }
            SamplingResult handedOver = pipeline.sample(network, xT, 7);
            assertThat(digits.x().data()).isEqualTo(handedOver.x().data());
            assertThat(digits.modelCalls()).isEqualTo(handedOver.modelCalls()).isEqualTo(25);
            // DDPMScheduler's clipped last step ends inside [-1, 1]
            assertThat(java.util.Arrays.stream(digits.x().data()).map(Math::abs).max().orElseThrow())
                    .isLessThanOrEqualTo(1.0);
        }
    }

    /** The caller's loop: evaluate the network at each query, answer. */
    private static SamplingResult answerWith(OnnxModel network, Stepper stepper) {
        Batch answer = Batch.zeros(8, network.dim());
        while (!stepper.done()) {
            Stepper.Query q = stepper.query();
            network.evaluate(q.x(), q.t(), answer);
            stepper.answer(answer);
        }
        return stepper.result();
    }
}
