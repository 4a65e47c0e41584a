package io.samplerkit.solvers.support;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;

/**
 * Exact-history starts for order tests of multistep solvers (MATH.md §13, caveat 1): before the first
 * step, the run's history is filled with the model evaluated at the exact flow states at earlier
 * ("prior") times, so every step, the first included, has full order and no warm-up error.
 */
public final class ExactHistory {

    private ExactHistory() {
    }

    /**
     * Runs a multistep solver (one built on {@link MultistepExponentialRun}) from the exact state.
     *
     * @param solver the solver
     * @param problem the problem; its first time is the start
     * @param data the Gaussian data whose exact flow gives the prior states
     * @param x0 state at the problem's first time. Not modified.
     * @param prior earlier (noisier) times, oldest first
     * @return the final state
     */
    public static Batch run(Solver solver, SamplingProblem problem, GaussianData data, Batch x0, double[] prior) {
        solver.validate(problem);
        Batch x = x0.copy();
        SolverContext context = new SolverContext(solver.name(), problem, x.size(), x.dim());
        SolverRun run = solver.start(context);
        MultistepExponentialRun multistep = (MultistepExponentialRun) run;
        NoiseSchedule schedule = problem.schedule();
        double t0 = problem.tStart();
        Batch xp = x.like();
        for (double tp : prior) {
            data.flow(x0, schedule, t0, tp, xp);
            multistep.side.evaluate(context, xp, tp, multistep.history.slot());
            multistep.history.push(tp, schedule.alpha(tp), schedule.sigma(tp), schedule.lambda(tp));
        }
        while (!run.done()) {
            run.step(x);
        }
        return x;
    }
}
