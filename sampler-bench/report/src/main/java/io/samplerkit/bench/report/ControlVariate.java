package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.law.ExactOutputLaw;
import io.samplerkit.solvers.law.GaussianLaw;
import java.util.List;

/**
 * The adaptive-SDE study's control variate on a problem with Gaussian data: a reference run {@code Y} of
 * Euler–Maruyama on a log-SNR grid from the same starts and on the same Brownian paths as the runs it is compared
 * with, and its exact output law ({@link ExactOutputLaw}). A run's estimate is {@link AdaptiveSdeStudy#estimate}: the
 * sampling errors of its moments nearly cancel against {@code Y}'s. {@code Y}'s own distance to the target does not
 * enter (its exact moments are added back); its steps only set how closely it follows the runs' paths.
 *
 * @param paths the Brownian paths, one per sample (rows numbered from 0)
 * @param reference {@code Y}'s outputs, row by row
 * @param law {@code Y}'s exact law
 */
record ControlVariate(SeededNoise paths, Batch reference, GaussianLaw law) {

    /**
     * Log-SNR steps of the reference run in the main report: half the adaptive-SDE study's
     * {@link AdaptiveSdeStudy#REFERENCE_STEPS}, because the exact law of a run with many steps dominates the cost.
     */
    static final int REFERENCE_STEPS = 320;

    /** Log-SNR step counts of the Euler–Maruyama runs whose estimates are checked against their exact laws. */
    static final List<Integer> CHECK_STEPS = List.of(40, 80);

    /**
     * A run of Euler–Maruyama (or any solver with an exact law) and that law.
     *
     * @param x the outputs
     * @param modelCalls model calls of the run
     * @param law the exact output law
     */
    record ExactRun(Batch x, int modelCalls, GaussianLaw law) {

        /**
         * @param em the solver
         * @param p the problem (schedule, model, time interval)
         * @param starts initial states
         * @param paths the noise
         * @param grid grid rule
         * @param steps steps
         * @param data the Gaussian data
         * @return the run
         */
        static ExactRun of(Solver em, ProblemInstance p, Batch starts, SeededNoise paths, TimeGrid grid, int steps,
                GaussianData data) {
            ProblemSpec spec = p.spec();
            Timesteps ts = Timesteps.of(p.schedule(), grid, spec.tStart(), spec.tEnd(), steps);
            SamplingProblem sp = new SamplingProblem(p.schedule(), p.model(), ts, paths, StepObserver.NONE, false,
                    false);
            SamplingResult res = em.sample(sp, starts);
            return new ExactRun(res.x(), res.modelCalls(), ExactOutputLaw.of(em, sp, data).law());
        }
    }

    /**
     * @param em Euler–Maruyama
     * @param p a problem with Gaussian data
     * @param starts initial states
     * @param paths the Brownian paths
     * @param steps log-SNR steps of the reference run
     * @return the control variate
     */
    static ControlVariate of(Solver em, ProblemInstance p, Batch starts, SeededNoise paths, int steps) {
        ExactRun y = ExactRun.of(em, p, starts, paths, new LogSnrGrid(), steps, p.gaussianData().orElseThrow());
        return new ControlVariate(paths, y.x(), y.law());
    }

    /**
     * @param x outputs from the same starts and paths
     * @param target the target law
     * @return the control-variate estimate of the Fréchet distance of {@code x}'s law to the target
     */
    double estimate(Batch x, GaussianLaw target) {
        return AdaptiveSdeStudy.estimate(x, reference, law, target);
    }

    /**
     * The estimate's measured error: the largest {@code |estimate − exact|} over Euler–Maruyama runs at
     * {@link #CHECK_STEPS} log-SNR steps from the same starts and paths.
     *
     * @param em Euler–Maruyama
     * @param p the problem
     * @param starts the starts
     * @param target the target law
     * @return the error
     */
    double floor(Solver em, ProblemInstance p, Batch starts, GaussianLaw target) {
        double worst = 0;
        for (int steps : CHECK_STEPS) {
            ExactRun x = ExactRun.of(em, p, starts, paths, new LogSnrGrid(), steps, p.gaussianData().orElseThrow());
            worst = Math.max(worst, Math.abs(estimate(x.x(), target) - x.law().frechetDistance(target)));
        }
        return worst;
    }
}
