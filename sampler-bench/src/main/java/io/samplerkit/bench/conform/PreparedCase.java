package io.samplerkit.bench.conform;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;

/**
 * A reference case translated into SamplerKit terms: a solver and a problem, the initial state in
 * our coordinates, and the factor that maps our final state to the reference's coordinates (e.g.
 * diffusers' Euler works on {@code x/alpha} while our state is {@code x}).
 *
 * @param solver the solver (from the registry)
 * @param problem the problem
 * @param xStart initial state in SamplerKit coordinates
 * @param outputScale the reference's output = {@code outputScale * ours}
 * @param note how the case was mapped, one line (shown by {@code conform --verbose})
 */
public record PreparedCase(Solver solver, SamplingProblem problem, Batch xStart, double outputScale, String note) {

    /**
     * Runs the solver.
     *
     * @return the result, its state already in the reference's coordinates
     */
    public SamplingResult run() {
        SamplingResult r = solver.sample(problem, xStart);
        if (outputScale != 1.0) {
            Kernels.scale(r.x(), outputScale, r.x());
        }
        return r;
    }
}
