package io.samplerkit.solvers;

import io.samplerkit.core.state.Batch;

/**
 * An edit of the state between steps, made by {@link SamplingDriver} (and so by a {@link Stepper}) to the
 * initial state and after every accepted step, before the observer sees it: the place where an inpainting
 * pipeline puts the known region back ({@link Inpainting}). The solver continues from the edited state;
 * what it remembers of earlier steps (a multistep method's model outputs, an FSAL pair's last stage) stays
 * as it was, exactly as in diffusers' inpainting loop, which edits the latents between scheduler steps.
 *
 * <p>Called on the run's thread; allocate nothing in it (buffers belong in the edit's constructor).
 */
@FunctionalInterface
public interface StateEdit {

    /** The edit that changes nothing. */
    StateEdit NONE = new StateEdit() {
        @Override
        public void apply(int accepted, double t, double alpha, double sigma, Batch x) {
        }

        @Override
        public boolean changesState() {
            return false;
        }
    };

    /**
     * Edits the state in place.
     *
     * @param accepted accepted steps so far: 0 for the initial state, {@code i + 1} after step {@code i}
     * @param t the state's schedule time ({@code NaN} at a zero-noise end point)
     * @param alpha {@code alpha(t)} of the schedule (its zero-noise value at such an end point)
     * @param sigma {@code sigma(t)} (0 at a zero-noise end point)
     * @param x the state. Modified.
     */
    void apply(int accepted, double t, double alpha, double sigma, Batch x);

    /**
     * Whether {@link #apply} may change the state. The driver then tells the run ({@link SolverRun#stateEdited}),
     * which may cost a model call (an FSAL pair re-evaluates its first stage); an edit that only reads the state
     * returns {@code false}.
     *
     * @return {@code true} unless the edit never changes the state
     */
    default boolean changesState() {
        return true;
    }
}
