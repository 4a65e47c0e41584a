package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.core.InvalidInputException;

/**
 * How the report judges the samples of a problem without an exact output law (a trained network) against the
 * data, at every configuration, next to the pathwise error to the ground truth.
 * <table>
 * <caption>quality types</caption>
 * <tr><th>{@code type}</th><th>measure</th><th>fields</th></tr>
 * <tr><td>{@code energy}</td><td>energy distance of the samples to {@code samples} draws of an analytic data law,
 *     and the number of its mixture components that receive a sample (nearest mean)</td>
 *     <td>{@code data} (an analytic model object, e.g. {@code ring-mixture}), {@code samples}, {@code seed}</td></tr>
 * <tr><td>{@code classifier}</td><td>squared Fréchet distance of a classifier's features of the samples to the real
 *     data's feature mean and covariance, and the number of classes predicted at least once</td>
 *     <td>{@code file} (an {@code .onnx} classifier), {@code input}, {@code logits}, {@code features},
 *     {@code statistics} (JSON with {@code mean} and {@code covariance}), {@code clipLow}, {@code clipHigh}</td></tr>
 * </table>
 * In a suite file, {@code file} and {@code statistics} are relative to the suite file's folder.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = QualitySpec.Energy.class, name = "energy"),
    @JsonSubTypes.Type(value = QualitySpec.Classifier.class, name = "classifier")
})
public sealed interface QualitySpec {

    /** Largest number of exact draws of an {@link Energy} measure. */
    int MAX_SAMPLES = 20_000;

    /** @return the name of the measure in tables */
    String measureName();

    /** @return the name of the coverage count in tables */
    String coverageName();

    /**
     * Energy distance to an analytic data law.
     *
     * @param data an analytic model object (its data law)
     * @param samples number of exact draws compared with
     * @param seed seed of the exact draws
     */
    record Energy(ModelSpec data, int samples, long seed) implements QualitySpec {
        /** Validates. */
        public Energy {
            if (data == null) {
                throw new InvalidInputException("data", "nothing", "an analytic model object, e.g. ring-mixture");
            }
            boolean analytic;
            try {
                analytic = data.analytic().isPresent();
            } catch (InvalidInputException e) {
                throw e.under("data");
            }
            if (!analytic) {
                throw new InvalidInputException("data.type", "onnx", "an analytic model type (its law is sampled)");
            }
            if (samples < 2 || samples > MAX_SAMPLES) {
                throw new InvalidInputException("samples", samples, "an integer in [2, " + MAX_SAMPLES + "]");
            }
        }

        @Override
        public String measureName() {
            return "energy distance";
        }

        @Override
        public String coverageName() {
            return "modes";
        }
    }

    /**
     * Feature-space Fréchet distance and class coverage from an ONNX classifier.
     *
     * @param file the classifier {@code .onnx}
     * @param input its sample input
     * @param logits its class-logits output
     * @param features its feature output
     * @param statistics JSON file with the real data's feature {@code mean} and {@code covariance}
     * @param clipLow samples are clipped to {@code [clipLow, clipHigh]} before classification (default -1)
     * @param clipHigh see {@code clipLow} (default 1: the {@code [-1, 1]} range of diffusion image data)
     */
    record Classifier(String file, String input, String logits, String features, String statistics, Double clipLow,
            Double clipHigh) implements QualitySpec {
        /** Validates what does not need the files and applies the defaults. */
        public Classifier {
            clipLow = clipLow == null ? -1.0 : clipLow;
            clipHigh = clipHigh == null ? 1.0 : clipHigh;
            text("file", file);
            text("input", input);
            text("logits", logits);
            text("features", features);
            text("statistics", statistics);
            if (!(clipLow < clipHigh) || !Double.isFinite(clipLow) || !Double.isFinite(clipHigh)) {
                throw new InvalidInputException("clipHigh", clipHigh, "finite and > clipLow (" + clipLow + ")");
            }
        }

        private static void text(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(field, value == null ? "nothing" : "'" + value + "'",
                        "a non-blank string");
            }
        }

        @Override
        public String measureName() {
            return "feature Frechet distance";
        }

        @Override
        public String coverageName() {
            return "classes";
        }
    }
}
