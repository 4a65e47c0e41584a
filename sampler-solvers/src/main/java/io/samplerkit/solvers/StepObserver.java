package io.samplerkit.solvers;

/**
 * Typed step callback (progress bars, trajectories, diagnostics).
 */
@FunctionalInterface
public interface StepObserver {

    /** Observer that does nothing. */
    StepObserver NONE = info -> { };

    /**
     * Called after every accepted step.
     *
     * @param info the step
     */
    void onStep(StepInfo info);

    /**
     * Called by adaptive solvers after every rejected step attempt. The default ignores it.
     *
     * @param step the rejected attempt
     */
    default void onRejected(RejectedStep step) {
    }
}
