package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.List;

/**
 * The one sampling loop every solver shares: starts a run, steps it to the end, tells the observer,
 * records the trajectory, and performs the optional final denoising evaluation. It is also the one place
 * that rejects timesteps ending with a zero-length step for runs that do not support it
 * ({@link SolverRun#supportsZeroLengthEnd()}).
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
        solver.validate(problem);
        Batch x = xT.copy();
        SamplingException.requireSoundState(x, solver.name(), 0, problem.tStart());
        SolverContext context = new SolverContext(solver.name(), problem, x.size(), x.dim());
        SolverRun run = solver.start(context);
        if (problem.timesteps().endsWithZeroLengthStep() && !run.supportsZeroLengthEnd()) {
            throw new IllegalArgumentException("timesteps must not end with a repeated point for " + solver.name()
                    + ": it cannot take a zero-length final step (diffusers' repeated final sigma is supported by "
                    + "the multistep exponential solvers and the EDM-coordinate grid solvers)");
        }
        List<Double> times = new ArrayList<>();
        List<double[][]> trajectory = new ArrayList<>();
        times.add(run.time());
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
            times.add(t1);
            if (problem.recordTrajectory()) {
                trajectory.add(x.toArray());
            }
            problem.observer().onStep(new StepInfo(index, t0, t1, x, context.modelCalls()));
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
        double[] t = new double[times.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i);
        }
        return new SamplingResult(x, context.modelCalls(), t, run.rejectedSteps(), trajectory);
    }

    private static void requireNotInterrupted(Solver solver, int step, double time) {
        if (Thread.currentThread().isInterrupted()) {
            throw new SamplingException(SamplingException.Kind.CANCELLED, solver.name(), step, time, -1,
                    "the thread was interrupted; the run stopped before this step");
        }
    }
}
