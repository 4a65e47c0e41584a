package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped {@code models/scheduler_config.json}, unchanged (a DDPMScheduler with {@code clip_sample: true},
 * "leading" spacing), driving {@code digits-ddpm.onnx} from Java as a diffusers pipeline would: with its own
 * stochastic DDPM update (x0 clipped to [-1, 1]) on 100 steps, and with two registry solvers swapped in on its 20-step
 * grid. 500 samples from seed 20261206 must look like digits: every class present and the squared feature-space
 * Fréchet distance below a bound. Measured (seeds 20261206 / 1 / 2): DDPM 16.0 / 14.2 / 12.4, DPM-Solver++(2M)
 * 14.5 / 10.4 / 12.6, UniPC-bh2 14.7 / 10.6 / 12.8; bounds 22 and 18. With 500 samples the distance carries a
 * sample-size bias of a few units (1000 samples of DPM-Solver++(2M): 11.0 / 9.7 / 11.5). The control run, DDPM on 3
 * steps, must fail the DDPM bound, so the measure does discriminate.
 */
class DigitsSchedulerConfigTest {

    private static final int N = 500;
    private static final long SEED = 20_261_206L;
    private static final double DDPM_BOUND = 22;

    @ParameterizedTest(name = "{0} on {1} steps")
    @CsvSource({"own, 100, 22", "dpmpp-2m, 20, 18", "unipc-bh2, 20, 18"})
    void theShippedConfigWithItsOwnSchedulerAndTwoSwappedSolversMakesDigits(String solver, int steps, double bound)
            throws Exception {
        Quality q = sample(solver, steps);
        assertThat(Arrays.stream(q.counts()).min().getAsInt()).isPositive();
        assertThat(q.frechet()).isLessThan(bound);
    }

    @Test
    void theMeasureDiscriminates() throws Exception {
        assertThat(sample("own", 3).frechet()).isGreaterThan(DDPM_BOUND);
    }

    private record Quality(double frechet, int[] counts) {
    }

    private static Quality sample(String solver, int steps) throws Exception {
        DiffusersPipeline pipeline = DiffusersPipeline.of(SchedulerConfig.read(ShippedModels.file("scheduler_config.json")),
                SetTimesteps.of(steps));
        if (!solver.equals("own")) {
            pipeline = pipeline.withSolver(SolverRegistry.standard().create(solver), solver);
        }
        try (OnnxModel model = OnnxModel.builder(ShippedModels.file("digits-ddpm.onnx")).schedule(pipeline.schedule())
                .prediction(pipeline.prediction()).time(TimeConvention.INDEX).networkTime(pipeline::timestepOf)
                .intraOpThreads(1).build();
             DigitsClassifier classifier = new DigitsClassifier()) {
            Batch x = Batch.zeros(N, 64);
            new SeededNoise(SEED).standardNormal(0, x);
            Batch out = pipeline.sample(model, x, SEED).x();
            OnnxClassifier.Output o = classifier.classify(out.data());
            int[] counts = new int[10];
            Arrays.stream(o.labels()).forEach(l -> counts[l]++);
            double frechet = classifier.frechetToReal(o.features());
            System.out.printf("scheduler_config %s, %d steps (%s): Frechet %.3f, classes %s%n", solver, steps,
                    pipeline.describe(), frechet, Arrays.toString(counts));
            return new Quality(frechet, counts);
        }
    }
}
