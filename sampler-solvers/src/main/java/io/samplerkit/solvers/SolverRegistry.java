package io.samplerkit.solvers;

import io.samplerkit.solvers.exponential.ExponentialSolvers;
import io.samplerkit.solvers.multistep.MultistepSolvers;
import io.samplerkit.solvers.sde.SdeSolvers;
import io.samplerkit.solvers.ode.OdeSolvers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps stable names ({@code ddim}, {@code euler}, {@code dpmpp-3m}, ...) with typed options to
 * solvers, so that the CLI, the report and the conformance runner speak the same names.
 *
 * <p>Each family registers itself in one place ({@code <Family>Solvers.register}); adding a solver
 * is one file plus one line there. Immutable once built; thread-safe.
 */
public final class SolverRegistry {

    private static final SolverRegistry STANDARD = build();

    private final Map<String, SolverEntry> entries;

    private SolverRegistry(Map<String, SolverEntry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** @return the registry of every solver SamplerKit ships */
    public static SolverRegistry standard() {
        return STANDARD;
    }

    private static SolverRegistry build() {
        Builder b = new Builder();
        OdeSolvers.register(b);
        ExponentialSolvers.register(b);
        MultistepSolvers.register(b);
        SdeSolvers.register(b);
        return new SolverRegistry(b.entries);
    }

    /** @return entries sorted by name */
    public List<SolverEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /**
     * @param name registry name
     * @return the entry
     * @throws IllegalArgumentException listing the known names
     */
    public SolverEntry entry(String name) {
        SolverEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("solver must be one of " + String.join(", ", entries.keySet())
                    + ", got '" + name + "'");
        }
        return e;
    }

    /**
     * @param name registry name
     * @return whether it is registered
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * @param name registry name
     * @param options option values
     * @return the solver
     */
    public Solver create(String name, SolverOptions options) {
        return entry(name).create(options);
    }

    /**
     * @param name registry name
     * @return the solver with default options
     */
    public Solver create(String name) {
        return create(name, SolverOptions.empty());
    }

    /** Collects entries; used by the families' {@code register} methods. */
    public static final class Builder {
        private final Map<String, SolverEntry> entries = new TreeMap<>();

        /**
         * @param entry entry to add; its name must be new
         * @return this
         */
        public Builder add(SolverEntry entry) {
            if (entries.putIfAbsent(entry.name(), entry) != null) {
                throw new IllegalStateException("duplicate solver name " + entry.name());
            }
            return this;
        }
    }
}
