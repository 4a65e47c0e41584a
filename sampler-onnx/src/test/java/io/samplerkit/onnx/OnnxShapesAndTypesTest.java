package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Layouts and element types other than the shipped networks': images {@code [3, 5, 7]}, weights in an external-data
 * file, vectors of odd length, a batch fixed to 1, per-sample dimensions given by the configuration, a scalar,
 * {@code [1]}, {@code [batch]} or {@code [batch, 1]} time, float64 and float16 graphs, an int64 time and an int64
 * label input, a second output. Every graph ({@code robustness/}, written by {@code src/test/python/make_robustness_graphs.py})
 * computes {@code 0.5 x + tau (+ label)} elementwise, so each call is checked against the exact answer, on a batch
 * of 5 rows in chunks of 2 (the last one short, or padded for a fixed batch).
 */
class OnnxShapesAndTypesTest {

    private static final int ROWS = 5;

    static Path resource(String name) {
        try {
            return Path.of(OnnxShapesAndTypesTest.class.getResource("/robustness/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static OnnxModel.Builder builder(String name) {
        return OnnxModel.builder(resource(name)).schedule(VpLinearSchedule.standard()).prediction(Prediction.NOISE)
                .maxBatch(2).intraOpThreads(1);
    }

    /** Evaluates {@code model} on seeded rows at {@code t} and checks {@code slope x + tau + label} within a relative tolerance. */
    private static void check(OnnxModel model, double t, double slope, double tau, double label, double tolerance) {
        Batch x = Batch.zeros(ROWS, model.dim());
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = random.nextDouble(-3, 3);
        }
        Batch out = Batch.zeros(ROWS, model.dim());
        model.evaluate(x, t, out);
        for (int i = 0; i < x.data().length; i++) {
            double expected = slope * x.data()[i] + tau + label;
            assertThat(out.data()[i]).as("element %d", i).isCloseTo(expected,
                    org.assertj.core.api.Assertions.within(tolerance * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void imageOfThreeChannelsFiveBySevenWithATimePerRow() {
        try (OnnxModel m = builder("image-3x5x7.onnx").build()) {
            assertThat(m.shape()).containsExactly(3, 5, 7);
            assertThat(m.dim()).isEqualTo(105);
            check(m, 0.37, 0.5, 0.37, 0, 1e-6);
        }
    }

    @Test
    void weightsInAnExternalDataFileBesideTheGraph() {
        try (OnnxModel m = builder("external-data.onnx").build()) {
            check(m, 0.37, 0.5, 0.37, 0, 1e-6);
        }
    }

    @Test
    void vectorOfOddLengthWithTheBatchFixedToOne() {
        try (OnnxModel m = builder("vector-5-batch1.onnx").build()) {
            assertThat(m.shape()).containsExactly(5);
            check(m, 0.81, 0.5, 0.81, 0, 1e-6);
        }
    }

    @Test
    void scalarTimeInput() {
        try (OnnxModel m = builder("vector-7-scalar-time.onnx").time(TimeConvention.THOUSAND_T).build()) {
            check(m, 0.25, 0.5, 250, 0, 1e-6);
        }
    }

    @Test
    void timeAsAColumnPerRow() {
        try (OnnxModel m = builder("vector-2-time-column.onnx").build()) {
            check(m, 0.65, 0.5, 0.65, 0, 1e-6);
        }
    }

    @Test
    void float64GraphIsExact() {
        try (OnnxModel m = builder("vector-3-f64.onnx").build()) {
            check(m, 0.123456789, 0.5, 0.123456789, 0, 1e-15);
        }
    }

    @Test
    void float16GraphToHalfPrecision() {
        // float16 keeps 11 significant bits: a relative error of at most 2^-11 per rounding (input, time, output)
        try (OnnxModel m = builder("vector-3-f16.onnx").build()) {
            check(m, 0.3, 0.5, 0.3, 0, 3 * 0x1p-11);
        }
    }

    @Test
    void int64TimeReceivesTheTrainingIndex() {
        VpDiscreteSchedule ddpm = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        try (OnnxModel m = builder("vector-3-int64-time.onnx").schedule(ddpm).time(TimeConvention.INDEX).build()) {
            check(m, ddpm.timeOfIndex(417), 0.5, 417, 0, 1e-6);
        }
    }

    @Test
    void int64LabelPerRow() {
        try (OnnxModel m = builder("vector-3-label.onnx").extraInput("label", 4).build()) {
            check(m, 0.5, 0.5, 0.5, 4, 1e-6);
        }
    }

    @Test
    void dynamicPerSampleDimensionsTakeTheConfiguredShape() {
        try (OnnxModel m = builder("vector-dynamic.onnx").shape(11).build()) {
            assertThat(m.dim()).isEqualTo(11);
            check(m, 0.4, 0.5, 0.4, 0, 1e-6);
        }
    }

    @Test
    void secondOutputByName() {
        try (OnnxModel m = builder("vector-3-two-outputs.onnx").build()) {
            check(m, 0.6, 0.5, 0.6, 0, 1e-6);
        }
        try (OnnxModel m = builder("vector-3-two-outputs.onnx").output("copy").build()) {
            check(m, 0.6, 1, 0, 0, 1e-7);
        }
    }
}
