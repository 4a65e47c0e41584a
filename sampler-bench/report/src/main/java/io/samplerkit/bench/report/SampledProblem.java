package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.calibration.GaussianFit;
import io.samplerkit.solvers.law.GaussianLaw;
import java.util.SplittableRandom;

/**
 * A problem with analytic data (Gaussian or Gaussian mixture) set up for the sampled measurement of a stochastic
 * solver that has no exact output law: {@code n} initial states drawn from the exact marginal at {@code tStart}
 * ({@link MixtureProblem#draw}, a Gaussian as a one-component mixture), the mean and covariance of the exact marginal
 * at {@code tEnd} (the target of {@link SampledFrechet#estimate}), and the estimator's floor on {@code n} exact samples
 * of that marginal ({@link SampledFrechet#floor}). Starts and floor samples come from seeds derived from the master
 * seed and the problem id.
 *
 * <p>Immutable; thread-safe (callers must not modify the starts).
 */
final class SampledProblem {

    private final ProblemInstance problem;
    private final Batch starts;
    private final GaussianLaw target;
    private final double floor;

    private SampledProblem(ProblemInstance problem, Batch starts, GaussianLaw target, double floor) {
        this.problem = problem;
        this.starts = starts;
        this.target = target;
        this.floor = floor;
    }

    /**
     * @param problem a problem with analytic data
     * @param n samples, at least 4
     * @param masterSeed the report's master seed
     * @return the set-up
     */
    static SampledProblem of(ProblemInstance problem, int n, long masterSeed) {
        ProblemSpec spec = problem.spec();
        NoiseSchedule schedule = problem.schedule();
        GaussianMixtureData data = mixture(spec.data());
        Batch starts = Batch.zeros(n, data.dim());
        MixtureProblem.draw(data, schedule.alpha(spec.tStart()), schedule.sigma(spec.tStart()),
                new SplittableRandom(Seeds.derive(masterSeed, "sampled-states|" + spec.id())), n, starts.data(), 0);
        double alpha = schedule.alpha(spec.tEnd());
        double sigma = schedule.sigma(spec.tEnd());
        double floor = SampledFrechet.floor(data, alpha, sigma, n, Seeds.derive(masterSeed, "sampled-floor|" + spec.id()));
        return new SampledProblem(problem, starts, moments(data, alpha, sigma), floor);
    }

    /**
     * @param data analytic data
     * @return the data as a mixture (Gaussian data: one component)
     */
    static GaussianMixtureData mixture(AnalyticData data) {
        return data.mixture().orElseGet(() -> GaussianMixtureData.of(new double[] {1.0}, data.gaussian().orElseThrow()));
    }

    /**
     * The mean and covariance of a mixture's marginal {@code alpha x_0 + sigma z}: {@code alpha m} and
     * {@code alpha^2 C + sigma^2 I} for the data's mean {@code m} and covariance {@code C}.
     *
     * @param data the mixture
     * @param alpha signal scale
     * @param sigma noise scale
     * @return the Gaussian with the marginal's moments
     */
    static GaussianLaw moments(GaussianMixtureData data, double alpha, double sigma) {
        return GaussianLaw.marginal(GaussianFit.ofMixture(data), alpha, sigma);
    }

    /** @return samples per measurement */
    int samples() {
        return starts.size();
    }

    /** @return the estimator's floor on exact samples */
    double floor() {
        return floor;
    }

    /** @return the target: the exact marginal's mean and covariance at {@code tEnd} */
    GaussianLaw target() {
        return target;
    }

    /**
     * A fixed-grid run of every start as one batch (each row its own noise, so the rows are independent samples).
     *
     * @param solver the solver
     * @param timesteps its grid
     * @param noise the noise
     * @return the estimate and the model calls per sample
     */
    Estimate onGrid(Solver solver, Timesteps timesteps, SeededNoise noise) {
        SamplingProblem sp = new SamplingProblem(problem.schedule(), problem.model(), timesteps, noise, StepObserver.NONE,
                false, false);
        solver.validate(sp);
        var result = SamplingDriver.run(solver, sp, starts);
        return new Estimate(SampledFrechet.estimate(result.x(), target), result.modelCalls(), result.steps());
    }

    /**
     * An adaptive run of each start alone ({@link SingleSampleRuns}) from {@code tStart} to {@code tEnd}.
     *
     * @param solver the solver
     * @param noise the noise
     * @return the estimate and the mean model calls and accepted steps per sample
     */
    Estimate alone(Solver solver, SeededNoise noise) {
        ProblemSpec spec = problem.spec();
        Timesteps span = Timesteps.of(problem.schedule(), new double[] {spec.tStart(), spec.tEnd()});
        SingleSampleRuns runs = SingleSampleRuns.run(solver, problem.schedule(), problem.model(), span, noise, starts);
        return new Estimate(SampledFrechet.estimate(runs.x(), target), runs.meanModelCalls(), runs.meanSteps());
    }

    /**
     * A sampled measurement.
     *
     * @param distance the extrapolated moment-matched Fréchet distance to the exact marginal at {@code tEnd}
     * @param nfe model calls per sample
     * @param steps accepted steps per sample
     */
    record Estimate(double distance, double nfe, double steps) {
    }
}
