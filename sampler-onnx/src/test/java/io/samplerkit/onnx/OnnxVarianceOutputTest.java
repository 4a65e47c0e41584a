package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.VarianceChannelModel;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A graph whose output has twice the sample's channels (prediction, then a variance channel, as diffusers'
 * learned-variance UNets) read through {@link OnnxModel#evaluateWithVariance}, and DDPM {@code learned-range}
 * sampling on it against the same sampling on the analytic model with the same channel. Measured: prediction
 * within 3.6e-7 of the exact one (float32 graph), channel within 6.7e-8, 20 DDPM steps within 4.6e-7 (while the
 * fixed-small samples differ by 0.28); tolerances 1e-5, 1e-6, 1e-4.
 */
class OnnxVarianceOutputTest {

    private static final ExactGaussianCase CASE = ExactGaussianCase.named("vp-linear-t-noise-variance");

    @Test
    void theOutputIsSplitIntoPredictionAndVarianceChannel() {
        GaussianData data = CASE.data(null);
        VarianceChannelModel exact = new VarianceChannelModel(data.model(CASE.schedule(), CASE.prediction()),
                CASE.varianceChannel()[0], CASE.varianceChannel()[1]);
        try (OnnxModel onnx = CASE.builder().maxBatch(3).build()) {
            assertThat(onnx.outputsVariance()).isTrue();
            Batch x = Batch.zeros(8, 3);
            SplittableRandom rng = new SplittableRandom(6);
            for (int i = 0; i < x.data().length; i++) {
                x.data()[i] = rng.nextGaussian();
            }
            for (double t : new double[] {0.9, 0.3, 0.01}) {
                Batch out = Batch.zeros(8, 3);
                Batch v = Batch.zeros(8, 3);
                Batch only = Batch.zeros(8, 3);
                Batch wantOut = Batch.zeros(8, 3);
                Batch wantV = Batch.zeros(8, 3);
                onnx.evaluateWithVariance(x, t, out, v);
                onnx.evaluate(x, t, only);
                exact.evaluateWithVariance(x, t, wantOut, wantV);
                for (int i = 0; i < x.data().length; i++) {
                    assertThat(out.data()[i]).isCloseTo(wantOut.data()[i], within(1e-5));
                    assertThat(only.data()[i]).isEqualTo(out.data()[i]);
                    assertThat(v.data()[i]).isCloseTo(wantV.data()[i], within(1e-6));
                }
            }
        }
    }

    @Test
    void ddpmLearnedRangeOnTheGraphMatchesTheAnalyticModel() {
        GaussianData data = CASE.data(null);
        VarianceChannelModel exact = new VarianceChannelModel(data.model(CASE.schedule(), CASE.prediction()),
                CASE.varianceChannel()[0], CASE.varianceChannel()[1]);
        Solver ddpm = SolverRegistry.standard().create("ddpm", SolverOptions.of(Map.of("variance", "learned-range")));
        Batch xT = Batch.zeros(16, 3);
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < xT.data().length; i++) {
            xT.data()[i] = rng.nextGaussian();
        }
        try (OnnxModel onnx = CASE.builder().build()) {
            SamplingProblem p = SamplingProblem.of(CASE.schedule(), onnx, CASE.timesteps(20)).withSeed(17);
            Batch fromGraph = ddpm.sample(p, xT).x();
            Batch fromExact = ddpm.sample(p.withModel(exact), xT).x();
            Batch fixedSmall = SolverRegistry.standard().create("ddpm", SolverOptions.of(Map.of()))
                    .sample(p.withModel(exact), xT).x();
            double worst = 0;
            double apart = 0;
            for (int i = 0; i < xT.data().length; i++) {
                worst = Math.max(worst, Math.abs(fromGraph.data()[i] - fromExact.data()[i]));
                apart = Math.max(apart, Math.abs(fixedSmall.data()[i] - fromExact.data()[i]));
            }
            assertThat(worst).isLessThan(1e-4);
            assertThat(apart).as("the channel changes the samples").isGreaterThan(1e-2);
        }
    }

    @Test
    void aGraphWithoutVarianceOutputSaysSo() {
        try (OnnxModel onnx = ExactGaussianCase.named("vp-linear-t-noise").builder().build()) {
            assertThat(onnx.outputsVariance()).isFalse();
            assertThatThrownBy(() -> onnx.evaluateWithVariance(Batch.zeros(1, 3), 0.5, Batch.zeros(1, 3),
                    Batch.zeros(1, 3))).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
