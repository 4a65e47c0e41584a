package io.samplerkit.solvers;

import java.util.List;

/**
 * A provider of registry entries, found by {@link java.util.ServiceLoader}: each family lists its class in
 * {@code META-INF/services/io.samplerkit.solvers.SolverFamily}, so {@link SolverRegistry} imports no family
 * and a family imports no registry. Implementations need a public no-argument constructor.
 */
public interface SolverFamily {

    /** @return the entries this family registers (names unique across all families) */
    List<SolverEntry> entries();
}
