package io.samplerkit.bench.conform;

import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the convergence variants of reference cases ({@link CaseVariants}) through the translators and
 * judges each against the reference's {@code convergence_check} entry:
 * <pre>
 *   e_ours = ||ours - exact||_F      (exact: the PF-ODE map of x_start between our run's first and last level)
 *   PASS  iff  |e_ours - reference_errors[k]| &lt;= rtol * max(1, ||exact||_F + reference_errors[k])
 *         and  our NFE == nfe[k]
 * </pre>
 * <b>Why this bound.</b> With {@code b} the reference's (unknown) output and {@code e} the exact
 * solution, {@code |‖a − e‖ − ‖b − e‖| ≤ ‖a − b‖} (triangle inequality), and a run that passes the
 * conformance test ({@code max|a − b| ≤ 1e-10 max(1, max|b|)}) has
 * {@code ‖a − b‖_F ≤ sqrt(batch·d) · 1e-10 · max(1, ‖b‖_F)} with
 * {@code ‖b‖_F ≤ ‖e‖_F + ‖b − e‖_F}. For {@code batch·d ≤ 100} that is at most
 * {@link #DEFAULT_RTOL}{@code · max(1, ‖e‖_F + reference error)}: a variant the reference would accept
 * at the conformance tolerance passes, and a mismatch beyond it is a real difference in output (the
 * exact solutions differ only by the round-off of the end levels, ~1e-15 relative).
 *
 * <p>Immutable and thread-safe.
 */
public final class ConvergenceRunner {

    /** Relative tolerance on the error difference (see the class comment). */
    public static final double DEFAULT_RTOL = 1e-9;

    private final ConformanceRunner runner;
    private final double rtol;

    /** A runner with every translator and {@link #DEFAULT_RTOL}. */
    public ConvergenceRunner() {
        this(new ConformanceRunner(), DEFAULT_RTOL);
    }

    /**
     * @param runner translates the variants ({@link ConformanceRunner#prepare})
     * @param rtol relative tolerance on the error difference, {@code > 0}
     */
    public ConvergenceRunner(ConformanceRunner runner, double rtol) {
        this.runner = Checks.requireNonNull(runner, "runner");
        this.rtol = Checks.requirePositive(rtol, "rtol");
    }

    /**
     * Runs every convergence variant of a case.
     *
     * @param base the case as stored
     * @return one result per convergence point, in order; empty without a {@code convergence_check}
     */
    public List<VariantResult> runAll(ReferenceCase base) {
        List<VariantResult> results = new ArrayList<>();
        for (ConvergencePoint p : CaseVariants.points(base)) {
            results.add(run(base, p));
        }
        return results;
    }

    /**
     * Builds, runs and judges one variant; a variant that cannot be built or translated is SKIP with
     * the reason, any exception while running is FAIL.
     *
     * @param base the case as stored
     * @param point one of its convergence points
     * @return the result
     */
    public VariantResult run(ReferenceCase base, ConvergencePoint point) {
        ReferenceCase variant;
        PreparedCase prepared;
        try {
            variant = CaseVariants.variant(base, point);
            prepared = runner.prepare(variant);
        } catch (SkipCaseException e) {
            return result(base, point, CaseStatus.SKIP, Double.NaN, Double.NaN, Double.NaN, -1, e.getMessage(),
                    e.kind(), "");
        } catch (RuntimeException e) {
            return result(base, point, CaseStatus.FAIL, Double.NaN, Double.NaN, Double.NaN, -1, describe(e), null, "");
        }
        try {
            SamplingResult r = prepared.run();
            Batch exact = exact(variant, prepared, r);
            double error = frobeniusDistance(r.x(), exact);
            double difference = Math.abs(error - point.referenceError());
            double tolerance = rtol * Math.max(1.0, frobeniusNorm(exact) + point.referenceError());
            List<String> problems = new ArrayList<>();
            if (!(difference <= tolerance)) {
                problems.add(Checks.format("error %.6e vs reference %.6e: difference %.3e > tolerance %.3e", error,
                        point.referenceError(), difference, tolerance));
            }
            if (r.modelCalls() != point.referenceNfe()) {
                problems.add(Checks.format("nfe %d != reference nfe %d", r.modelCalls(), point.referenceNfe()));
            }
            CaseStatus status = problems.isEmpty() ? CaseStatus.PASS : CaseStatus.FAIL;
            return result(base, point, status, error, difference, tolerance, r.modelCalls(),
                    problems.isEmpty() ? null : String.join("; ", problems), null, prepared.note());
        } catch (RuntimeException e) {
            return result(base, point, CaseStatus.FAIL, Double.NaN, Double.NaN, Double.NaN, -1, describe(e), null,
                    prepared.note());
        }
    }

    /**
     * The exact probability-flow solution of a prepared run, in the reference's coordinates: the
     * Gaussian model's PF-ODE map of {@code xStart} from the level of the run's first time to the level
     * of its last (zero noise when that time is NaN or the problem denoises to zero), scaled by
     * {@link PreparedCase#outputScale()} like the run's output. For a stored case this is its
     * {@code exact_pf_ode}.
     *
     * @param c the case
     * @param prepared its translation
     * @param result the run of {@code prepared}
     * @return the exact final state, {@code [batch][d]}
     */
    public static Batch exact(ReferenceCase c, PreparedCase prepared, SamplingResult result) {
        NoiseSchedule schedule = prepared.problem().schedule();
        List<SamplingProblem> chain = prepared.continuation();
        SamplingProblem last = chain.isEmpty() ? prepared.problem() : chain.get(chain.size() - 1);
        double[] times = result.times();
        double start = times[0];
        double end = times[times.length - 1];
        boolean clean = last.denoiseToZero() || Double.isNaN(end) || schedule.sigma(end) == 0.0;
        double alphaEnd = clean ? schedule.alphaAtZeroNoise() : schedule.alpha(end);
        double sigmaEnd = clean ? 0.0 : schedule.sigma(end);
        GaussianData data = c.gaussian();
        Batch exact = prepared.xStart().like();
        data.flow(prepared.xStart(), schedule.alpha(start), schedule.sigma(start), alphaEnd, sigmaEnd, exact);
        if (prepared.outputScale() != 1.0) {
            Kernels.scale(exact, prepared.outputScale(), exact);
        }
        return exact;
    }

    /**
     * @param a a batch
     * @param b a batch of the same shape
     * @return {@code ||a - b||_F} over all rows and columns
     */
    public static double frobeniusDistance(Batch a, Batch b) {
        a.requireSameShape(b);
        double[] x = a.data();
        double[] y = b.data();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double frobeniusNorm(Batch a) {
        return frobeniusDistance(a, a.like());
    }

    private static VariantResult result(ReferenceCase base, ConvergencePoint p, CaseStatus status, double error,
            double difference, double tolerance, int nfe, String reason, SkipKind kind, String note) {
        return new VariantResult(base.id(), p.label(), status, error, p.referenceError(), difference, tolerance, nfe,
                p.referenceNfe(), reason, kind, note);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
