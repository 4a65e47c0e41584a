package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.onnx.InputScaling;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.onnx.OnnxModelException;
import io.samplerkit.onnx.TimeConvention;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Builds the {@link OnnxModel} of a {@link ModelSpec.Onnx} (its relative {@code file} is resolved by
 * {@link SpecFiles} when the spec is read). Stateless.
 */
final class OnnxModelSpec {

    private OnnxModelSpec() {
    }

    /**
     * Opens the network with the spec's settings.
     *
     * @param spec the model object
     * @param schedule the schedule the network was trained with
     * @param time the time convention (the spec's, or {@code t} when only the graph is inspected)
     * @param networkTime an explicit schedule-time to network-time map that overrides {@code time}, or null
     * @return the model; the caller closes it
     * @throws InvalidInputException naming the spec field, what the graph has and what was expected
     */
    static OnnxModel open(ModelSpec.Onnx spec, NoiseSchedule schedule, TimeConvention time,
            DoubleUnaryOperator networkTime) {
        try {
            OnnxModel.Builder b = OnnxModel.builder(Path.of(spec.file())).schedule(schedule)
                    .prediction(spec.prediction()).time(time).networkTime(networkTime)
                    .inputScaling(InputScaling.parse(spec.inputScaling()))
                    .sigmaData(spec.sigmaData()).maxBatch(spec.maxBatch()).intraOpThreads(spec.threads());
            if (spec.input() != null) {
                b.sampleInput(spec.input());
            }
            if (spec.timeInput() != null) {
                b.timeInput(spec.timeInput());
            }
            if (spec.output() != null) {
                b.output(spec.output());
            }
            if (spec.shape() != null) {
                b.shape(spec.shape());
            }
            if (spec.extraInputs() != null) {
                spec.extraInputs().forEach(b::extraInput);
            }
            return b.build();
        } catch (OnnxModelException e) {
            throw new InvalidInputException(e.field(), e.found(), e.expected() + " (model file " + e.model()
                    + (e.tensor().isEmpty() ? "" : ", tensor '" + e.tensor() + "'") + ")");
        }
    }

    /**
     * The flattened sample dimension: the product of {@code shape}, or read from the graph.
     *
     * @param spec the model object
     * @return the dimension
     */
    static int dim(ModelSpec.Onnx spec) {
        if (spec.shape() != null) {
            return Math.toIntExact(Arrays.stream(spec.shape()).reduce(1, Math::multiplyExact));
        }
        try (OnnxModel m = open(spec, VpLinearSchedule.standard(), TimeConvention.T, null)) {
            return m.dim();
        }
    }

    /**
     * The per-sample shape: {@code shape}, or read from the graph.
     *
     * @param spec the model object
     * @return the shape
     */
    static long[] shape(ModelSpec.Onnx spec) {
        if (spec.shape() != null) {
            return spec.shape().clone();
        }
        try (OnnxModel m = open(spec, VpLinearSchedule.standard(), TimeConvention.T, null)) {
            return m.shape();
        }
    }

    /**
     * @param prediction a top-level prediction or null
     * @param spec the ONNX model object
     * @return the prediction of the run: the network's
     * @throws InvalidInputException if a top-level prediction disagrees with the network's
     */
    static Prediction agree(Prediction prediction, ModelSpec.Onnx spec) {
        if (prediction != null && prediction != spec.prediction()) {
            throw new InvalidInputException("prediction", prediction.name().toLowerCase(Locale.ROOT),
                    "omitted or equal to model.prediction (" + spec.prediction().name().toLowerCase(Locale.ROOT)
                            + ") for an ONNX model");
        }
        return spec.prediction();
    }
}
