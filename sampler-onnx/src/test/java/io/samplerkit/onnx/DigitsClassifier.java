package io.samplerkit.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.core.analytic.FrechetDistance;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The shipped {@code digits-classifier.onnx} and the feature statistics of the real digits beside it: class labels,
 * penultimate-layer features, and the squared Fréchet distance of a sample's features to the real digits' (the FID
 * of this data set, Heusel et al. 2017, arXiv:1706.08500, eq. 6). Images are clipped to [-1, 1] first, the range the
 * data had.
 */
final class DigitsClassifier implements AutoCloseable {

    static final int PIXELS = 64;
    static final int FEATURES = 64;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final double[] realMean;
    private final double[][] realCovariance;

    DigitsClassifier() throws OrtException, IOException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(ShippedModels.file("digits-classifier.onnx").toString(), options);
        }
        JsonNode stats = new ObjectMapper().readTree(ShippedModels.file("digits-features.json").toFile());
        ObjectMapper m = new ObjectMapper();
        realMean = m.treeToValue(stats.get("mean"), double[].class);
        realCovariance = m.treeToValue(stats.get("covariance"), double[][].class);
    }

    /** Labels and features of a batch of images. */
    record Output(int[] labels, double[][] features) {
    }

    /**
     * @param images {@code n x 64} row-major pixels
     * @return the predicted labels and the features
     */
    Output classify(double[] images) throws OrtException {
        int n = images.length / PIXELS;
        float[] clipped = new float[images.length];
        for (int i = 0; i < images.length; i++) {
            clipped[i] = (float) Math.max(-1, Math.min(1, images[i]));
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(clipped), new long[] {n, 1, 8, 8});
                OrtSession.Result r = session.run(Map.of("image", input))) {
            float[][] logits = (float[][]) r.get("logits").orElseThrow().getValue();
            float[][] features = (float[][]) r.get("features").orElseThrow().getValue();
            int[] labels = new int[n];
            double[][] f = new double[n][FEATURES];
            for (int i = 0; i < n; i++) {
                for (int k = 1; k < logits[i].length; k++) {
                    if (logits[i][k] > logits[i][labels[i]]) {
                        labels[i] = k;
                    }
                }
                for (int k = 0; k < FEATURES; k++) {
                    f[i][k] = features[i][k];
                }
            }
            return new Output(labels, f);
        }
    }

    /**
     * @param features one row per image
     * @return squared Fréchet distance between the Gaussian fitted to the rows (covariance with {@code n - 1}) and
     *     the real digits' feature Gaussian
     */
    double frechetToReal(double[][] features) {
        int n = features.length;
        double[] mean = new double[FEATURES];
        for (double[] row : features) {
            for (int k = 0; k < FEATURES; k++) {
                mean[k] += row[k] / n;
            }
        }
        double[][] cov = new double[FEATURES][FEATURES];
        for (double[] row : features) {
            for (int a = 0; a < FEATURES; a++) {
                for (int b = 0; b < FEATURES; b++) {
                    cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                }
            }
        }
        return FrechetDistance.squared(mean, cov, realMean, realCovariance);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
