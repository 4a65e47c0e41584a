package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every misfit between a network file and the configuration fails when the model is built, naming the model file,
 * the field, the tensor, what was expected and what was found.
 */
class OnnxModelErrorsTest {

    private static final ExactGaussianCase CASE = ExactGaussianCase.named("vp-linear-t-noise");

    private static OnnxModelException buildFails(OnnxModel.Builder builder) {
        Throwable thrown = catchThrowable(builder::build);
        assertThat(thrown).isInstanceOf(OnnxModelException.class);
        return (OnnxModelException) thrown;
    }

    private static OnnxModel.Builder broken(String name) throws URISyntaxException {
        Path file = Path.of(OnnxModelErrorsTest.class.getResource("/exact-gaussian/broken/" + name).toURI());
        return OnnxModel.builder(file).schedule(VpLinearSchedule.standard()).prediction(Prediction.NOISE)
                .intraOpThreads(1);
    }

    @Test
    void missingFile() {
        Path missing = CASE.file().resolveSibling("no-such-model.onnx");
        OnnxModelException e = buildFails(OnnxModel.builder(missing).schedule(CASE.schedule())
                .prediction(Prediction.NOISE));
        assertThat(e.model()).isEqualTo(missing.toString());
        assertThat(e.field()).isEqualTo("file");
        assertThat(e.found()).isEqualTo("no such file");
        assertThat(e.getMessage()).contains("no-such-model.onnx");
    }

    @Test
    void fileThatIsNotAModel() throws URISyntaxException {
        OnnxModelException e = buildFails(broken("not-a-model.onnx"));
        assertThat(e.field()).isEqualTo("file");
        assertThat(e.expected()).isEqualTo("a valid ONNX model");
        assertThat(e.model()).endsWith("not-a-model.onnx");
    }

    @Test
    void bytesThatAreNotAModelNameTheLabel() {
        OnnxModelException e = buildFails(OnnxModel.builder(new byte[] {1, 2, 3}, "my-bytes")
                .schedule(CASE.schedule()).prediction(Prediction.NOISE));
        assertThat(e.model()).isEqualTo("my-bytes");
        assertThat(e.field()).isEqualTo("file");
    }

    @Test
    void wrongInputNameListsTheGraphsNames() {
        OnnxModelException e = buildFails(CASE.builder().sampleInput("sample"));
        assertThat(e.field()).isEqualTo("input");
        assertThat(e.tensor()).isEqualTo("sample");
        assertThat(e.expected()).contains("[x, time]");
        assertThat(e.found()).isEqualTo("no such name");
        assertThat(e.model()).endsWith("vp-linear-t-noise.onnx");
    }

    @Test
    void wrongTimeInputName() {
        OnnxModelException e = buildFails(CASE.builder().timeInput("timestep"));
        assertThat(e.field()).isEqualTo("timeInput");
        assertThat(e.tensor()).isEqualTo("timestep");
        assertThat(e.expected()).contains("[x, time]");
    }

    @Test
    void wrongOutputNameListsTheGraphsOutputs() {
        OnnxModelException e = buildFails(CASE.builder().output("noise"));
        assertThat(e.field()).isEqualTo("output");
        assertThat(e.expected()).contains("[out]");
    }

    @Test
    void sameTensorForSampleAndTime() {
        OnnxModelException e = buildFails(CASE.builder().timeInput("x"));
        assertThat(e.field()).isEqualTo("timeInput");
        assertThat(e.found()).isEqualTo("the sample input");
    }

    @Test
    void configuredShapeDiffersFromTheGraph() {
        OnnxModelException e = buildFails(CASE.builder().shape(4));
        assertThat(e.field()).isEqualTo("shape");
        assertThat(e.tensor()).isEqualTo("x");
        assertThat(e.expected()).contains("[4]");
        assertThat(e.found()).isEqualTo("float32[batch, 3]");
    }

    @Test
    void integerSampleInput() throws URISyntaxException {
        OnnxModelException e = buildFails(broken("int64-sample.onnx"));
        assertThat(e.field()).isEqualTo("input");
        assertThat(e.expected()).isEqualTo("of type float32, float64 or float16");
        assertThat(e.found()).isEqualTo("int64[batch, 3]");
    }

    @Test
    void outputShapeDiffersFromTheInput() throws URISyntaxException {
        OnnxModelException e = buildFails(broken("output-shape.onnx"));
        assertThat(e.field()).isEqualTo("output");
        assertThat(e.tensor()).isEqualTo("out");
        assertThat(e.expected()).contains("[batch, 3]");
        assertThat(e.found()).isEqualTo("float32[batch, 2]");
    }

    @Test
    void outputShapeKnownOnlyAtRunTimeIsCaughtByTheProbeCall() throws URISyntaxException {
        OnnxModelException e = buildFails(broken("dynamic-output-shape.onnx").shape(3));
        assertThat(e.field()).isEqualTo("output");
        assertThat(e.expected()).contains("[2, 3]");
        assertThat(e.found()).isEqualTo("float32[2, 2]");
    }

    @Test
    void dynamicPerSampleDimensionsNeedAShape() throws URISyntaxException {
        OnnxModelException e = buildFails(broken("dynamic-output-shape.onnx"));
        assertThat(e.field()).isEqualTo("shape");
        assertThat(e.found()).isEqualTo("float32[batch, ?]");
    }

    @Test
    void unboundGraphInput() {
        OnnxModelException e = buildFails(ExactGaussianCase.named("vp-linear-t-noise-cond").builder());
        assertThat(e.field()).isEqualTo("extraInputs.shift");
        assertThat(e.found()).isEqualTo("no value");
    }

    @Test
    void extraInputOfTheWrongLength() {
        OnnxModelException e = buildFails(ExactGaussianCase.named("vp-linear-t-noise-cond").builder()
                .extraInput("shift", 1, 2));
        assertThat(e.field()).isEqualTo("extraInputs.shift");
        assertThat(e.expected()).startsWith("3 values per row");
        assertThat(e.found()).isEqualTo("2 values");
    }

    @Test
    void unknownExtraInput() {
        OnnxModelException e = buildFails(CASE.builder().extraInput("label", 3));
        assertThat(e.field()).isEqualTo("extraInputs.label");
        assertThat(e.found()).isEqualTo("no such input");
    }

    @Test
    void indexTimeNeedsADiscreteSchedule() {
        assertThatThrownBy(() -> CASE.builder().time(TimeConvention.INDEX).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("time");
                    assertThat(e.allowed()).contains("discrete");
                });
    }

    @Test
    void missingPredictionAndSchedule() {
        assertThatThrownBy(() -> OnnxModel.builder(CASE.file()).schedule(CASE.schedule()).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("prediction"));
        assertThatThrownBy(() -> OnnxModel.builder(CASE.file()).prediction(Prediction.NOISE).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("schedule"));
    }

    @Test
    void closedModelRefusesCalls() {
        OnnxModel model = CASE.builder().build();
        model.close();
        model.close();
        assertThatThrownBy(() -> model.evaluate(Batch.zeros(1, 3), 0.5,
                Batch.zeros(1, 3))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownConventionKeys() {
        assertThatThrownBy(() -> TimeConvention.parse("1000 t"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("time");
                    assertThat(e.allowed()).isEqualTo("one of [t, 1000t, index, sigma, c_noise]");
                });
        assertThatThrownBy(() -> InputScaling.parse("karras"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("inputScaling"));
    }
}
