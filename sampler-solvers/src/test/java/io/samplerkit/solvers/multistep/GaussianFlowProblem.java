package io.samplerkit.solvers.multistep;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.ExactHistoryStart;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;

/**
 * The analytic test problem of MATH.md §13: VP linear (0.1, 20), data N(mu, diag(s^2)) with
 * mu = (0.5, -1, 2), s = (0.1, 1, 3), a fixed start; errors are measured against the exact PF-ODE map.
 */
final class GaussianFlowProblem {

    static final VpLinearSchedule VP = VpLinearSchedule.standard();
    static final GaussianData DATA = GaussianData.diagonal(new double[] {0.5, -1, 2}, new double[] {0.01, 1, 9});
    static final Batch X_START = Batch.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}});

    private GaussianFlowProblem() {
    }

    /** Times with uniform steps in rho = sigma/alpha from rhoStart down to rhoEnd. */
    static double[] uniformRho(NoiseSchedule s, double rhoStart, double rhoEnd, int steps) {
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double rho = rhoStart + (rhoEnd - rhoStart) * i / steps;
            t[i] = s.timeOfLambda(-Math.log(rho));
        }
        return t;
    }

    /** Times with uniform steps in lambda = -log rho. */
    static double[] uniformLambda(NoiseSchedule s, double rhoStart, double rhoEnd, int steps) {
        double[] t = new double[steps + 1];
        double l0 = -Math.log(rhoStart);
        double l1 = -Math.log(rhoEnd);
        for (int i = 0; i <= steps; i++) {
            t[i] = s.timeOfLambda(l0 + (l1 - l0) * i / steps);
        }
        return t;
    }

    /** A deterministic problem of the Gaussian model on the given times. */
    static SamplingProblem problem(double[] times, Prediction prediction) {
        return SamplingProblem.of(VP, DATA.model(VP, prediction), Timesteps.of(VP, times));
    }

    /** Frobenius norm of the difference between the solver's result and the exact flow. */
    static double error(Solver solver, SamplingProblem problem) {
        SamplingResult r = solver.sample(problem, X_START);
        Timesteps g = problem.timesteps();
        int last = g.points() - 1;
        Batch exact = X_START.like();
        DATA.flow(X_START, g.alpha(0), g.sigma(0), g.alpha(last), g.sigma(last), exact);
        return distance(exact, r.x());
    }

    /** Error with an exact-history start for the first {@code warm} steps ({@link ExactHistoryStart}). */
    static double errorWithExactStart(Solver solver, double[] times, Prediction prediction, int warm) {
        Batch x = ExactHistoryStart.run(solver, DATA, VP, times, prediction, X_START, warm);
        Batch end = X_START.like();
        DATA.flow(X_START, VP, times[0], times[times.length - 1], end);
        return distance(end, x);
    }

    static double distance(Batch a, Batch b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** Observed order between two step counts n and 2n. */
    static double slope(double errorCoarse, double errorFine) {
        return Math.log(errorCoarse / errorFine) / Math.log(2);
    }
}
