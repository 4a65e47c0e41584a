package io.samplerkit.bench.report;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.law.ExactLaw;
import io.samplerkit.solvers.law.ExactOutputLaw;
import java.util.Optional;

/**
 * Runs one {@link RunConfig} and measures it.
 *
 * <p>Fixed-step solvers get the largest grid that fits the target NFE ({@link NfeProbe}); adaptive
 * ones get the end points and their tolerance. Deterministic solvers are measured by the RMSE and
 * largest error of their outputs against the reference probability-flow solution. On a Gaussian
 * problem every solver except an adaptive stochastic one also gets its exact output law
 * ({@link ExactOutputLaw}: probe runs, for deterministic and stochastic solvers alike) and the Fréchet
 * distances of that law to the data law and to the exact marginal at {@code tEnd}; a stochastic
 * solver has no pathwise error (its RMSE is NaN) and is compared by these distances only, its order
 * fitted on the distance to the exact marginal (weak order). A problem with a sample-quality measure (a network,
 * {@link SampleQuality}) gets it for every measured row, stochastic solvers included. Anything the solver rejects becomes an
 * n/a row with the reason, any run-time failure a failed row; nothing propagates.
 *
 * <p>Thread-safe: each call works on its own state; the probe cache is concurrent.
 */
final class ConfigRunner {

    /** The model-call budget option of adaptive solvers. */
    static final String BUDGET_OPTION = "max-model-calls";

    /**
     * Model-call budget of an adaptive run on a network (a problem with a computed reference), unless the suite's
     * solver sets {@value #BUDGET_OPTION} itself: a float32 network's round-off can keep an error controller from
     * ever meeting a tight tolerance, and a run over the budget becomes a failed row instead of running for hours.
     */
    static final int NETWORK_ADAPTIVE_BUDGET = 1000;

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
        if (config.adaptive() && problem.referenceCheck().isPresent()
                && !variant.options().containsKey(BUDGET_OPTION)
                && entry.options().stream().anyMatch(o -> o.name().equals(BUDGET_OPTION))) {
            variant = variant.with(java.util.Map.of(BUDGET_OPTION, Integer.toString(NETWORK_ADAPTIVE_BUDGET)));
        }
        Solver solver = entry.create(SolverOptions.of(variant.options()));
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

        Optional<GaussianData> laws = problem.gaussianData();
        SamplingResult result;
        long start = System.nanoTime();
        try {
            result = SamplingDriver.run(solver, sp, problem.initialStates());
        } catch (SamplingException e) {
            return ResultRow.unmeasured(id, config, ResultRow.Status.FAILED, message(e));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;

        double rmse = Double.NaN;
        double max = Double.NaN;
        if (!solver.stochastic()) {
            double[] errors = errors(result.x().data(), 0, problem.reference().data());
            rmse = errors[0];
            max = errors[1];
        }
        double fd = Double.NaN;
        double fdExact = Double.NaN;
        String note = "";
        if (laws.isPresent() && solver.adaptive() && solver.stochastic()) {
            note = "adaptive stochastic: accepted steps depend on the noise, output not Gaussian, no exact law";
        } else if (laws.isPresent() && (solver.stochastic() || Double.isFinite(rmse))) {
            try {
                ExactLaw law = ExactOutputLaw.of(solver, sp, laws.get());
                fd = law.frechetToData();
                fdExact = law.frechetToMarginal();
            } catch (IllegalArgumentException e) {
                note = "output not affine in x_T: Frechet distances omitted (" + message(e) + ")";
            }
        }
        double quality = Double.NaN;
        double coverage = Double.NaN;
        if (problem.quality().isPresent()) {
            SampleQuality.Value q = problem.quality().get().measure(result.x());
            quality = q.value();
            coverage = q.covered();
        }
        int steps = result.steps();
        return new ResultRow(config.seq(), id, config.solver().label(), config.gridLabel(), config.targetNfe(),
                config.tolerance(), ResultRow.Status.OK, result.modelCalls(), steps, rmse, max, fd, fdExact, quality,
                coverage, steps > 0 ? seconds / steps : Double.NaN, note);
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
