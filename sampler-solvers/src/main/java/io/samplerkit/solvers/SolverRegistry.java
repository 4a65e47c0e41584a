package io.samplerkit.solvers;

import io.samplerkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Maps stable names ({@code ddim}, {@code euler}, {@code dpmpp-3m}, ...) with typed options to
 * solvers, so that the CLI, the report and the conformance runner speak the same names.
 *
 * <p>The entries come from the {@link SolverFamily} providers that {@link ServiceLoader} finds
 * ({@code META-INF/services/io.samplerkit.solvers.SolverFamily}); adding a solver is one file plus one
 * entry in its family's provider, adding a family one provider class plus one line in that file. Immutable
 * once built; thread-safe.
 */
public final class SolverRegistry {

    /** The value of the {@code start} option that reproduces the reference codes. */
    private static final Map.Entry<String, String> REFERENCE_START = Map.entry("start", "reference");


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
        List<SolverEntry> all = new ArrayList<>();
        for (SolverFamily family : ServiceLoader.load(SolverFamily.class, SolverRegistry.class.getClassLoader())) {
            all.addAll(family.entries());
        }
        return of(all);
    }

    /**
     * A registry of the given entries (e.g. a test's own).
     *
     * @param entries entries with distinct names
     * @return the registry
     * @throws IllegalArgumentException on a repeated name
     */
    public static SolverRegistry of(List<SolverEntry> entries) {
        Map<String, SolverEntry> byName = new TreeMap<>();
        for (SolverEntry e : entries) {
            if (byName.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("solver names must be unique, got " + e.name() + " twice");
            }
        }
        return new SolverRegistry(byName);
    }

    /** @return entries sorted by name */
    public List<SolverEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /**
     * @param name registry name
     * @return the entry
     * @throws InvalidInputException (path {@code solver}) listing the known names
     */
    public SolverEntry entry(String name) {
        SolverEntry e = entries.get(name);
        if (e == null) {
            throw new InvalidInputException("solver", name, "one of " + String.join(", ", entries.keySet()));
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
     * The solver as the published reference code runs it, for the conformance cases and the diffusers config
     * loader: an option whose recommended default departs from the reference code's behaviour is set to the
     * reference value when the caller does not give it. Today that is {@code start=reference} (entries whose
     * measured best start is another one default to it; docs/solvers/multistep.md, "Starts").
     *
     * @param name registry name
     * @param options option values
     * @return the solver
     */
    public Solver createAsReference(String name, SolverOptions options) {
        SolverEntry e = entry(name);
        Map<String, Object> values = new LinkedHashMap<>(options.values());
        for (Option<?> o : e.options()) {
            if (o.name().equals(REFERENCE_START.getKey()) && !options.has(o)) {
                values.put(REFERENCE_START.getKey(), REFERENCE_START.getValue());
            }
        }
        return e.create(SolverOptions.of(values));
    }

    /**
     * @param name registry name
     * @return the solver with default options
     */
    public Solver create(String name) {
        return create(name, SolverOptions.empty());
    }
}
