package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ReportRunner#run} runs and where it writes.
 *
 * @param suite the suite (with any solver or NFE override already applied)
 * @param outDir output folder (created if missing)
 * @param seed master seed; every random number derives from it and a configuration's identity
 * @param shard the slice to run ({@link Shard#ALL} for everything)
 * @param threads worker threads, at least 1 (results do not depend on it)
 * @param registry solvers
 * @param plots whether to render the plots (PNG, SVG, and their place in index.html)
 */
public record ReportConfig(Suite suite, Path outDir, long seed, Shard shard, int threads, SolverRegistry registry,
        boolean plots) {

    /** Default master seed. */
    public static final long DEFAULT_SEED = 20_240_601L;

    /** Validates. */
    public ReportConfig {
        Checks.requireNonNull(suite, "suite");
        Checks.requireNonNull(outDir, "outDir");
        Checks.requireNonNull(shard, "shard");
        Checks.requirePositive(threads, "threads");
        Checks.requireNonNull(registry, "registry");
    }

    /**
     * Defaults: folder {@code report}, {@link #DEFAULT_SEED}, whole suite, one thread per core,
     * the standard registry.
     *
     * @param suite the suite
     * @return the configuration
     */
    public static ReportConfig of(Suite suite) {
        return new ReportConfig(suite, Path.of("report"), DEFAULT_SEED, Shard.ALL,
                Runtime.getRuntime().availableProcessors(), SolverRegistry.standard(), true);
    }

    /**
     * @param dir output folder
     * @return a copy
     */
    public ReportConfig withOutDir(Path dir) {
        return new ReportConfig(suite, dir, seed, shard, threads, registry, plots);
    }

    /**
     * @param newSeed master seed
     * @return a copy
     */
    public ReportConfig withSeed(long newSeed) {
        return new ReportConfig(suite, outDir, newSeed, shard, threads, registry, plots);
    }

    /**
     * @param newShard slice
     * @return a copy
     */
    public ReportConfig withShard(Shard newShard) {
        return new ReportConfig(suite, outDir, seed, newShard, threads, registry, plots);
    }

    /**
     * @param n worker threads
     * @return a copy
     */
    public ReportConfig withThreads(int n) {
        return new ReportConfig(suite, outDir, seed, shard, n, registry, plots);
    }

    /**
     * @param render whether to render plots
     * @return a copy
     */
    public ReportConfig withPlots(boolean render) {
        return new ReportConfig(suite, outDir, seed, shard, threads, registry, render);
    }

    /**
     * @param solvers solver variants (empty = every registered solver)
     * @return a copy whose suite runs only those
     */
    public ReportConfig withSolvers(List<String> solvers) {
        return new ReportConfig(suite.withSolvers(solvers), outDir, seed, shard, threads, registry, plots);
    }

    /**
     * @param nfe target NFE list
     * @return a copy whose suite uses that list
     */
    public ReportConfig withNfe(List<Integer> nfe) {
        return new ReportConfig(suite.withNfe(nfe), outDir, seed, shard, threads, registry, plots);
    }
}
