package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.Batch;

/**
 * A sampler: an immutable configuration that integrates the probability-flow ODE (or the reverse
 * SDE) of a {@link SamplingProblem} from its first to its last time.
 *
 * <p>All per-run state (multistep history, step-size controller, workspaces) lives in the
 * {@link SolverRun} returned by {@link #start}, so one instance serves many threads. The grid loop,
 * observer calls, NFE counting, the NaN guard and the final denoising step live once, in
 * {@link SamplingDriver}.
 */
public interface Solver {

    /** @return stable registry name, e.g. {@code "dpmpp-2m"} */
    String name();

    /**
     * Global order of convergence promised on a smooth problem (deterministic solvers) or the
     * weak order (stochastic ones).
     *
     * @return the order
     */
    int order();

    /** @return whether the solver draws noise */
    default boolean stochastic() {
        return false;
    }

    /**
     * Whether the solver chooses its own steps (error control against {@code rtol}/{@code atol}) between
     * the problem's first and last time, using no other point of its timesteps. Such solvers are compared
     * by tolerance, not by step count; fixed-grid solvers step through every point.
     *
     * @return {@code true} for step-size-controlled solvers; the default is {@code false}
     */
    default boolean adaptive() {
        return false;
    }

    /**
     * Checks cross-field rules (enough steps for the order, grid inside the schedule, prediction
     * type supported) before a run starts. The default accepts everything.
     *
     * @param problem the problem
     * @throws IllegalArgumentException naming the offending field, value and allowed range
     */
    default void validate(SamplingProblem problem) {
    }

    /**
     * Starts a run; allocates every buffer the run needs.
     *
     * @param context the run's context (problem, model access, workspaces)
     * @return per-run state
     */
    SolverRun start(SolverContext context);

    /**
     * Samples: integrates from {@code xT} at the problem's first time to its last.
     *
     * @param problem what to solve
     * @param xT initial state. Not modified.
     * @return the final state and statistics
     */
    default SamplingResult sample(SamplingProblem problem, Batch xT) {
        return SamplingDriver.run(this, problem, xT);
    }

    /**
     * Samples with the run's buffers taken from {@code workspace} and left there for the next run: for a caller that
     * samples repeatedly (same results to the bit as {@link #sample(SamplingProblem, Batch)}). A workspace serves
     * one run at a time ({@link RunWorkspace}); keep one per thread.
     *
     * @param problem what to solve
     * @param xT initial state. Not modified.
     * @param workspace the buffers kept from earlier runs
     * @return the final state (a new batch, not part of the workspace) and statistics
     * @throws IllegalStateException if another run is using {@code workspace}
     */
    default SamplingResult sample(SamplingProblem problem, Batch xT, RunWorkspace workspace) {
        return SamplingDriver.run(this, problem, xT, StateEdit.NONE, Checks.requireNonNull(workspace, "workspace"));
    }

    /**
     * Samples into a batch the caller owns, with the run's buffers taken from {@code workspace}: a caller that samples
     * again and again, each time into the same batch, allocates no state-sized array per run (same results to the bit
     * as {@link #sample(SamplingProblem, Batch)}). {@code out} may be {@code xT} itself: the run then starts from the
     * values in it, without a copy, and leaves the sample there (draw the next x_T into it and call again).
     *
     * <p>If the run fails ({@link io.samplerkit.core.SamplingException}, an interrupt) {@code out} holds the state the
     * run had reached, not a sample.
     *
     * @param problem what to solve
     * @param xT initial state. Not modified unless it is {@code out}.
     * @param out receives the final state; the run's state lives in it throughout
     * @param workspace the buffers kept from earlier runs
     * @return the statistics, with {@code out} as the final state
     * @throws io.samplerkit.core.InvalidInputException if {@code out}'s shape is not {@code xT}'s
     * @throws IllegalStateException if another run is using {@code workspace}
     */
    default SamplingResult sampleInto(SamplingProblem problem, Batch xT, Batch out, RunWorkspace workspace) {
        return SamplingDriver.run(this, problem, xT, StateEdit.NONE, Checks.requireNonNull(workspace, "workspace"),
                Checks.requireNonNull(out, "out"));
    }

    /**
     * Starts a caller-driven run: the solver asks for each model evaluation, the caller answers
     * ({@link Stepper}). Same bits and NFE as {@link #sample}.
     *
     * @param problem the problem; its model only declares the answers' parameterization ({@link CallerModel})
     * @param xT initial state. Not modified.
     * @return the stepper
     */
    default Stepper stepper(SamplingProblem problem, Batch xT) {
        return Stepper.start(this, problem, xT, StateEdit.NONE);
    }
}
