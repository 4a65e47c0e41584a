package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link OnnxClassifier} on the shipped digits classifier: shapes read from the graph, and errors that name the field. */
class OnnxClassifierTest {

    private static final Path FILE = ShippedModels.file("digits-classifier.onnx");

    @Test
    void readsItsShapesAndClassifiesClippedImages() {
        try (OnnxClassifier c = OnnxClassifier.open(FILE, "image", "logits", "features", -1, 1, 1)) {
            assertThat(c.dim()).isEqualTo(64);
            assertThat(c.classes()).isEqualTo(10);
            assertThat(c.featureDim()).isEqualTo(64);
            double[] images = new double[3 * 64];
            java.util.Arrays.fill(images, 64, 128, 5.0);
            OnnxClassifier.Output o = c.classify(images);
            assertThat(o.labels()).hasSize(3);
            assertThat(java.util.Arrays.stream(o.labels()).allMatch(l -> l >= 0 && l < 10)).isTrue();
            assertThat(o.features()).hasNumberOfRows(3);
            // clipping: an all-5 image is seen as the all-1 image
            java.util.Arrays.fill(images, 128, 192, 1.0);
            OnnxClassifier.Output clipped = c.classify(images);
            assertThat(clipped.features()[1]).containsExactly(clipped.features()[2]);
            assertThatThrownBy(() -> c.classify(new double[65])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64");
        }
    }

    @Test
    void wrongNamesAndFilesNameTheFieldAndWhatTheGraphHas() {
        assertThatThrownBy(() -> OnnxClassifier.open(FILE, "image", "scores", "features", -1, 1, 1))
                .isInstanceOfSatisfying(OnnxModelException.class, e -> {
                    assertThat(e.field()).isEqualTo("logits");
                    assertThat(e.tensor()).isEqualTo("scores");
                    assertThat(e.expected()).contains("logits", "features");
                });
        assertThatThrownBy(() -> OnnxClassifier.open(FILE, "x", "logits", "features", -1, 1, 1))
                .isInstanceOfSatisfying(OnnxModelException.class, e -> assertThat(e.field()).isEqualTo("input"));
        assertThatThrownBy(() -> OnnxClassifier.open(Path.of("no-such.onnx"), "image", "logits", "features", -1, 1, 1))
                .isInstanceOfSatisfying(OnnxModelException.class, e -> {
                    assertThat(e.field()).isEqualTo("file");
                    assertThat(e.found()).isEqualTo("no such file");
                });
        assertThatThrownBy(() -> OnnxClassifier.open(FILE, "image", "logits", "features", 1, -1, 1))
                .isInstanceOfSatisfying(OnnxModelException.class, e -> assertThat(e.field()).isEqualTo("clip"));
    }
}
