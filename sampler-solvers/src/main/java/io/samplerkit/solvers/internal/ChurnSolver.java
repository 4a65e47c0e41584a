package io.samplerkit.solvers.internal;

import io.samplerkit.solvers.Solver;

/**
 * A solver that accepts EDM's {@link Churn} (Euler, Heun, DPM-2): it is stochastic exactly when its
 * churn is active, and the deterministic sampler otherwise.
 */
public interface ChurnSolver extends Solver {

    /** @return the churn applied before each step ({@link Churn#NONE} for none) */
    Churn churn();

    @Override
    default boolean stochastic() {
        return churn().active();
    }
}
