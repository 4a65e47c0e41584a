package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one sampling loop every solver shares: starts a run, steps it to the end, tells the observer,
 * records the trajectory, and performs the optional final denoising evaluation. It is also the one place
 * that rejects timesteps ending with a zero-length step for runs that do not support it
 * ({@link SolverRun#supportsZeroLengthEnd()}).
 *
 * <p>The loop allocates nothing per step on a fixed grid without observer and trajectory (the times of the
 * visited states go to an array sized from the grid; an adaptive run, which may visit more points, doubles it),
 * so a {@link Stepper}, which runs this loop, allocates nothing per evaluation either.
 *
 * <p><b>Guards.</b> Every model output is checked by the {@link SolverContext}
 * ({@link SamplingException#requireSoundEvaluation}); the starting state and the final state are checked here
 * once each ({@link SamplingException#requireSoundState}, {@link SamplingException#MAX_MAGNITUDE}). Before every step, and before the final denoising call, the
 * thread's interrupt flag is read: an interrupted run ({@code Future.cancel(true)}, {@link Thread#interrupt()})
 * stops with a {@link SamplingException} of kind {@code CANCELLED}, and the flag stays set.
 */
public final class SamplingDriver {

    private SamplingDriver() {
    }

    /**
     * Runs {@code solver} on {@code problem} from {@code xT}.
     *
     * @param solver the solver
     * @param problem the problem
     * @param xT initial state. Not modified.
     * @return the result
     */
    public static SamplingResult run(Solver solver, SamplingProblem problem, Batch xT) {
        return run(solver, problem, xT, StateEdit.NONE);
    }

    /**
     * Runs {@code solver} on {@code problem} from {@code xT}, editing the state before the first step and after
     * every accepted one.
     *
     * @param solver the solver
     * @param problem the problem
     * @param xT initial state. Not modified.
     * @param edit the edit ({@link StateEdit#NONE} for none)
     * @return the result
     */
    public static SamplingResult run(Solver solver, SamplingProblem problem, BatchView xT, StateEdit edit) {
        return run(solver, problem, xT, edit, null);
    }

    /**
     * Runs {@code solver} on {@code problem} from {@code xT} with the run's buffers taken from {@code workspace}
     * (same results to the bit as without; {@link RunWorkspace}: one run at a time).
     *
     * @param solver the solver
     * @param problem the problem
     * @param xT initial state. Not modified.
     * @param edit the edit ({@link StateEdit#NONE} for none)
     * @param workspace the buffers kept from earlier runs, or {@code null} to allocate them
     * @return the result (its state is a new batch, not part of the workspace)
     * @throws IllegalStateException if another run is using {@code workspace}
     */
    public static SamplingResult run(Solver solver, SamplingProblem problem, BatchView xT, StateEdit edit,
            RunWorkspace workspace) {
        return run(solver, problem, xT, edit, workspace, null);
    }

    /**
     * Runs {@code solver} on {@code problem} from {@code xT} with the final state written into {@code out}, a batch
     * the caller owns ({@link Solver#sampleInto}); {@code out} may be {@code xT}'s own batch (the run then starts
     * from it without a copy and overwrites it).
     *
     * @param solver the solver
     * @param problem the problem
     * @param xT initial state. Not modified unless it is {@code out}.
     * @param edit the edit ({@link StateEdit#NONE} for none)
     * @param workspace the buffers kept from earlier runs, or {@code null} to allocate them
     * @param out the batch that holds the run's state and its final state, or {@code null} for a new one
     * @return the result; its state is {@code out} when given
     * @throws InvalidInputException if {@code out} does not have {@code xT}'s shape
     * @throws IllegalStateException if another run is using {@code workspace}
     */
    public static SamplingResult run(Solver solver, SamplingProblem problem, BatchView xT, StateEdit edit,
            RunWorkspace workspace, Batch out) {
        solver.validate(problem);
        if (out != null && (out.size() != xT.size() || out.dim() != xT.dim())) {
            throw new InvalidInputException("out", out.size() + "x" + out.dim(),
                    Checks.format("a batch of x_T's shape, %dx%d", xT.size(), xT.dim()));
        }
        if (workspace == null) {
            return runClaimed(solver, problem, xT, edit, null, out);
        }
        workspace.begin(solver.name());
        try {
            return runClaimed(solver, problem, xT, edit, workspace, out);
        } finally {
            workspace.end();
        }
    }

    private static SamplingResult runClaimed(Solver solver, SamplingProblem problem, BatchView xT, StateEdit edit,
            RunWorkspace workspace, Batch out) {
        // the run's state: a copy of x_T (not zeroed first: the copy writes every element), in the caller's batch
        // when given; none when that batch is x_T's own
        Batch x;
        if (out == null) {
            x = Batch.wrap(xT.size(), xT.dim(), xT.data().clone());
        } else {
            x = out;
            if (out.data() != xT.data()) {
                out.copyFrom(xT);
            }
        }
        SamplingException.requireSoundState(x, solver.name(), 0, problem.tStart());
        SolverContext context = new SolverContext(solver.name(), problem, x.size(), x.dim(), workspace);
        if (!edit.changesState()) {
            context.withoutStateEdits();
        }
        SolverRun run = solver.start(context);
        if (problem.timesteps().endsWithZeroLengthStep() && !run.supportsZeroLengthEnd()) {
            throw new InvalidInputException("solver", solver.name(), "a solver that can take the zero-length final "
                    + "step of these timesteps (their last point repeats the one before, diffusers' repeated final "
                    + "sigma: the multistep exponential solvers and the EDM-coordinate grid solvers take it)");
        }
        double[] times = new double[problem.timesteps().points()];
        int visited = 0;
        List<double[][]> trajectory = new ArrayList<>();
        times[visited++] = run.time();
        edit(problem, edit, 0, run.time(), x);
        if (problem.recordTrajectory()) {
            trajectory.add(x.toArray());
        }
        int index = 0;
        while (!run.done()) {
            double t0 = run.time();
            context.setStep(index);
            requireNotInterrupted(solver, index, t0);
            run.step(x);
            double t1 = run.time();
            if (visited == times.length) {
                times = Arrays.copyOf(times, 2 * visited);
            }
            times[visited++] = t1;
            edit(problem, edit, index + 1, t1, x);
            if (edit.changesState()) {
                run.stateEdited(x);
            }
            if (problem.recordTrajectory()) {
                trajectory.add(x.toArray());
            }
            if (problem.observer() != StepObserver.NONE) {
                problem.observer().onStep(new StepInfo(index, t0, t1, x, context.modelCalls()));
            }
            index++;
        }
        if (index == 0) {
            throw new InvalidInputException("solver", solver.name(), Checks.format(
                    "a run that takes at least one step: it finished at its start t=%s (problem from t=%s to t=%s); "
                            + "check its tolerance options", run.time(), problem.tStart(), problem.tEnd()));
        }
        // the last step (index - 1) produced the final state; no model call has checked it
        SamplingException.requireSoundState(x, solver.name(), Math.max(index - 1, 0), run.time());
        if (problem.denoiseToZero()) {
            context.setStep(index);
            requireNotInterrupted(solver, index, run.time());
            Batch denoised = context.newBatch();
            context.data(x, run.time(), denoised);
            x.copyFrom(denoised);
            SamplingException.requireSoundState(x, solver.name(), index, run.time());
            if (problem.recordTrajectory()) {
                trajectory.add(x.toArray());
            }
        }
        return new SamplingResult(x, context.modelCalls(), context.networkEvaluations(),
                Arrays.copyOf(times, visited), run.rejectedSteps(), trajectory);
    }

    private static void edit(SamplingProblem problem, StateEdit edit, int accepted, double t, Batch x) {
        if (edit == StateEdit.NONE) {
            return;
        }
        boolean zeroNoise = Double.isNaN(t);
        edit.apply(accepted, t, zeroNoise ? problem.schedule().alphaAtZeroNoise() : problem.schedule().alpha(t),
                zeroNoise ? 0.0 : problem.schedule().sigma(t), x);
    }

    private static void requireNotInterrupted(Solver solver, int step, double time) {
        if (Thread.currentThread().isInterrupted()) {
            throw new SamplingException(SamplingException.Kind.CANCELLED, solver.name(), step, time, -1,
                    "the thread was interrupted; the run stopped before this step");
        }
    }
}
