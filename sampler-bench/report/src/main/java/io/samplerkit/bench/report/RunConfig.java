package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.core.Checks;

/**
 * One configuration of a suite: a problem, a solver variant and either a grid with a target NFE
 * (fixed-step solvers) or a tolerance (adaptive solvers).
 *
 * <p>Its {@link #key()} is its identity: the seed of the solver's noise derives from the master seed
 * and this key only, never from the order in which configurations run, and {@link #seq()} is its
 * position in the suite's enumeration (shards and merges sort by it).
 *
 * @param seq position in the suite's enumeration, from 0
 * @param problem the problem
 * @param solver the solver variant
 * @param adaptive whether the solver chooses its own steps (then {@code grid} is null)
 * @param grid grid rule (fixed-step solvers)
 * @param targetNfe largest number of model evaluations allowed (fixed-step solvers; 0 otherwise)
 * @param tolerance {@code rtol = atol} (adaptive solvers; NaN otherwise)
 */
public record RunConfig(int seq, ProblemSpec problem, SolverVariant solver, boolean adaptive, GridSpec grid,
        int targetNfe, double tolerance) {

    /** Validates. */
    public RunConfig {
        Checks.requireNonNull(problem, "problem");
        Checks.requireNonNull(solver, "solver");
        if (adaptive) {
            Checks.requireInOpenRange(tolerance, 0, 1, "tolerance");
        } else {
            Checks.requireNonNull(grid, "grid");
            Checks.requirePositive(targetNfe, "targetNfe");
        }
    }

    /** @return grid label, or {@code "adaptive"} */
    public String gridLabel() {
        return adaptive ? "adaptive" : grid.label();
    }

    /** @return the identity, e.g. {@code "gauss64-vp-linear|dpmpp-2m|logsnr|nfe=10"} */
    public String key() {
        return problem.id() + "|" + solver.label() + "|" + gridLabel() + "|"
                + (adaptive ? "tol=" + tolerance : "nfe=" + targetNfe);
    }
}
