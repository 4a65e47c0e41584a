package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.bench.spec.SolverSpec;
import io.samplerkit.core.InvalidInputException;
import java.util.List;

/**
 * A report suite as data: problems x solvers x grids x NFE (fixed-step solvers) or tolerances
 * (adaptive solvers), with the sampling and fitting settings. Serializable to and from JSON
 * ({@link Suites#read}), in the vocabulary of run specs ({@code io.samplerkit.bench.spec}): {@code problems[i].model}
 * and {@code .schedule}, {@code solvers[i]} ({@code {"name": ..., "options": {...}}}) and {@code grids[i]} are the
 * same types as a run spec's {@code model}, {@code schedule}, {@code solver} and {@code grid} type.
 *
 * @param name suite name
 * @param description one paragraph for the report
 * @param problems problems, in report order
 * @param solvers solvers with options; empty means every registered solver with default options
 * @param nfe target numbers of model evaluations for fixed-step solvers
 * @param grids grid rules every fixed-step solver runs on (types that take a step count)
 * @param tolerances tolerances ({@code rtol = atol}) swept for adaptive solvers
 * @param batches number of independent batches of initial states (each with its own seed)
 * @param batchSize initial states per batch
 * @param orderMinNfe smallest NFE used when fitting the convergence order (the asymptotic range)
 * @param errorFloor errors below this are at the round-off floor and left out of order fits
 */
public record Suite(String name, String description, List<ProblemSpec> problems, List<SolverSpec> solvers,
        List<Integer> nfe, List<GridSpec> grids, List<Double> tolerances, int batches, int batchSize,
        int orderMinNfe, double errorFloor) {

    /** Largest target NFE a suite may ask for. */
    public static final int MAX_NFE = 100_000;

    /** Most batches of initial states a suite may ask for. */
    public static final int MAX_BATCHES = 1000;

    /** Validates and copies. */
    public Suite {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", name, "a non-blank string");
        }
        description = description == null ? "" : description;
        problems = nonEmpty("problems", problems);
        solvers = solvers == null ? List.of() : List.copyOf(solvers);
        nfe = nonEmpty("nfe", nfe);
        grids = nonEmpty("grids", grids);
        tolerances = tolerances == null ? List.of() : List.copyOf(tolerances);
        for (int i = 0; i < nfe.size(); i++) {
            if (nfe.get(i) < 1 || nfe.get(i) > MAX_NFE) {
                throw new InvalidInputException("nfe[" + i + "]", nfe.get(i), "an integer in [1, " + MAX_NFE + "]");
            }
        }
        for (int i = 0; i < grids.size(); i++) {
            if (!grids.get(i).takesSteps()) {
                throw new InvalidInputException("grids[" + i + "].type", grids.get(i).label(),
                        "a grid type that takes a step count (a suite sweeps nfe)");
            }
        }
        for (int i = 0; i < tolerances.size(); i++) {
            if (!(tolerances.get(i) > 0 && tolerances.get(i) < 1)) {
                throw new InvalidInputException("tolerances[" + i + "]", tolerances.get(i), "in (0, 1)");
            }
        }
        positive("batches", batches, MAX_BATCHES);
        positive("batchSize", batchSize, io.samplerkit.bench.spec.InputLimits.MAX_BATCH);
        positive("orderMinNfe", orderMinNfe, MAX_NFE);
        if (!(errorFloor >= 0)) {
            throw new InvalidInputException("errorFloor", errorFloor, "in [0, inf)");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < problems.size(); i++) {
            if (!ids.add(problems.get(i).id())) {
                throw new InvalidInputException("problems[" + i + "].id", problems.get(i).id(), "unique in the suite");
            }
        }
    }

    private static <T> List<T> nonEmpty(String field, List<T> list) {
        if (list == null || list.isEmpty()) {
            throw new InvalidInputException(field, list == null ? "nothing" : "[]", "a non-empty array");
        }
        return List.copyOf(list);
    }

    private static void positive(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new InvalidInputException(field, value, "an integer in [1, " + max + "]");
        }
    }

    /**
     * @param newSolvers solvers as {@code name} or {@code name[key=value,...]} text (empty = all registered)
     * @return a copy with other solvers
     */
    public Suite withSolvers(List<String> newSolvers) {
        List<SolverSpec> specs = newSolvers.stream().map(SolverVariant::parse)
                .map(v -> SolverSpec.ofText(v.name(), v.options())).toList();
        return new Suite(name, description, problems, specs, nfe, grids, tolerances, batches, batchSize,
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

    /**
     * @param ids problem ids to keep, in the suite's order
     * @return a copy with only those problems
     * @throws InvalidInputException (path {@code problems}) naming an id the suite does not have
     */
    public Suite withProblems(List<String> ids) {
        List<String> known = problems.stream().map(ProblemSpec::id).toList();
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new InvalidInputException("problems", id, "one of " + String.join(", ", known));
            }
        }
        return new Suite(name, description, problems.stream().filter(p -> ids.contains(p.id())).toList(), solvers, nfe,
                grids, tolerances, batches, batchSize, orderMinNfe, errorFloor);
    }
}
