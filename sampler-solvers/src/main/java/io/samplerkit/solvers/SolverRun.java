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

    /**
     * Whether the run can take the zero-length final step of timesteps that end with a repeated point
     * ({@link io.samplerkit.core.grid.Timesteps#ofRepeatedEnd}, diffusers' repeated final sigma): evaluate
     * the model where its scheme does, leave the state unchanged and count the step in its order rules.
     * {@link SamplingDriver} rejects such timesteps for runs that return {@code false}, the default.
     *
     * @return whether a zero-length final step is supported
     */
    default boolean supportsZeroLengthEnd() {
        return false;
    }

    /**
     * Told by {@link SamplingDriver} after a {@link StateEdit} has changed the state between steps. Runs that keep
     * their own copy of the state, or a derivative evaluated at it (an FSAL pair's last stage), refresh it here; the
     * default does nothing, right for runs that read the state they are given at every step. What a run remembers of
     * earlier model outputs (multistep history) stays.
     *
     * @param x the edited state. Not modified.
     */
    default void stateEdited(Batch x) {
    }

    /** @return number of rejected step attempts so far (adaptive solvers) */
    default int rejectedSteps() {
        return 0;
    }
}
