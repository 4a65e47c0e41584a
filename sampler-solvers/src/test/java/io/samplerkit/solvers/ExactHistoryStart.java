package io.samplerkit.solvers;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Runs a multistep solver with an exact-history start (MATH.md §13, caveat 1): at the points
 * {@code t_1 .. t_warm} the model answers with its value on the exact probability-flow trajectory,
 * and the state after each of the first {@code warm} steps is replaced by the exact one, so only the
 * full-order steps contribute error. Shared by the order tests of every multistep family.
 */
public final class ExactHistoryStart {

    private ExactHistoryStart() {
    }

    /**
     * @param solver the solver
     * @param data the Gaussian data (exact model and flow)
     * @param schedule schedule of the times
     * @param times the grid, {@code times[0]} the start
     * @param prediction what the model returns
     * @param xStart the state at {@code times[0]}. Not modified.
     * @param warm number of leading steps started exactly
     * @return the final state
     */
    public static Batch run(Solver solver, GaussianData data, NoiseSchedule schedule, double[] times,
            Prediction prediction, Batch xStart, int warm) {
        DiffusionModel exact = data.model(schedule, prediction);
        DiffusionModel model = new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return prediction;
            }

            @Override
            public void evaluate(BatchView x, double t, Batch out) {
                for (int k = 1; k <= warm; k++) {
                    if (t == times[k]) {
                        Batch onFlow = xStart.like();
                        data.flow(xStart, schedule, times[0], t, onFlow);
                        exact.evaluate(onFlow, t, out);
                        return;
                    }
                }
                exact.evaluate(x, t, out);
            }
        };
        SamplingProblem p = SamplingProblem.of(schedule, model, Timesteps.of(schedule, times));
        solver.validate(p);
        Batch x = xStart.copy();
        SolverRun run = solver.start(new SolverContext(solver.name(), p, x.size(), x.dim()));
        for (int k = 1; !run.done(); k++) {
            run.step(x);
            if (k <= warm) {
                data.flow(xStart, schedule, times[0], times[k], x);
            }
        }
        return x;
    }
}
