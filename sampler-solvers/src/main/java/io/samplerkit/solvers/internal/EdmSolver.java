package io.samplerkit.solvers.internal;

import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;

/**
 * A sampler on the probability-flow ODE in EDM coordinates ({@link EdmRun}): one {@link EdmScheme} per step, with
 * EDM's {@link Churn} or k-diffusion's {@link Ancestral} noise (at most one). What such a sampler is follows from
 * those three values, written here once: its order is the scheme's, it is stochastic exactly when its noise is
 * active, and it runs as an {@link EdmStageRun}.
 */
public interface EdmSolver extends Solver {

    /** @return the step rule */
    EdmScheme scheme();

    /** @return the churn applied before each step ({@link Churn#NONE} for none) */
    default Churn churn() {
        return Churn.NONE;
    }

    /** @return the ancestral split of each step ({@link Ancestral#NONE} for none) */
    default Ancestral ancestral() {
        return Ancestral.NONE;
    }

    /**
     * @param plainName the registry name of the sampler without ancestral noise
     * @param ancestralName its registry name with ancestral noise
     * @return the name this sampler reports: {@code ancestralName} unless the split is {@link Ancestral#NONE}
     */
    default String nameOf(String plainName, String ancestralName) {
        return ancestral().equals(Ancestral.NONE) ? plainName : ancestralName;
    }

    @Override
    default int order() {
        return scheme().order();
    }

    @Override
    default boolean stochastic() {
        return churn().active() || ancestral().active();
    }

    @Override
    default SolverRun start(SolverContext context) {
        return new EdmStageRun(context, churn(), ancestral(), scheme());
    }
}
