package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.EnergyDistance;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.UniformTimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped {@code models/ring8-flow.onnx} (rectified flow on 8 Gaussians on a circle of radius 2, std 0.2) sampled
 * at 10 to 20 model calls: every mode is hit, and the energy distance of the samples to a large sample of the exact
 * ring law is at most twice that of an equal number of exact samples (the mean over five such sets). Seeds: noise
 * 20261206 for the network's start, exact samples from {@link SplittableRandom} seeds 1 (reference) and 2..6.
 *
 * <p>Measured (1000 samples against 3000 exact ones, current portable noise): exact-sample baseline 0.0041;
 * DPM-Solver++(2M) 0.0068 at 10 steps and 0.0051 at 20 (uniform t), 0.0055 at 20 (log-SNR), UniPC-bh2 0.0045 at 15
 * (uniform t), 0.0056 at 15 (log-SNR), Euler 0.0052 at 20. EDM Heun at 10 steps (19 calls) is far off and is not
 * part of the test; docs/onnx.md records it.
 */
class RingFlowModelTest {

    private static final int MODES = 8;
    private static final double RADIUS = 2.0;
    private static final double STD = 0.2;
    private static final int N = 1000;
    private static final int REFERENCE = 3000;
    private static final FlowMatchingSchedule SCHEDULE = FlowMatchingSchedule.standard();

    private static OnnxModel model;
    private static double[] reference;
    private static double trueBaseline;

    @BeforeAll
    static void load() {
        model = OnnxModel.builder(ShippedModels.file("ring8-flow.onnx")).schedule(SCHEDULE)
                .prediction(Prediction.FLOW).time(TimeConvention.T).intraOpThreads(1).build();
        reference = exactSample(REFERENCE, new SplittableRandom(1));
        double sum = 0;
        for (int s = 2; s <= 6; s++) {
            sum += EnergyDistance.of(exactSample(N, new SplittableRandom(s)), reference, 2);
        }
        trueBaseline = sum / 5;
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest(name = "{0} at {1} steps, {2} grid")
    @CsvSource({"dpmpp-2m, 10, uniform", "dpmpp-2m, 20, uniform", "unipc-bh2, 15, uniform", "euler, 20, uniform",
        "dpmpp-2m, 20, logsnr", "unipc-bh2, 15, logsnr"})
    void coversEveryModeAndMatchesTheExactLaw(String solverName, int steps, String gridName) {
        Solver solver = SolverRegistry.standard().create(solverName);
        TimeGrid rule = gridName.equals("uniform") ? new UniformTimeGrid() : new LogSnrGrid();
        Timesteps grid = Timesteps.of(SCHEDULE, rule, 0.999, 1e-3, steps);
        Batch x = Batch.zeros(N, 2);
        new SeededNoise(20_261_206L).standardNormal(0, x);
        Batch out = solver.sample(SamplingProblem.of(SCHEDULE, model, grid), x).x();

        int[] counts = new int[MODES];
        for (int r = 0; r < N; r++) {
            double angle = Math.atan2(out.get(r, 1), out.get(r, 0));
            counts[Math.floorMod((int) Math.round(angle / (2 * Math.PI / MODES)), MODES)]++;
        }
        double energy = EnergyDistance.of(out.data(), reference, 2);
        System.out.printf("ring8-flow %s %d steps %s: energy distance %.5f, exact-sample baseline %.5f, modes %s%n",
                solverName, steps, gridName, energy, trueBaseline, Arrays.toString(counts));
        assertThat(Arrays.stream(counts).min().getAsInt()).as("fewest samples in a mode, %s", Arrays.toString(counts)).isGreaterThan(N / MODES / 2);
        assertThat(energy).isLessThanOrEqualTo(2 * trueBaseline);
    }

    private static double[] exactSample(int n, SplittableRandom rng) {
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * rng.nextInt(MODES) / MODES;
            x[2 * i] = RADIUS * Math.cos(a) + STD * gaussian(rng);
            x[2 * i + 1] = RADIUS * Math.sin(a) + STD * gaussian(rng);
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
