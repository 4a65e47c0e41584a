package io.samplerkit.examples;

import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.CallerModel;
import io.samplerkit.solvers.Img2Img;
import io.samplerkit.solvers.Inpainting;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.Stepper;
import io.samplerkit.solvers.StepObserver;
import java.io.PrintStream;
import java.util.Map;

/**
 * The pipeline page (docs/pipelines.md) as a program: the caller owns the network and the loop. A
 * {@link Stepper} asks for every evaluation; the caller runs its network (here {@link PointSetDenoiser} with
 * classifier-free guidance computed by the caller, two network calls per answer), answers, and so samples from noise,
 * from a partly noised input (img2img) and with a known region (inpainting); a diffusers-shaped loop drives DPM-Solver++.
 */
public final class CallerDrivenExample {

    /** What the runs produced, for the test to check. */
    public record Outcome(SamplingResult text2img, SamplingResult img2img, SamplingResult inpainted,
            Batch diffusersShaped, SamplingResult diffusersReference, Batch clean) {
    }

    private CallerDrivenExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example and prints what it does.
     *
     * @param out where to print
     * @return the runs' results
     */
    public static Outcome run(PrintStream out) {
        NoiseSchedule schedule = VpLinearSchedule.standard();
        PointSetDenoiser unconditional = new PointSetDenoiser(schedule, concat(GuidedSamplingExample.LEFT,
                GuidedSamplingExample.RIGHT));
        PointSetDenoiser conditional = new PointSetDenoiser(schedule, GuidedSamplingExample.LEFT);
        double guidance = 2.0;
        // the caller's network: guided denoiser, two network calls per answer
        Network network = (x, t, answer, scratch) -> {
            unconditional.evaluate(x, t, scratch);
            conditional.evaluate(x, t, answer);
            Kernels.lerp(answer, scratch, guidance, answer);
        };

        Solver heun = SolverRegistry.standard().create("heun", SolverOptions.of(Map.of()));
        Timesteps grid = Timesteps.of(schedule, KarrasGrid.standard(), 1.0, 1e-3, 20);
        SamplingProblem problem = new SamplingProblem(schedule, CallerModel.answering(Prediction.DATA, 2), grid,
                new SeededNoise(42), StepObserver.NONE, false, false);
        Batch xT = Batch.zeros(4, 2);
        problem.noise().standardNormal(1000, xT);

        SamplingResult text2img;
        try (Stepper stepper = heun.stepper(problem, xT)) {
            text2img = drive(stepper, network);
        }
        out.printf("heun from noise: NFE %d, network evaluations %d%n", text2img.modelCalls(),
                text2img.networkEvaluations());

        Batch clean = Batch.of(new double[][] {{-0.7, 0.0}, {-0.7, 0.0}, {0.8, 0.1}, {0.8, 0.1}});
        SamplingProblem tail = Img2Img.truncate(problem, 0.5);
        Batch start = Img2Img.noisedStart(tail, clean);
        SamplingResult img2img;
        try (Stepper stepper = heun.stepper(tail, start)) {
            img2img = drive(stepper, network);
        }
        out.printf("img2img at strength 0.5: %d of %d steps from t = %.4f, NFE %d%n", tail.timesteps().steps(),
                grid.steps(), tail.tStart(), img2img.modelCalls());

        Batch mask = Batch.zeros(4, 2);
        for (int row = 0; row < 4; row++) {
            mask.set(row, 0, 1.0); // the first coordinate is known
        }
        Inpainting known = new Inpainting(problem, clean, mask, Inpainting.Noise.FIXED);
        Solver ancestral = SolverRegistry.standard().create("ddim", SolverOptions.of(Map.of("eta", 1.0)));
        SamplingProblem toZero = problem.withTimesteps(Timesteps.of(schedule, new LogSnrGrid(), 1.0, 1e-3, 30)
                .withZeroNoiseEnd(schedule));
        SamplingResult inpainted;
        try (Stepper stepper = Stepper.start(ancestral, toZero, xT, known)) {
            inpainted = drive(stepper, network);
        }
        out.printf("inpainted with ddim eta=1: first coordinates %s%n", column(inpainted.x(), 0));

        // diffusers' shape: timesteps(), then step(model_output, i, sample) for a one-call-per-step solver
        Solver dpmpp2m = SolverRegistry.standard().create("dpmpp-2m", SolverOptions.of(Map.of()));
        SamplingProblem logSnr = problem.withTimesteps(Timesteps.of(schedule, new LogSnrGrid(), 1.0, 1e-3, 15));
        Batch sample = xT.copy();
        Batch modelOutput = sample.like();
        Batch scratch = sample.like();
        SamplingResult reference;
        try (Stepper scheduler = dpmpp2m.stepper(logSnr, xT)) {
            double[] timesteps = scheduler.timesteps();
            for (int i = 0; i < timesteps.length; i++) {
                network.evaluate(sample, timesteps[i], modelOutput, scratch);
                scheduler.step(modelOutput, i, sample);
            }
            reference = scheduler.result();
        }
        out.printf("dpmpp-2m, diffusers-shaped loop: %d steps, sample %s%n", reference.steps(), sample);
        return new Outcome(text2img, img2img, inpainted, sample, reference, clean);
    }

    /** The caller's network: writes its (guided) prediction for {@code x} at schedule time {@code t}. */
    @FunctionalInterface
    interface Network {
        void evaluate(Batch x, double t, Batch answer, Batch scratch);
    }

    /** The caller's loop: answer every query until the run is done. */
    static SamplingResult drive(Stepper stepper, Network network) {
        Batch answer = null;
        Batch scratch = null;
        Batch input = null;
        while (!stepper.done()) {
            Stepper.Query q = stepper.query();
            if (answer == null) {
                answer = Batch.zeros(q.x().size(), q.x().dim());
                scratch = answer.like();
                input = answer.like();
            }
            input.copyFrom(q.x()); // e.g. the copy into the network's input tensor
            network.evaluate(input, q.t(), answer, scratch);
            stepper.answer(answer);
        }
        return stepper.result();
    }

    private static String column(Batch x, int col) {
        StringBuilder s = new StringBuilder("[");
        for (int row = 0; row < x.size(); row++) {
            s.append(row == 0 ? "" : ", ").append(String.format("%.4f", x.get(row, col)));
        }
        return s.append(']').toString();
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
