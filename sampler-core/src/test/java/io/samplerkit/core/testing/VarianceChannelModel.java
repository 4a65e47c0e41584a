package io.samplerkit.core.testing;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * A model with a variance output for tests: the wrapped model's prediction plus the channel
 * {@code base[e] + slope[e] t} for coordinate {@code e} at schedule time {@code t} (independent of {@code x}, so
 * a sampler that reads it stays affine in the state). Thread-safe if the wrapped model is.
 *
 * @param model the prediction
 * @param base channel at {@code t = 0}, one value per coordinate
 * @param slope channel slope in {@code t}, one value per coordinate
 */
public record VarianceChannelModel(DiffusionModel model, double[] base, double[] slope) implements DiffusionModel {

    /**
     * @param e coordinate
     * @param t schedule time
     * @return the channel's value
     */
    public double channel(int e, double t) {
        return base[e] + slope[e] * t;
    }

    @Override
    public Prediction prediction() {
        return model.prediction();
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        model.evaluate(x, t, out);
    }

    @Override
    public boolean outputsVariance() {
        return true;
    }

    @Override
    public void evaluateWithVariance(BatchView x, double t, Batch out, Batch variance) {
        model.evaluate(x, t, out);
        double[] v = variance.data();
        int d = base.length;
        for (int k = 0; k < v.length; k++) {
            v[k] = channel(k % d, t);
        }
    }
}
