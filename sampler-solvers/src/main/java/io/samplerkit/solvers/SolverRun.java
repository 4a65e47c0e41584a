package io.samplerkit.solvers;

import io.samplerkit.core.state.Batch;

/**
 * The mutable state of one sampling run (history, controller state, workspaces). Created by
 * {@link Solver#start}; not thread-safe, used by one thread for one run.
 */
public interface SolverRun {

    /** @return whether the run has reached its final time */
    boolean done();

    /** @return the time of the current state ({@code NaN} at a zero-noise end point) */
    double time();

    /**
     * Advances the state by one (outer) step.
     *
     * @param x the state, advanced in place. Modified.
     */
    void step(Batch x);

    /** @return number of rejected step attempts so far (adaptive solvers) */
    default int rejectedSteps() {
        return 0;
    }
}
