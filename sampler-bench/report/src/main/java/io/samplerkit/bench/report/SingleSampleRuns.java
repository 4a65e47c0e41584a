package io.samplerkit.bench.report;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.StepObserver;

/**
 * Runs a solver on each row of a batch alone: an adaptive solver then chooses its steps for that sample only (per-sample
 * step sizes, as the adaptive SDE solvers' papers run them), not for the batch. Row {@code r} draws the noise of sample
 * {@code r} of the noise source ({@link SeededNoise#withFirstSample}), so the rows' noise is the same as in one batch run.
 *
 * @param x the outputs, row by row
 * @param modelCalls model calls over all rows
 * @param steps accepted steps over all rows
 * @param rejected rejected attempts over all rows
 */
record SingleSampleRuns(Batch x, long modelCalls, long steps, long rejected) {

    /**
     * @param solver the solver
     * @param schedule the schedule
     * @param model the model
     * @param span the time points given to the solver (for an adaptive solver, the end points)
     * @param noise the noise, rows numbered from 0
     * @param starts the initial states
     * @return the outputs and counts
     */
    static SingleSampleRuns run(Solver solver, NoiseSchedule schedule, DiffusionModel model, Timesteps span,
            SeededNoise noise, Batch starts) {
        int d = starts.dim();
        Batch out = starts.like();
        Batch one = Batch.zeros(1, d);
        long calls = 0;
        long steps = 0;
        long rejected = 0;
        for (int r = 0; r < starts.size(); r++) {
            System.arraycopy(starts.data(), r * d, one.data(), 0, d);
            SamplingProblem sp = new SamplingProblem(schedule, model, span, noise.withFirstSample(r), StepObserver.NONE,
                    false, false);
            SamplingResult res = solver.sample(sp, one);
            calls += res.modelCalls();
            steps += res.steps();
            rejected += res.rejectedSteps();
            System.arraycopy(res.x().data(), 0, out.data(), r * d, d);
        }
        return new SingleSampleRuns(out, calls, steps, rejected);
    }

    /** @return model calls per row */
    double meanModelCalls() {
        return (double) modelCalls / x.size();
    }

    /** @return accepted steps per row */
    double meanSteps() {
        return (double) steps / x.size();
    }

    /** @return rejected attempts per row */
    double meanRejected() {
        return (double) rejected / x.size();
    }
}
