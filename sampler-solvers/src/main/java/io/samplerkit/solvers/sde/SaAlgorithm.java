package io.samplerkit.solvers.sde;

import io.samplerkit.solvers.internal.ModelSide;

/** Which model output SA-Solver integrates (diffusers' {@code algorithm_type}). */
public enum SaAlgorithm {
    /** The data prediction, with {@code tau} in the exponential weight (diffusers' default). */
    DATA_PREDICTION(ModelSide.DATA),
    /** The noise prediction; cannot step to zero noise. */
    NOISE_PREDICTION(ModelSide.NOISE);

    private final ModelSide side;

    SaAlgorithm(ModelSide side) {
        this.side = side;
    }

    /** @return the model side the steps combine */
    public ModelSide side() {
        return side;
    }
}
