package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import java.util.List;

/**
 * A report suite as data: problems x solvers x grids x NFE (fixed-step solvers) or tolerances
 * (adaptive solvers), with the sampling and fitting settings. Serializable to and from JSON
 * ({@link Suites#read}).
 *
 * @param name suite name
 * @param description one paragraph for the report
 * @param problems problems, in report order
 * @param solvers solvers as {@link SolverVariant} text; empty means every registered solver with
 *     default options
 * @param nfe target numbers of model evaluations for fixed-step solvers
 * @param grids grid rules every fixed-step solver runs on
 * @param tolerances tolerances ({@code rtol = atol}) swept for adaptive solvers
 * @param batches number of independent batches of initial states (each with its own seed)
 * @param batchSize initial states per batch
 * @param orderMinNfe smallest NFE used when fitting the convergence order (the asymptotic range)
 * @param errorFloor errors below this are at the round-off floor and left out of order fits
 */
public record Suite(String name, String description, List<ProblemSpec> problems, List<String> solvers,
        List<Integer> nfe, List<GridSpec> grids, List<Double> tolerances, int batches, int batchSize,
        int orderMinNfe, double errorFloor) {

    /** Largest target NFE a suite may ask for. */
    public static final int MAX_NFE = 100_000;

    /** Validates and copies. */
    public Suite {
        Checks.requireNonNull(name, "name");
        description = description == null ? "" : description;
        problems = List.copyOf(problems);
        solvers = solvers == null ? List.of() : List.copyOf(solvers);
        nfe = List.copyOf(nfe);
        grids = List.copyOf(grids);
        tolerances = tolerances == null ? List.of() : List.copyOf(tolerances);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("suite " + name + ": problems must not be empty");
        }
        if (nfe.isEmpty() || grids.isEmpty()) {
            throw new IllegalArgumentException("suite " + name + ": nfe and grids must not be empty");
        }
        for (int n : nfe) {
            Checks.requireInRange(n, 1, MAX_NFE, "nfe");
        }
        for (double t : tolerances) {
            Checks.requireInOpenRange(t, 0, 1, "tolerance");
        }
        Checks.requirePositive(batches, "batches");
        Checks.requirePositive(batchSize, "batchSize");
        Checks.requirePositive(orderMinNfe, "orderMinNfe");
        Checks.requireNonNegative(errorFloor, "errorFloor");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ProblemSpec p : problems) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("suite " + name + ": duplicate problem id " + p.id());
            }
        }
    }

    /**
     * @param newSolvers solvers (empty = all registered)
     * @return a copy with other solvers
     */
    public Suite withSolvers(List<String> newSolvers) {
        return new Suite(name, description, problems, newSolvers, nfe, grids, tolerances, batches, batchSize,
                orderMinNfe, errorFloor);
    }

    /**
     * @param newNfe target NFE list
     * @return a copy with another NFE list
     */
    public Suite withNfe(List<Integer> newNfe) {
        return new Suite(name, description, problems, solvers, newNfe, grids, tolerances, batches, batchSize,
                orderMinNfe, errorFloor);
    }
}
