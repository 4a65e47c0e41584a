package io.samplerkit.solvers;

import java.util.List;
import java.util.function.Function;

/**
 * A registered solver: stable name, family, one-line description, options, and the factory.
 *
 * @param name stable kebab-case name, e.g. {@code "dpmpp-2m"}; the solver it builds reports it as
 *     {@link Solver#name()}
 * @param family the family
 * @param description one line
 * @param options accepted options, each read by the factory through {@link SolverOptions#get}
 * @param factory builds the solver from options
 */
public record SolverEntry(String name, Family family, String description, List<Option<?>> options,
        Function<SolverOptions, Solver> factory) {

    /** Defensive copy. */
    public SolverEntry {
        options = List.copyOf(options);
    }

    /**
     * Builds the solver; options the factory did not read are rejected.
     *
     * @param options option values
     * @return the solver
     * @throws io.samplerkit.core.InvalidInputException for an unknown or disallowed option (path
     *     {@code options.<name>})
     */
    public Solver create(SolverOptions options) {
        Solver s = factory.apply(options);
        options.requireAllUsed(name);
        return s;
    }
}
