package io.samplerkit.solvers.internal;

import io.samplerkit.solvers.Solver;

/**
 * A first-order sampler whose steps draw noise scaled by {@link #eta()}: DDIM and DDPM's ancestral steps,
 * Euler–Maruyama, the predictor–corrector sampler and gotta-go-fast. Its order is 1 (the weak order when it draws
 * noise) and it is stochastic exactly when {@code eta > 0}; both facts are written here once.
 */
public interface FirstOrderSampler extends Solver {

    /**
     * @return the noise scale of the steps: 0 for the deterministic sampler, 1 (the default, for samplers without
     *     the choice) for the full noise of the reverse SDE or of DDPM's posterior
     */
    default double eta() {
        return 1.0;
    }

    @Override
    default int order() {
        return 1;
    }

    @Override
    default boolean stochastic() {
        return eta() > 0;
    }
}
