package io.samplerkit.solvers;

import java.util.List;
import java.util.function.Function;

/**
 * A registered solver: stable name, family, one-line description, options, and the factory.
 *
 * @param name stable kebab-case name, e.g. {@code "dpmpp-2m"}
 * @param family family: {@code ode}, {@code exponential}, {@code multistep} or {@code sde}
 * @param description one line
 * @param options accepted options
 * @param factory builds the solver from options (must call {@link SolverOptions#requireAllUsed})
 */
public record SolverEntry(String name, String family, String description, List<OptionSpec> options,
        Function<SolverOptions, Solver> factory) {

    /** Defensive copy. */
    public SolverEntry {
        options = List.copyOf(options);
    }

    /**
     * @param options option values
     * @return the solver
     */
    public Solver create(SolverOptions options) {
        Solver s = factory.apply(options);
        options.requireAllUsed(name);
        return s;
    }
}
