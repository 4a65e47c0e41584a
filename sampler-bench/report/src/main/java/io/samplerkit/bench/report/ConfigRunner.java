package io.samplerkit.bench.report;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.FrechetDistance;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMoments;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepObserver;
import java.util.Optional;

/**
 * Runs one {@link RunConfig} and measures it.
 *
 * <p>Fixed-step solvers get the largest grid that fits the target NFE ({@link NfeProbe}); adaptive
 * ones get the end points and their tolerance. On a Gaussian problem a deterministic fixed-step
 * solver runs once on a batch made of the {@code d + 1} probe rows {@code 0, e_1, ..., e_d}
 * followed by every initial state; the probe rows give the affine map {@code x_out = c + M x_T}
 * ({@link AffineMap}), checked against the initial-state rows, hence the exact output law and its
 * Fréchet distances. Anything the solver rejects becomes an n/a row with the reason, any run-time
 * failure a failed row; nothing propagates.
 *
 * <p>Thread-safe: each call works on its own state; the probe cache is concurrent.
 */
final class ConfigRunner {

    /** Relative deviation above which the output is not considered affine in {@code x_T}. */
    private static final double AFFINE_TOLERANCE = 1e-9;
    /** Largest off-diagonal part of {@code U^T M U}, relative, for the eigenbasis Fréchet formula. */
    private static final double EIGENBASIS_TOLERANCE = 1e-8;

    private final SolverRegistry registry;
    private final long masterSeed;
    private final NfeProbe probe = new NfeProbe();

    ConfigRunner(SolverRegistry registry, long masterSeed) {
        this.registry = registry;
        this.masterSeed = masterSeed;
    }

    ResultRow run(RunConfig config, ProblemInstance problem) {
        try {
            return measure(config, problem);
        } catch (IllegalArgumentException e) {
            return ResultRow.unmeasured(problem.spec().id(), config, ResultRow.Status.NOT_APPLICABLE, message(e));
        } catch (RuntimeException e) {
            return ResultRow.unmeasured(problem.spec().id(), config, ResultRow.Status.FAILED, message(e));
        }
    }

