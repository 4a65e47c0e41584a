package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.ClassifierFreeGuidance;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An ONNX graph of the exact Gaussian denoiser, run through {@link OnnxModel}, gives the samples of the analytic
 * Java model to float32 precision, for every time convention and four solvers at 10 steps. This checks the time
 * conversions, input scaling, prediction handling, scalar and per-row time inputs, float32 and float64 I/O, chunking
 * and guidance against an exact answer.
 *
 * <p>Measured (40 rows, d = 3, log-SNR grid): float32 graphs within about 3e-6 of the analytic model (relative to
 * max(1, max |x|) about 1e-6), the float64 graph within 6e-15; the tolerances are 1e-4 and 1e-10.
 */
class ExactGaussianOnnxTest {

    /** Not a multiple of the chunk size or of the fixed batch of 8, so remainders and padding are exercised. */
    private static final int ROWS = 37;
    private static final int STEPS = 10;
    /** Chunk size smaller than the batch, so every run also exercises chunking with a remainder. */
    private static final int MAX_BATCH = 16;

    static Stream<Arguments> cases() {
        List<String> solvers = List.of("ddim", "dpmpp-2m", "unipc-bh2:order=3", "heun");
        return ExactGaussianCase.all().stream().filter(c -> c.extraInput() == null)
                .flatMap(c -> solvers.stream().map(s -> Arguments.of(c, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesTheAnalyticModel(ExactGaussianCase c, String solverSpec) {
        Solver solver = solver(solverSpec);
        try (OnnxModel onnx = c.builder().maxBatch(MAX_BATCH).build()) {
            DiffusionModel exact = c.data(null).model(c.schedule(), c.prediction());
            assertClose(c, solver, onnx, exact, c.float64() ? 1e-10 : 1e-4);
        }
    }

    @Test
    void fixedExtraInputShiftsTheMean() {
        ExactGaussianCase c = ExactGaussianCase.named("vp-linear-t-noise-cond");
        double[] shift = {1.5, -0.5, 2.0};
        try (OnnxModel onnx = c.builder().extraInput("shift", shift).maxBatch(MAX_BATCH).build()) {
            assertClose(c, solver("dpmpp-2m"), onnx, c.data(shift).model(c.schedule(), c.prediction()), 1e-4);
        }
    }

    @Test
    void wholeTensorExtraInput() {
        ExactGaussianCase c = ExactGaussianCase.named("vp-linear-t-noise-whole-shift");
        double[] shift = {-1.0, 0.5, 0.75};
        try (OnnxModel onnx = c.builder().extraInput("shift", shift).maxBatch(MAX_BATCH).build()) {
            assertClose(c, solver("unipc-bh2"), onnx, c.data(shift).model(c.schedule(), c.prediction()), 1e-4);
        }
    }

    @Test
    void guidanceInOneBatchedCallEqualsTwoModelGuidance() {
        ExactGaussianCase c = ExactGaussianCase.named("vp-linear-t-noise-cond");
        double[] cond = {1.5, -0.5, 2.0};
        double[] uncond = {0.0, 0.0, 0.0};
        double w = 3.0;
        try (OnnxModel onnx = c.builder().guidance("shift", cond, uncond, w).maxBatch(MAX_BATCH).build()) {
            DiffusionModel exact = new ClassifierFreeGuidance(c.data(uncond).model(c.schedule(), c.prediction()),
                    c.data(cond).model(c.schedule(), c.prediction()), w);
            assertClose(c, solver("dpmpp-2m"), onnx, exact, 1e-4);
        }
    }

    /** One model shared by four threads gives each the bits it gives alone (per-thread buffers). */
    @Test
    void sharedBetweenThreads() throws Exception {
        ExactGaussianCase c = ExactGaussianCase.named("ddpm-index-noise");
        Solver solver = solver("dpmpp-2m");
        try (OnnxModel onnx = c.builder().maxBatch(MAX_BATCH).build()) {
            SamplingProblem problem = SamplingProblem.of(c.schedule(), onnx, c.timesteps(STEPS));
            Batch xStart = start(c, problem.tStart());
            double[] alone = solver.sample(problem, xStart).x().data();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> runs = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    runs.add(pool.submit(() -> solver.sample(problem, xStart).x().data()));
                }
                for (Future<double[]> run : runs) {
                    assertThat(run.get()).containsExactly(alone);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /** The check is sharp enough to see a time off by one training index (1000 t = n + 1 on this table). */
    @Test
    void aTimeOffByOneIndexIsDetected() {
        ExactGaussianCase c = ExactGaussianCase.named("ddpm-index-noise");
        try (OnnxModel onnx = c.builder().time(TimeConvention.THOUSAND_T).build()) {
            double relative = relativeError(c, solver("dpmpp-2m"), onnx, c.data(null).model(c.schedule(),
                    c.prediction()));
            assertThat(relative).isGreaterThan(1e-3);
        }
    }

    private static void assertClose(ExactGaussianCase c, Solver solver, DiffusionModel onnx, DiffusionModel exact,
            double tolerance) {
        assertThat(relativeError(c, solver, onnx, exact)).as("%s %s: max |onnx - exact| / max(1, max |x|)", c,
                solver.name()).isLessThanOrEqualTo(tolerance);
    }

    /** @return max |onnx - exact| / max(1, max |exact|) over the final samples */
    private static double relativeError(ExactGaussianCase c, Solver solver, DiffusionModel onnx,
            DiffusionModel exact) {
        Timesteps steps = c.timesteps(STEPS);
        Batch xStart = start(c, steps.t(0));
        Batch ours = solver.sample(SamplingProblem.of(c.schedule(), onnx, steps), xStart).x();
        Batch want = solver.sample(SamplingProblem.of(c.schedule(), exact, steps), xStart).x();
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < want.data().length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(want.data()[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ours.data()[i] - want.data()[i]));
        }
        assertThat(maxAbs).as("samples are not degenerate").isGreaterThan(0.1);
        return maxDiff / Math.max(1, maxAbs);
    }

    /** Seeded start {@code alpha mu + sigma z}, the marginal's mean plus scaled standard normal noise. */
    private static Batch start(ExactGaussianCase c, double t) {
        SplittableRandom rng = new SplittableRandom(20_261_206L);
        int d = c.mean().length;
        Batch x = Batch.zeros(ROWS, d);
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < d; j++) {
                x.set(r, j, c.schedule().alpha(t) * c.mean()[j] + c.schedule().sigma(t) * gaussian(rng));
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    private static Solver solver(String spec) {
        String[] parts = spec.split(":", 2);
        Map<String, String> options = parts.length == 1 ? Map.of()
                : Map.of(parts[1].split("=")[0], parts[1].split("=")[1]);
        return SolverRegistry.standard().create(parts[0], SolverOptions.of(options));
    }
}
