package io.samplerkit.bench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a report: expands the suite ({@link SuitePlan}), keeps the configurations of the shard,
 * builds each problem once (initial states from seeds derived from the master seed and the
 * problem id), measures every configuration on a fixed thread pool ({@link ConfigRunner}) and writes
 * the output folder ({@link ReportWriter}): the whole report for an unsharded run, or
 * {@code results.csv} + {@code manifest.json} for a shard, to be joined by {@link ReportMerger}.
 *
 * <p>Every number in the rows except wall time depends only on the master seed and each
 * configuration's identity, so it is the same for any thread count and any sharding.
 */
public final class ReportRunner {

    private ReportRunner() {
    }

    /**
     * @param config what to run
     * @param progress progress of every phase (running, analysis, plots, writing) and the closing line
     * @return the rows, analysis and files written
     */
    public static ReportResult run(ReportConfig config, Progress progress) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Suite suite = config.suite();
        List<RunConfig> all = SuitePlan.enumerate(suite, config.registry());
        List<RunConfig> mine = all.stream().filter(c -> config.shard().contains(c.seq())).toList();
        List<String> solvers = SuitePlan.variants(suite, config.registry()).stream().map(SolverVariant::label)
                .toList();

        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "samplerkit-report");
            t.setDaemon(true);
            return t;
        });
        List<ResultRow> rows = new ArrayList<>();
        List<ReferenceCheck> references = new ArrayList<>();
        Map<String, ProblemInstance> problems = Map.of();
        try {
            problems = instantiate(suite, mine, config.seed(), pool);
            for (ProblemSpec p : suite.problems()) {
                ProblemInstance instance = problems.get(p.id());
                if (instance != null) {
                    instance.referenceCheck().ifPresent(references::add);
                }
            }
            ConfigRunner runner = new ConfigRunner(config.registry(), config.seed());
            // submitted in a seeded random order, so the work done at any moment is a fair sample of all of it
            // (the suite lists cheap and expensive problems in blocks) and the ETA does not jump; the rows are
            // independent of the order and sorted by seq below
            List<RunConfig> order = new ArrayList<>(mine);
            Collections.shuffle(order, new Random(config.seed()));
            int maxNfe = mine.stream().mapToInt(RunConfig::targetNfe).max().orElse(1);
            double total = mine.stream().mapToDouble(c -> cost(c, maxNfe)).sum();
            progress.phase("running", mine.size(), total);
            List<Future<ResultRow>> futures = new ArrayList<>();
            for (RunConfig c : order) {
                ProblemInstance p = problems.get(c.problem().id());
                futures.add(pool.submit(() -> {
                    ResultRow r = runner.run(c, p);
                    progress.step(cost(c, maxNfe));
                    return r;
                }));
            }
            for (Future<ResultRow> f : futures) {
                rows.add(get(f));
            }
            progress.end();
        } finally {
            pool.shutdownNow();
            problems.values().forEach(ProblemInstance::close);
        }
        rows.sort(Comparator.comparingInt(ResultRow::seq));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        RunManifest manifest = RunManifest.capture(config, rows.size(), all.size(), solvers, references, started,
                seconds);
        ReportResult result = ReportFolder.write(config.outDir(), dir -> config.shard().all()
                ? ReportWriter.writeReport(dir, suite, rows, manifest, config.registry(), config.plots(), progress,
                        config.outDir())
                : ReportWriter.writeShard(dir, suite, rows, manifest, progress));
        long ok = rows.stream().filter(r -> r.status() == ResultRow.Status.OK).count();
        progress.note(String.format(Locale.ROOT, "%d configurations (%d measured, %d n/a or failed) in %.1f s -> %s",
                rows.size(), ok, rows.size() - ok, (System.nanoTime() - t0) * 1e-9,
                config.outDir().toAbsolutePath().normalize()));
        return result;
    }

    /**
     * @param c a configuration
     * @param maxNfe the largest target NFE of the run
     * @return its expected cost in model evaluations (an adaptive run counts as the largest fixed budget)
     */
    private static double cost(RunConfig c, int maxNfe) {
        return c.adaptive() ? maxNfe : c.targetNfe();
    }

    private static Map<String, ProblemInstance> instantiate(Suite suite, List<RunConfig> configs, long seed,
            ExecutorService pool) {
        Map<String, Future<ProblemInstance>> futures = new LinkedHashMap<>();
        for (RunConfig c : configs) {
            ProblemSpec p = c.problem();
            futures.computeIfAbsent(p.id(), id -> pool.submit(() -> instance(suite, p, seed)));
        }
        Map<String, ProblemInstance> out = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, Future<ProblemInstance>> e : futures.entrySet()) {
            try {
                out.put(e.getKey(), get(e.getValue()));
            } catch (RuntimeException x) {
                failure = failure == null ? x : failure;
            }
        }
        if (failure != null) {
            out.values().forEach(ProblemInstance::close);
            throw failure;
        }
        return out;
    }

    /**
     * One problem made concrete: initial states from seeds derived from the master seed and the problem id.
     *
     * @param suite the suite (batches, batch size)
     * @param problem the problem
     * @param seed the master seed
     * @return the instance
     */
    static ProblemInstance instance(Suite suite, ProblemSpec problem, long seed) {
        long[] seeds = new long[suite.batches()];
        for (int b = 0; b < seeds.length; b++) {
            seeds[b] = Seeds.derive(seed, "initial-states|" + problem.id() + "|batch=" + b);
        }
        try {
            return problem.instantiate(seeds, suite.batchSize());
        } catch (io.samplerkit.core.InvalidInputException e) {
            throw e.under("problems[" + suite.problems().indexOf(problem) + "]");
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("report interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }
}