    private ResultRow measure(RunConfig config, ProblemInstance problem) {
        String id = problem.spec().id();
        SolverEntry entry = registry.entry(config.solver().name());
        SolverVariant variant = config.adaptive()
                ? config.solver().with(SuitePlan.toleranceOptions(entry, config.tolerance()))
                : config.solver();
        Solver solver = entry.create(SolverOptions.of(variant.options()));
        if (solver.stochastic()) {
            return ResultRow.unmeasured(id, config, ResultRow.Status.NOT_APPLICABLE,
                    "stochastic sampler: the report measures probability-flow ODE solutions");
        }
        ProblemSpec spec = problem.spec();
        Timesteps timesteps;
        if (config.adaptive()) {
            timesteps = Timesteps.of(problem.schedule(), new double[] {spec.tStart(), spec.tEnd()});
        } else {
            NfeProbe.Choice choice = probe.choose(solver, config.solver().label(), problem, config.grid(),
                    config.targetNfe());
            if (choice.steps() == 0) {
                return ResultRow.unmeasured(id, config, ResultRow.Status.NOT_APPLICABLE, choice.reason());
            }
            timesteps = config.grid().timesteps(problem.schedule(), choice.steps(), spec.tStart(), spec.tEnd());
        }
        SamplingProblem sp = new SamplingProblem(problem.schedule(), problem.model(), timesteps,
                new SeededNoise(Seeds.derive(masterSeed, config.key())), StepObserver.NONE, false, false);
        solver.validate(sp);

        Optional<GaussianTargets> laws = config.adaptive() ? Optional.empty() : problem.gaussianTargets();
        int d = problem.dim();
        int probeRows = laws.isPresent() ? d + 1 : 0;
        Batch samples = problem.initialStates();
        Batch x = Batch.zeros(probeRows + samples.size(), d);
        if (probeRows > 0) {
            AffineMap.writeProbeRows(x.data(), d);
        }
        System.arraycopy(samples.data(), 0, x.data(), probeRows * d, samples.data().length);

        SamplingResult result;
        long start = System.nanoTime();
        try {
            result = SamplingDriver.run(solver, sp, x);
        } catch (SamplingException e) {
            return ResultRow.unmeasured(id, config, ResultRow.Status.FAILED, message(e));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;

        double[] out = result.x().data();
        int off = probeRows * d;
        double[] errors = errors(out, off, problem.reference().data());
        double rmse = errors[0];
        double max = errors[1];
        double fd = Double.NaN;
        double fdExact = Double.NaN;
        String note = "";
        if (laws.isPresent() && Double.isFinite(rmse)) {
            AffineMap map = AffineMap.fromProbeOutputs(result.x());
            double scale = 1;
            for (int i = off; i < out.length; i++) {
                scale = Math.max(scale, Math.abs(out[i]));
            }
            if (map.maxDeviation(x, result.x(), probeRows) <= AFFINE_TOLERANCE * scale) {
                double[] distances = frechetDistances(map, laws.get());
                fd = distances[0];
                fdExact = distances[1];
            } else {
                note = "output not affine in x_T (batch-coupled solver): Frechet distances omitted";
            }
        }
        int steps = result.steps();
        return new ResultRow(config.seq(), id, config.solver().label(), config.gridLabel(), config.targetNfe(),
                config.tolerance(), ResultRow.Status.OK, result.modelCalls(), steps, rmse, max, fd, fdExact,
                steps > 0 ? seconds / steps : Double.NaN, note);
    }

    /**
     * Exact Fréchet distances of the output law {@code N(c + M m_T, M P_T M^T)} to the data law and to
     * the exact PF-ODE law at {@code tEnd}: in the data's eigenbasis (no cancellation) when {@code M}
     * is diagonal there, as it is for every solver combining states and model outputs with scalar
     * coefficients; with the general formula otherwise.
     */
    private static double[] frechetDistances(AffineMap map, GaussianTargets targets) {
        GaussianMoments prior = targets.prior();
        double[] mean = map.mean(prior.mean());
        double[] gains = map.eigenGains(targets.data().eigenvectors(), EIGENBASIS_TOLERANCE);
        if (gains != null) {
            double[] p = prior.variances();
            double[] v = new double[p.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = gains[k] * gains[k] * p[k];
            }
            GaussianMoments out = new GaussianMoments(mean, v);
            return new double[] {
                Math.sqrt(FrechetDistance.squaredSharedEigenbasis(targets.dataLaw(), out)),
                Math.sqrt(FrechetDistance.squaredSharedEigenbasis(targets.exactEnd(), out))};
        }
        double[][] cov = map.covariance(targets.priorCovariance());
        GaussianData data = targets.data();
        GaussianMoments end = targets.exactEnd();
        return new double[] {
            FrechetDistance.distance(data.mean(), data.covariance(), mean, cov),
            FrechetDistance.distance(end.mean(),
                    GaussianTargets.fullCovariance(data.eigenvectors(), end.variances()), mean, cov)};
    }

    /**
     * Root-mean-square and largest absolute error of outputs against a reference.
     *
     * @param out outputs; the compared values start at {@code off}
     * @param off first compared index of {@code out}
     * @param ref reference values
     * @return {@code {rmse, max}}; {@code max} is NaN when the sum is not finite
     */
    static double[] errors(double[] out, int off, double[] ref) {
        double sum = 0;
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            double e = Math.abs(out[off + i] - ref[i]);
            sum += e * e;
            max = Math.max(max, e);
        }
        if (!Double.isFinite(sum)) {
            max = Double.NaN;
        }
        return new double[] {Math.sqrt(sum / ref.length), max};
    }

    /**
     * One-line message of an exception (class name when it has none).
     *
     * @param e the exception
     * @return the message, newlines replaced by spaces
     */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replace('\r', ' ').replace('\n', ' ');
    }
}
