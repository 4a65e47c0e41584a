package io.samplerkit.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.core.analytic.FrechetDistance;
import java.io.IOException;

/**
 * The shipped {@code digits-classifier.onnx} ({@link OnnxClassifier}, images clipped to [-1, 1], the range the data
 * had) and the feature statistics of the real digits beside it: the squared Fréchet distance of a sample's features
 * to the real digits' (the FID of this data set, Heusel et al. 2017, arXiv:1706.08500, eq. 6).
 */
final class DigitsClassifier implements AutoCloseable {

    private final OnnxClassifier classifier;
    private final double[] realMean;
    private final double[][] realCovariance;

    DigitsClassifier() throws IOException {
        classifier = OnnxClassifier.open(ShippedModels.file("digits-classifier.onnx"), "image", "logits", "features",
                -1, 1, 1);
        ObjectMapper m = new ObjectMapper();
        JsonNode stats = m.readTree(ShippedModels.file("digits-features.json").toFile());
        realMean = m.treeToValue(stats.get("mean"), double[].class);
        realCovariance = m.treeToValue(stats.get("covariance"), double[][].class);
    }

    /**
     * @param images {@code n x 64} row-major pixels
     * @return the predicted labels and the features
     */
    OnnxClassifier.Output classify(double[] images) {
        return classifier.classify(images);
    }

    /**
     * @param features one row per image
     * @return squared Fréchet distance of the rows' Gaussian fit to the real digits' feature Gaussian
     */
    double frechetToReal(double[][] features) {
        return FrechetDistance.squaredOfSample(features, realMean, realCovariance);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
