package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
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
 * of that marginal ({@link SampledFrechet#floor}). On Gaussian data, adaptive runs can instead be measured with the
 * adaptive-SDE study's control variate ({@link #withControlVariate}), which resolves far smaller distances. Starts,
 * floor samples and paths come from seeds derived from the master seed and the problem id.
 *
 * <p>Immutable; thread-safe (callers must not modify the starts).
 */
final class SampledProblem {

    private final ProblemInstance problem;
    private final Batch starts;
    private final GaussianLaw target;
    private final double floor;
    private final ControlVariate controlVariate;

    private SampledProblem(ProblemInstance problem, Batch starts, GaussianLaw target, double floor,
            ControlVariate controlVariate) {
        this.problem = problem;
        this.starts = starts;
        this.target = target;
        this.floor = floor;
        this.controlVariate = controlVariate;
    }

    /**
     * The plain estimate ({@link SampledFrechet#estimate}), its floor on exact samples.
     *
     * @param problem a problem with analytic data
     * @param n samples, at least 4
     * @param masterSeed the report's master seed
     * @return the set-up
     */
    static SampledProblem of(ProblemInstance problem, int n, long masterSeed) {
        ProblemSpec spec = problem.spec();
        GaussianMixtureData data = mixture(spec.data());
        double alpha = problem.schedule().alpha(spec.tEnd());
        double sigma = problem.schedule().sigma(spec.tEnd());
        double floor = SampledFrechet.floor(data, alpha, sigma, n, Seeds.derive(masterSeed, "sampled-floor|" + spec.id()));
        return new SampledProblem(problem, starts(problem, n, masterSeed), target(problem), floor, null);
    }

    /**
     * The control-variate estimate ({@link ControlVariate}) for adaptive runs ({@link #alone}) on a problem with
     * Gaussian data: every run on the same Brownian paths as the reference; the floor is the control variate's measured
     * error ({@link ControlVariate#floor}).
     *
     * @param problem a problem with Gaussian data
     * @param n samples, at least 4
     * @param masterSeed the report's master seed
     * @param em Euler–Maruyama
     * @return the set-up
     */
    static SampledProblem withControlVariate(ProblemInstance problem, int n, long masterSeed, Solver em) {
        Batch starts = starts(problem, n, masterSeed);
        GaussianLaw target = target(problem);
        SeededNoise paths = new SeededNoise(Seeds.derive(masterSeed, "sampled-paths|" + problem.spec().id()), 0,
                NoiseMode.BROWNIAN);
        ControlVariate cv = ControlVariate.of(em, problem, starts, paths, ControlVariate.REFERENCE_STEPS);
        return new SampledProblem(problem, starts, target, cv.floor(em, problem, starts, target), cv);
    }

    private static Batch starts(ProblemInstance problem, int n, long masterSeed) {
        ProblemSpec spec = problem.spec();
        GaussianMixtureData data = mixture(spec.data());
        Batch starts = Batch.zeros(n, data.dim());
        MixtureProblem.draw(data, problem.schedule().alpha(spec.tStart()), problem.schedule().sigma(spec.tStart()),
                new SplittableRandom(Seeds.derive(masterSeed, "sampled-states|" + spec.id())), n, starts.data(), 0);
        return starts;
    }

    private static GaussianLaw target(ProblemInstance problem) {
        ProblemSpec spec = problem.spec();
        return moments(mixture(spec.data()), problem.schedule().alpha(spec.tEnd()), problem.schedule().sigma(spec.tEnd()));
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

    /** @return what the estimate is, for the rows' notes */
    String method() {
        return controlVariate == null
                ? "moment-matched Frechet distance of " + samples() + " samples to the exact marginal"
                : "control-variate Frechet estimate of " + samples() + " samples (reference: Euler-Maruyama, "
                        + ControlVariate.REFERENCE_STEPS + " log-SNR steps, same starts and Brownian paths, exact law)";
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
     * A fixed-grid run of every start as one batch (each row its own noise, so the rows are independent samples), with
     * the plain estimate (a set-up without control variate).
     *
     * @param solver the solver
     * @param timesteps its grid
     * @param noise the noise
     * @return the estimate and the model calls per sample
     */
    Estimate onGrid(Solver solver, Timesteps timesteps, SeededNoise noise) {
        if (controlVariate != null) {
            throw new IllegalStateException("a control-variate set-up measures adaptive runs only");
        }
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
     * @param noise the noise (with a control variate: its Brownian paths instead)
     * @return the estimate and the mean model calls and accepted steps per sample
     */
    Estimate alone(Solver solver, SeededNoise noise) {
        ProblemSpec spec = problem.spec();
        Timesteps span = Timesteps.of(problem.schedule(), new double[] {spec.tStart(), spec.tEnd()});
        SingleSampleRuns runs = SingleSampleRuns.run(solver, problem.schedule(), problem.model(), span,
                controlVariate == null ? noise : controlVariate.paths(), starts);
        double distance = controlVariate == null ? SampledFrechet.estimate(runs.x(), target)
                : controlVariate.estimate(runs.x(), target);
        return new Estimate(distance, runs.meanModelCalls(), runs.meanSteps());
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
