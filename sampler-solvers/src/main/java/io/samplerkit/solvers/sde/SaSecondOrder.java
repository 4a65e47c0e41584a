package io.samplerkit.solvers.sde;

/**
 * How SA-Solver's two-node (second-order) predictor and corrector weigh the difference of the model outputs
 * ({@link SaSolverWeights}).
 */
public enum SaSecondOrder {
    /** diffusers' {@code SASolverScheduler}: the first moment {@code psi_2(H)} replaced by {@code H/2}. */
    DIFFUSERS,
    /** The exact exponentially weighted integral of the Lagrange basis, as for every other order. */
    LAGRANGE
}
