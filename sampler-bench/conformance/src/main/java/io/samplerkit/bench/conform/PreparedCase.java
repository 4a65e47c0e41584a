package io.samplerkit.bench.conform;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference case translated into SamplerKit terms: a solver and a problem, the initial state in
 * our coordinates, and the factor that maps our final state to the reference's coordinates (e.g.
 * diffusers' Euler works on {@code x/alpha} while our state is {@code x}).
 *
 * <p>A few references step to a point that is not the next point of their grid and then carry on
 * from the next grid point as if the state were there (diffusers DDIM/PNDM with a step count that
 * does not divide the training steps, see {@link DiffusersDdimCases}). Such a run is a chain: the
 * solver runs on {@code problem}, then on each problem of {@code continuation} in turn, each
 * starting from the previous final state; model calls add up.
 *
 * @param solver the solver (from the registry)
 * @param problem the (first) problem
 * @param xStart initial state in SamplerKit coordinates
 * @param outputScale the reference's output = {@code outputScale * ours}
 * @param note how the case was mapped, one line (shown by {@code conform --verbose})
 * @param continuation further problems run after {@code problem}, usually empty
 */
public record PreparedCase(Solver solver, SamplingProblem problem, Batch xStart, double outputScale, String note,
        List<SamplingProblem> continuation) {

    /** Validates and copies. */
    public PreparedCase {
        Checks.requireNonNull(solver, "solver");
        Checks.requireNonNull(problem, "problem");
        Checks.requireNonNull(xStart, "xStart");
        Checks.requirePositive(outputScale, "outputScale");
        note = note == null ? "" : note;
        continuation = List.copyOf(continuation);
    }

    /**
     * A single run.
     *
     * @param solver the solver (from the registry)
     * @param problem the problem
     * @param xStart initial state in SamplerKit coordinates
     * @param outputScale the reference's output = {@code outputScale * ours}
     * @param note how the case was mapped, one line
     */
    public PreparedCase(Solver solver, SamplingProblem problem, Batch xStart, double outputScale, String note) {
        this(solver, problem, xStart, outputScale, note, List.of());
    }

    /**
     * Runs the solver (on every problem of the chain). A case with injected noise must have had every given draw
     * used.
     *
     * @return the result, its state already in the reference's coordinates; for a chain, the
     *     model calls and rejected steps are totals and {@code times} lists every segment's times
     */
    public SamplingResult run() {
        SamplingResult r = solver.sample(problem, xStart);
        if (!continuation.isEmpty()) {
            int calls = r.modelCalls();
            long network = r.networkEvaluations();
            int rejected = r.rejectedSteps();
            List<double[]> times = new ArrayList<>();
            times.add(r.times());
            for (SamplingProblem next : continuation) {
                r = solver.sample(next, r.x());
                calls += r.modelCalls();
                network += r.networkEvaluations();
                rejected += r.rejectedSteps();
                times.add(r.times());
            }
            r = new SamplingResult(r.x(), calls, network, concat(times), rejected, List.of());
        }
        requireInjectedNoiseDrawn(problem);
        continuation.forEach(PreparedCase::requireInjectedNoiseDrawn);
        if (outputScale != 1.0) {
            Kernels.scale(r.x(), outputScale, r.x());
        }
        return r;
    }

    /** A case's injected draws must all have been used: otherwise solver and reference add noise at other steps. */
    private static void requireInjectedNoiseDrawn(SamplingProblem p) {
        if (p.noise() instanceof CaseNoise) {
            ((CaseNoise) p.noise()).requireAllDrawn();
        }
    }

    private static double[] concat(List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] all = new double[n];
        int off = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }
}
