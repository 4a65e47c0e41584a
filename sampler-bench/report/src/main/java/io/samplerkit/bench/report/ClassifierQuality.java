package io.samplerkit.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.bench.spec.StrictJson;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.FrechetDistance;
import io.samplerkit.core.state.Batch;
import io.samplerkit.onnx.OnnxClassifier;
import io.samplerkit.onnx.OnnxModelException;
import java.nio.file.Path;

/**
 * {@link QualitySpec.Classifier}: the squared Fréchet distance between the Gaussian fitted to a classifier's features
 * of the samples and the real data's feature Gaussian ({@link FrechetDistance#squaredOfSample}; the FID recipe of
 * Heusel et al. 2017, arXiv:1706.08500, eq. 6, with this data set's own classifier), and how many classes are
 * predicted at least once. No baseline: real data are not at hand, only their feature statistics. Thread-safe.
 */
final class ClassifierQuality implements SampleQuality {

    private final OnnxClassifier classifier;
    private final double[] mean;
    private final double[][] covariance;

    private ClassifierQuality(OnnxClassifier classifier, double[] mean, double[][] covariance) {
        this.classifier = classifier;
        this.mean = mean;
        this.covariance = covariance;
    }

    static ClassifierQuality open(QualitySpec.Classifier spec, Path file, Path statistics, int dim) {
        JsonNode stats;
        try {
            stats = StrictJson.readTree(statistics);
        } catch (InvalidInputException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("statistics", spec.statistics(), "a readable JSON file with mean and "
                    + "covariance (" + e.getMessage() + ")");
        }
        double[] m = vector(stats.get("mean"));
        double[][] c = new double[m.length][];
        JsonNode rows = stats.get("covariance");
        if (m.length == 0 || rows == null || !rows.isArray() || rows.size() != m.length) {
            throw new InvalidInputException("statistics", spec.statistics(), "a JSON object with mean [k] and "
                    + "covariance [k][k]");
        }
        for (int i = 0; i < m.length; i++) {
            c[i] = vector(rows.get(i));
            if (c[i].length != m.length) {
                throw new InvalidInputException("statistics", spec.statistics(), "covariance rows of " + m.length
                        + " numbers like mean (row " + i + " has " + c[i].length + ")");
            }
        }
        OnnxClassifier classifier;
        try {
            classifier = OnnxClassifier.open(file, spec.input(), spec.logits(), spec.features(), spec.clipLow(),
                    spec.clipHigh(), 1);
        } catch (OnnxModelException e) {
            throw new InvalidInputException(e.field(), e.found(), e.expected() + " (classifier file " + e.model()
                    + (e.tensor().isEmpty() ? "" : ", tensor '" + e.tensor() + "'") + ")");
        }
        if (classifier.dim() != dim || classifier.featureDim() != m.length) {
            String found = classifier.dim() + " values per sample, " + classifier.featureDim() + " features";
            classifier.close();
            throw new InvalidInputException("file", found, dim + " values per sample (the model's) and "
                    + m.length + " features (the statistics')");
        }
        return new ClassifierQuality(classifier, m, c);
    }

    private static double[] vector(JsonNode node) {
        if (node == null || !node.isArray()) {
            return new double[0];
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            if (!node.get(i).isNumber()) {
                return new double[0];
            }
            v[i] = node.get(i).asDouble();
        }
        return v;
    }

    @Override
    public Value measure(Batch samples) {
        OnnxClassifier.Output o = classifier.classify(samples.data());
        boolean[] seen = new boolean[classifier.classes()];
        for (int label : o.labels()) {
            seen[label] = true;
        }
        int covered = 0;
        for (boolean s : seen) {
            covered += s ? 1 : 0;
        }
        return new Value(FrechetDistance.squaredOfSample(o.features(), mean, covariance), covered, seen.length);
    }

    @Override
    public double baseline(int rows) {
        return Double.NaN;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
