package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.grid.UniformTimeGrid;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unseen and malformed networks ({@code robustness/}, written by {@code src/test/python/make_robustness_graphs.py}):
 * each is refused when the model is built with an {@link OnnxModelException} naming the field, the tensor, what was
 * expected and what was found, or, for a graph that returns NaN or an infinity at some times, stops the run with a
 * {@link SamplingException} carrying the step and the time.
 */
class OnnxRobustnessTest {

    private static OnnxModelException buildFails(OnnxModel.Builder builder) {
        Throwable thrown = catchThrowable(builder::build);
        assertThat(thrown).isInstanceOf(OnnxModelException.class);
        return (OnnxModelException) thrown;
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.onnx", "truncated.onnx", "text.onnx"})
    void bytesThatAreNotAModel(String name) {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder(name));
        assertThat(e.field()).isEqualTo("file");
        assertThat(e.expected()).isEqualTo("a valid ONNX model");
        assertThat(e.model()).endsWith(name);
        // ORT's reason comes first, without its "Error code - ORT_... - message: Load model from PATH failed:" prefix
        assertThat(e.found()).isEqualTo(name.equals("empty.onnx") ? "an empty file" : "Protobuf parsing failed.");
    }

    @Test
    void aDirectory() {
        Path dir = OnnxShapesAndTypesTest.resource("empty.onnx").getParent();
        OnnxModelException e = buildFails(OnnxModel.builder(dir).schedule(VpLinearSchedule.standard())
                .prediction(Prediction.NOISE));
        assertThat(e.field()).isEqualTo("file");
        assertThat(e.found()).isEqualTo("not a regular file");
    }

    @Test
    void aSampleWithoutPerSampleDimensions() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("rank1-sample.onnx"));
        assertThat(e.field()).isEqualTo("input");
        assertThat(e.found()).isEqualTo("float32[batch]");
        OnnxModelException configured = buildFails(OnnxShapesAndTypesTest.builder("rank1-sample.onnx").shape(1));
        assertThat(configured.field()).isEqualTo("input");
    }

    @Test
    void aPerSampleDimensionOfSizeZero() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("zero-dimension.onnx"));
        assertThat(e.field()).isEqualTo("shape");
        assertThat(e.expected()).contains(">= 1");
        assertThat(e.found()).isEqualTo("float32[batch, 0]");
    }

    @Test
    void aGraphWithoutATimeInput() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("no-time-input.onnx"));
        assertThat(e.field()).isEqualTo("timeInput");
        assertThat(e.found()).isEqualTo("only [x]");
    }

    @Test
    void aTimeInputOfTwoColumns() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("time-two-columns.onnx"));
        assertThat(e.field()).isEqualTo("timeInput");
        assertThat(e.expected()).isEqualTo("a scalar, [1], [batch], [1, 1] or [batch, 1]");
        assertThat(e.found()).isEqualTo("float32[batch, 2]");
    }

    @Test
    void anOutputOfAsManyElementsInAnotherShape() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("image-transposed.onnx"));
        assertThat(e.field()).isEqualTo("output");
        assertThat(e.found()).isEqualTo("float32[batch, 3, 7, 5]");
    }

    @Test
    void anIntegerTimeInputNeedsAnIntegerConvention() {
        for (TimeConvention c : new TimeConvention[] {TimeConvention.T, TimeConvention.SIGMA, TimeConvention.C_NOISE}) {
            OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("vector-3-int64-time.onnx").time(c));
            assertThat(e.field()).as(c.key()).isEqualTo("timeInput");
            assertThat(e.tensor()).isEqualTo("time");
            assertThat(e.found()).isEqualTo("int64[1]");
            assertThat(e.expected()).contains(c.key());
        }
        OnnxShapesAndTypesTest.builder("vector-3-int64-time.onnx").time(TimeConvention.THOUSAND_T).build().close();
    }

    @Test
    void anOutputWhoseBatchIsFixedToOneWhileTheSamplesIsDynamic() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("output-batch1.onnx"));
        assertThat(e.field()).isEqualTo("output");
        assertThat(e.found()).isEqualTo("float32[1, 3]");
    }

    @Test
    void aGraphThatDeclaresADynamicBatchButRunsOnlyOneRowFailsWhenBuilt() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("reshape-batch1.onnx"));
        assertThat(e.field()).isEqualTo("maxBatch");
        assertThat(e.tensor()).isEqualTo("x");
        assertThat(e.expected()).startsWith("1 for this graph").contains("2 rows");
        assertThat(e.found()).startsWith("maxBatch 2; ");
        try (OnnxModel oneRowAtATime = OnnxShapesAndTypesTest.builder("reshape-batch1.onnx").maxBatch(1).build()) {
            Batch x = Batch.zeros(3, 3);
            x.data()[4] = 2;
            Batch out = Batch.zeros(3, 3);
            oneRowAtATime.evaluate(x, 0.5, out);
            assertThat(out.data()[4]).isEqualTo(1);
        }
    }

    @Test
    void aShapeBeyondTheBufferLimitsNamesShapeOrMaxBatchBeforeAnythingIsAllocated() {
        OnnxModelException overflow = buildFails(OnnxShapesAndTypesTest.builder("vector-dynamic.onnx")
                .shape(1L << 40));
        assertThat(overflow.field()).isEqualTo("shape");
        assertThat(overflow.expected()).isEqualTo("at most " + GraphSignature.MAX_VALUES_PER_SAMPLE + " values per sample");
        // 2^26 float32 values a row: 7 rows fit a buffer of 2 GiB
        OnnxModelException rows = buildFails(OnnxShapesAndTypesTest.builder("vector-dynamic.onnx").shape(1 << 26)
                .maxBatch(256));
        assertThat(rows.field()).isEqualTo("maxBatch");
        assertThat(rows.expected()).startsWith("at most 7 rows per call");
        assertThat(rows.found()).isEqualTo("256 rows");
    }

    @Test
    void nonFiniteExtraInputValues() {
        OnnxModelException e = buildFails(OnnxShapesAndTypesTest.builder("vector-3-label.onnx")
                .extraInput("label", Double.NaN));
        assertThat(e.field()).isEqualTo("extraInputs.label");
        assertThat(e.expected()).isEqualTo("finite values");
        assertThat(e.found()).isEqualTo("value NaN at index 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan-below-0.3.onnx", "inf-below-0.3.onnx"})
    void aNonFiniteOutputStopsTheRunWithStepAndTime(String name) {
        try (OnnxModel m = OnnxShapesAndTypesTest.builder(name).build()) {
            VpLinearSchedule schedule = VpLinearSchedule.standard();
            Timesteps grid = Timesteps.of(schedule, new UniformTimeGrid(), 1.0, 1e-3, 10);
            Throwable thrown = catchThrowable(() -> SolverRegistry.standard().create("ddim")
                    .sample(SamplingProblem.of(schedule, m, grid), Batch.zeros(4, 3)));
            int first = 0;
            while (grid.t(first) > 0.3) {
                first++;
            }
            int step = first;
            assertThat(thrown).isInstanceOfSatisfying(SamplingException.class, e -> {
                assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
                assertThat(e.step()).isEqualTo(step);
                assertThat(e.time()).isEqualTo(grid.t(step));
            });
        }
    }
}
