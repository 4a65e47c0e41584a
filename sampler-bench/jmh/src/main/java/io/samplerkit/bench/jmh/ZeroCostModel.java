package io.samplerkit.bench.jmh;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * A model that costs nothing: it leaves {@code out} as it is (zeros after allocation, or what the solver's conversion of
 * an earlier output last wrote there), so a step benchmark measures the solver's own arithmetic and memory traffic
 * only. Thread-safe.
 *
 * @param prediction the parameterization it claims to return
 */
public record ZeroCostModel(Prediction prediction) implements DiffusionModel {

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        // intentionally empty: the benchmark measures the solver, not the model
    }
}
