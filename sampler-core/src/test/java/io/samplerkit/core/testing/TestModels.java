package io.samplerkit.core.testing;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Hand-written models for tests (constant, poisoned, recording or wrapping ones) from a lambda. Shared
 * with other modules through the core test-jar.
 */
public final class TestModels {

    private TestModels() {
    }

    /** What {@link DiffusionModel#evaluate} does. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param x noisy batch. Not modified.
         * @param t schedule time
         * @param out destination. Modified.
         */
        void evaluate(BatchView x, double t, Batch out);
    }

    /**
     * @param prediction what the model returns
     * @param body its evaluation
     * @return the model
     */
    public static DiffusionModel of(Prediction prediction, Body body) {
        return new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return prediction;
            }

            @Override
            public void evaluate(BatchView x, double t, Batch out) {
                body.evaluate(x, t, out);
            }
        };
    }
}
