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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 * fitted on the distance to the exact marginal (weak order). A stochastic solver without an exact law (on a
 * mixture, or an adaptive one) on a problem with analytic data gets, at the target NFEs of {@link #SAMPLED_NFE} and
 * tolerances of at least {@link #SAMPLED_MIN_TOLERANCE}, a sampled estimate of that distance instead
 * ({@link SampledProblem}, {@link SampledFrechet}) with its measured floor. A problem with a sample-quality measure (a network,
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

    /** Samples of a fixed-step solver's sampled measurement ({@link SampledProblem}), run as one batch. */
    static final int SAMPLES = 1024;

    /**
     * Samples of an adaptive solver's sampled measurement: each runs alone, with its own steps, which costs hundreds
     * of single-row model calls per sample.
     */
    static final int ADAPTIVE_SAMPLES = 256;

    /** Target NFEs at which a fixed-step stochastic solver without an exact law gets a sampled measurement. */
    static final List<Integer> SAMPLED_NFE = List.of(10, 20, 50);

    /** The solver of the control variate's reference run on Gaussian data ({@link ControlVariate}). */
    private static final String EULER_MARUYAMA = "euler-maruyama";

    /** Smallest tolerance at which an adaptive stochastic solver gets a sampled measurement. */
    static final double SAMPLED_MIN_TOLERANCE = 1e-2;

    private final SolverRegistry registry;
    private final long masterSeed;
    private final NfeProbe probe = new NfeProbe();
    private final Map<String, SampledProblem> sampledProblems = new ConcurrentHashMap<>();

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
        double floor = Double.NaN;
        int nfe = result.modelCalls();
        int steps = result.steps();
        if (samplable(problem, solver) && !inSampledBudget(config)) {
            note = (note.isEmpty() ? "" : note + "; ") + "no exact law; sampled estimate only at target NFE "
                    + SAMPLED_NFE + " and tolerances >= " + SAMPLED_MIN_TOLERANCE + " (report time)";
        } else if (samplable(problem, solver)) {
            int n = solver.adaptive() ? ADAPTIVE_SAMPLES : SAMPLES;
            boolean controlVariate = solver.adaptive() && laws.isPresent() && registry.contains(EULER_MARUYAMA);
            SampledProblem sampled = sampledProblems.computeIfAbsent(id + "|" + n, k -> controlVariate
                    ? SampledProblem.withControlVariate(problem, n, masterSeed,
                            registry.create(EULER_MARUYAMA, SolverOptions.empty()))
                    : SampledProblem.of(problem, n, masterSeed));
            SeededNoise noise = new SeededNoise(Seeds.derive(masterSeed, config.key() + "|sampled"));
            try {
                SampledProblem.Estimate e = solver.adaptive() ? sampled.alone(solver, noise)
                        : sampled.onGrid(solver, timesteps, noise);
                fdExact = e.distance();
                floor = sampled.floor();
                nfe = (int) Math.round(e.nfe());
                steps = (int) Math.round(e.steps());
                note = sampledNote(sampled, solver.adaptive(), SampledFrechet.resolved(fdExact, floor));
            } catch (SamplingException e) {
                note = "sampled measurement failed: " + message(e);
            }
        }
        double quality = Double.NaN;
        double coverage = Double.NaN;
        if (problem.quality().isPresent()) {
            SampleQuality.Value q = problem.quality().get().measure(result.x());
            quality = q.value();
            coverage = q.covered();
        }
        int batchSteps = result.steps();
        return new ResultRow(config.seq(), id, config.solver().label(), config.gridLabel(), config.targetNfe(),
                config.tolerance(), ResultRow.Status.OK, nfe, steps, rmse, max, fd, fdExact, floor, quality,
                coverage, batchSteps > 0 ? seconds / batchSteps : Double.NaN, note);
    }

    /**
     * Whether a configuration could get a sampled measurement: a stochastic solver without an exact output law (a
     * mixture problem, or an adaptive solver) on a problem with analytic data.
     *
     * @param problem the problem
     * @param solver the solver
     * @return whether it is such a configuration
     */
    static boolean samplable(ProblemInstance problem, Solver solver) {
        boolean analytic = problem.spec().model().analytic().isPresent();
        boolean exactLaw = problem.gaussianData().isPresent() && !solver.adaptive();
        return solver.stochastic() && analytic && !exactLaw;
    }

    /**
     * Whether a configuration's cost is within the sampled measurement's budget: a target NFE of {@link #SAMPLED_NFE}
     * or a tolerance of at least {@link #SAMPLED_MIN_TOLERANCE}.
     *
     * @param config the configuration
     * @return whether it is sampled when {@link #samplable}
     */
    static boolean inSampledBudget(RunConfig config) {
        return config.adaptive() ? config.tolerance() >= SAMPLED_MIN_TOLERANCE : SAMPLED_NFE.contains(config.targetNfe());
    }

    private static String sampledNote(SampledProblem sampled, boolean adaptive, boolean resolved) {
        return String.format(Locale.ROOT, "sampled: %s, floor %.2e%s%s", sampled.method(), sampled.floor(),
                adaptive ? "; NFE and steps: means per sample, each run alone" : "",
                resolved ? "" : "; unresolved (at most " + SampledFrechet.RESOLUTION + " x floor)");
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
