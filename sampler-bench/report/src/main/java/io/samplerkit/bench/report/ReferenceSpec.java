package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.bench.spec.SolverSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;

/**
 * How the ground truth of a problem without an exact answer (a trained network) is computed: its own
 * probability-flow ODE integrated from the same initial states by a deterministic fixed-step {@code solver} on
 * {@code grid} with {@code steps} steps. Its accuracy is measured, not assumed: the same solver with half the steps
 * gives a second solution, and the RMSE between the two (the <i>self-consistency</i>) must be at most
 * {@code tolerance}, or the report stops. For a solver of order {@code p} in its asymptotic range the error of the
 * finer solution is about {@code self-consistency / (2^p - 1)}, so {@code tolerance} bounds it; the report leaves
 * errors at or below {@code tolerance} out of the order fits and marks them as not resolved.
 *
 * @param solver a registered deterministic fixed-step solver
 * @param grid the grid rule (one that takes a step count)
 * @param steps steps of the reference solution, even, at least 4
 * @param tolerance largest accepted self-consistency (RMSE between {@code steps} and {@code steps / 2})
 */
public record ReferenceSpec(SolverSpec solver, GridSpec grid, int steps, double tolerance) {

    /** Largest number of reference steps. */
    public static final int MAX_STEPS = 100_000;

    /** Validates against the standard registry. */
    public ReferenceSpec {
        if (solver == null) {
            throw new InvalidInputException("solver", "nothing", "a solver object, e.g. {\"name\": \"rk4\"}");
        }
        Solver s;
        try {
            s = solver.create(SolverRegistry.standard());
        } catch (InvalidInputException e) {
            throw e.under("solver");
        }
        if (s.stochastic() || s.adaptive()) {
            throw new InvalidInputException("solver.name", solver.name(),
                    "a deterministic fixed-step solver (the check halves its steps)");
        }
        if (grid == null || !grid.takesSteps()) {
            throw new InvalidInputException("grid", grid == null ? "nothing" : grid.label(),
                    "a grid type that takes a step count");
        }
        if (steps < 4 || steps > MAX_STEPS || steps % 2 != 0) {
            throw new InvalidInputException("steps", steps, "an even integer in [4, " + MAX_STEPS + "]");
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new InvalidInputException("tolerance", tolerance, "in (0, 1)");
        }
    }

    /** @return {@code solver@grid}, as the report names it */
    public String label() {
        return new SolverVariant(solver.name(), solver.optionTexts()).label() + "@" + grid.label();
    }
}
