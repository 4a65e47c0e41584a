package io.samplerkit.bench.report;

import io.samplerkit.core.state.Batch;
import java.nio.file.Path;

/**
 * A {@link QualitySpec} made concrete for one problem: judges a batch of samples against the data. Built once per
 * problem ({@link #open}); thread-safe (implementations hold only immutable data and thread-safe sessions); closes
 * the sessions it opened.
 */
interface SampleQuality extends AutoCloseable {

    /**
     * What one batch measured.
     *
     * @param value the measure (energy distance, or squared feature-space Fréchet distance)
     * @param covered classes or modes that received at least one sample
     * @param total classes or modes there are
     */
    record Value(double value, int covered, int total) {
    }

    /**
     * @param samples the samples, one per row
     * @return the measure
     */
    Value measure(Batch samples);

    /**
     * The measure's value for exact data of the same size, when it can be drawn (a floor no sampler can beat,
     * from sampling alone), or NaN.
     *
     * @param rows rows per batch
     * @return the baseline
     */
    double baseline(int rows);

    @Override
    void close();

    /**
     * @param spec the quality spec
     * @param dim the samples' dimension
     * @return the measure
     * @throws io.samplerkit.core.InvalidInputException naming the field of a file, name or shape that does not fit
     */
    static SampleQuality open(QualitySpec spec, int dim) {
        if (spec instanceof QualitySpec.Energy e) {
            return EnergyQuality.of(e, dim);
        }
        QualitySpec.Classifier c = (QualitySpec.Classifier) spec;
        return ClassifierQuality.open(c, Path.of(c.file()), Path.of(c.statistics()), dim);
    }
}
