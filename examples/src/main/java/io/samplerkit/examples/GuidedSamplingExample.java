package io.samplerkit.examples;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.model.ClassifierFreeGuidance;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.RunWorkspace;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The example of docs/library.md, end to end: a user-written model ({@link PointSetDenoiser}) of two
 * classes of points in the plane, classifier-free guidance towards one class, dynamic thresholding, a
 * solver chosen from the registry by name with options, a schedule and a grid, then the results, sampling again and
 * again in place into one batch, and the two kinds of error a caller meets (a bad argument, a model that returns NaN).
 *
 * <p>The reactor test {@code GuidedSamplingExampleTest} runs {@link #main} in every build; run it alone with
 * {@code ./mvnw -B -q -pl examples -am verify}, or start {@link #main} from an IDE.
 */
public final class GuidedSamplingExample {

    /** Class "left" of the toy data set: two points with negative first coordinate. */
    static final double[][] LEFT = {{-0.8, 0.5}, {-0.6, -0.7}};
    /** Class "right": two points with positive first coordinate. */
    static final double[][] RIGHT = {{0.7, 0.6}, {0.9, -0.4}};

    /**
     * What one run produced, for the caller (and the test) to check.
     *
     * @param samples the final samples, one row each
     * @param modelCalls solver evaluations of the guided model (each is two calls of the user model)
     * @param times the times the solver visited
     * @param inPlaceRepeats whether the in-place loop's first request gave the first run's samples, to the bit
     * @param badOptionMessage the message of the rejected option
     * @param failure the exception of the run whose model returned NaN
     */
    public record Outcome(Batch samples, int modelCalls, double[] times, boolean inPlaceRepeats,
            String badOptionMessage, SamplingException failure) {
    }

    private GuidedSamplingExample() {
    }

    /**
     * Runs the example and prints what it does.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example.
     *
     * @param out where to print the walk-through
     * @return the results
     */
    public static Outcome run(PrintStream out) {
        // 1. A schedule: VP linear, beta from 0.1 to 20, times in [0, 1].
        NoiseSchedule schedule = VpLinearSchedule.standard();

        // 2. Models: the user's own DiffusionModel, unconditional (all points) and conditional (class "left").
        double[][] all = new double[LEFT.length + RIGHT.length][];
        System.arraycopy(LEFT, 0, all, 0, LEFT.length);
        System.arraycopy(RIGHT, 0, all, LEFT.length, RIGHT.length);
        DiffusionModel unconditional = new PointSetDenoiser(schedule, all);
        DiffusionModel conditional = new PointSetDenoiser(schedule, LEFT);

        // 3. Classifier-free guidance u + w (c - u) with w = 3, then dynamic thresholding of x0hat
        //    (quantile 0.995 of |x0hat| per sample, s = max(q, 1), x0 = clamp(x0hat, -s, s) / s).
        DiffusionModel guided = new ClassifierFreeGuidance(unconditional, conditional, 3.0);
        DiffusionModel model = new DynamicThresholding(guided, schedule, 0.995, 1.0,
                DynamicThresholding.Variant.OFFICIAL);

        // 4. A solver from the registry, by name, with options.
        SolverRegistry registry = SolverRegistry.standard();
        SolverEntry entry = registry.entry("dpmpp-multistep");
        out.println("solver " + entry.name() + " (" + entry.family() + "): " + entry.description());
        Solver solver = registry.create("dpmpp-multistep", SolverOptions.parse("order=2"));

        // 5. A grid: 15 steps uniform in log-SNR from t = 1 to t = 1e-3, then one denoising evaluation.
        SamplingProblem problem = SamplingProblem.of(schedule, model, new LogSnrGrid(), 1.0, 1e-3, 15)
                .withDenoiseToZero(true);

        // 6. Start from x_T ~ N(0, I) (VP prior), 6 samples of dimension 2, and sample.
        Batch xT = Batch.zeros(6, 2);
        new SeededNoise(7).standardNormal(0, xT);
        SamplingResult result = solver.sample(problem, xT);
        out.println("model calls " + result.modelCalls() + ", steps " + result.steps()
                + ", times " + result.times()[0] + " .. " + result.times()[result.times().length - 1]);
        for (int row = 0; row < result.x().size(); row++) {
            out.printf("sample %d: (%.4f, %.4f)%n", row, result.x().get(row, 0), result.x().get(row, 1));
        }

        // 7. Sampling again and again: one batch and one workspace; each x_T is drawn into the batch and sampled in
        //    place, so no run allocates a state-sized array. The first request's x_T is the one above: same bits.
        Batch x = Batch.zeros(6, 2);
        RunWorkspace workspace = new RunWorkspace();
        boolean inPlaceRepeats = false;
        for (long request = 0; request < 3; request++) {
            new SeededNoise(7 + request).standardNormal(0, x);
            solver.sampleInto(problem, x, x, workspace);
            inPlaceRepeats |= request == 0 && Arrays.equals(x.data(), result.x().data());
        }
        out.println("in place, first request as above: " + inPlaceRepeats);

        // 8. Errors. A bad option names the option, the value and what is allowed ...
        String badOption;
        try {
            registry.create("dpmpp-multistep", SolverOptions.parse("order=7"));
            throw new IllegalStateException("order=7 was accepted");
        } catch (IllegalArgumentException e) {
            badOption = e.getMessage();
            out.println("rejected: " + badOption);
        }
        // ... and a model that returns NaN stops the run with the solver, step and time.
        DiffusionModel broken = new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return Prediction.NOISE;
            }

            @Override
            public void evaluate(BatchView x, double t, Batch dest) {
                Arrays.fill(dest.data(), t < 0.5 ? Double.NaN : 0.0);
            }
        };
        SamplingException failure;
        try {
            solver.sample(SamplingProblem.of(schedule, broken, new LogSnrGrid(), 1.0, 1e-3, 15), xT);
            throw new IllegalStateException("a NaN model output went unnoticed");
        } catch (SamplingException e) {
            failure = e;
            out.println("stopped: " + e.getMessage());
        }
        return new Outcome(result.x(), result.modelCalls(), result.times(), inPlaceRepeats, badOption, failure);
    }
}
