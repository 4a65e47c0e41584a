package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.StrictJson;
import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code manifest.json}: everything needed to reproduce or judge a report — tool version, the full
 * suite, master seed, shards, machine (JVM, OS, cores), git commit, start time and duration.
 *
 * @param tool {@code "samplerkit"}
 * @param version SamplerKit version
 * @param suite the suite that ran
 * @param seed master seed
 * @param shards shards contained ({@code "i/n"}); a merge lists every shard it joined
 * @param configs configurations whose rows are present
 * @param totalConfigs configurations in the whole suite
 * @param threads worker threads (of the first shard, for a merge)
 * @param java JVM vendor, name and version
 * @param os operating system and architecture
 * @param cores available processors
 * @param gitCommit commit of the working tree ({@code +dirty} when modified), or {@code "unknown"}
 * @param startedAt start time, ISO-8601 UTC
 * @param seconds wall time of the run (summed over shards for a merge)
 * @param solvers solver labels of the suite
 * @param references the measured accuracy of each computed ground truth (problems of networks; empty otherwise)
 */
public record RunManifest(String tool, String version, Suite suite, long seed, List<String> shards, int configs,
        int totalConfigs, int threads, String java, String os, int cores, String gitCommit, String startedAt,
        double seconds, List<String> solvers, List<ReferenceCheck> references) {

    /** Copies lists. */
    public RunManifest {
        shards = List.copyOf(shards);
        solvers = List.copyOf(solvers);
        references = references == null ? List.of() : List.copyOf(references);
    }

    /**
     * Describes a run on this machine.
     *
     * @param config the run
     * @param configs configurations run
     * @param totalConfigs configurations in the suite
     * @param solvers solver labels
     * @param references the reference checks of the problems run
     * @param started start time
     * @param seconds duration
     * @return the manifest
     */
    static RunManifest capture(ReportConfig config, int configs, int totalConfigs, List<String> solvers,
            List<ReferenceCheck> references, Instant started, double seconds) {
        return new RunManifest("samplerkit", currentVersion(), config.suite(), config.seed(),
                List.of(config.shard().toString()), configs, totalConfigs, config.threads(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), currentGitCommit(config.outDir()),
                started.truncatedTo(ChronoUnit.SECONDS).toString(), seconds, solvers, references);
    }

    /**
     * Joins the manifests of shards of one suite run.
     *
     * @param parts manifests of the shards
     * @param configs rows present after the merge
     * @return the joined manifest
     * @throws IllegalArgumentException if the shards come from different configurations (naming the first
     *     field that differs, with both values) or are not one complete, disjoint split {@code 0/n .. n-1/n}
     */
    static RunManifest merge(List<RunManifest> parts, int configs) {
        RunManifest first = parts.get(0);
        TreeSet<String> shards = new TreeSet<>();
        double seconds = 0;
        requireOneCompleteSplit(parts);
        // every shard that ran a problem computed the same reference (same seed, same spec): keep one per problem
        Map<String, ReferenceCheck> references = new java.util.LinkedHashMap<>();
        for (RunManifest m : parts) {
            shards.addAll(m.shards);
            seconds += m.seconds;
            m.references.forEach(r -> references.putIfAbsent(r.problem(), r));
        }
        List<ReferenceCheck> ordered = new ArrayList<>();
        for (ProblemSpec p : first.suite.problems()) {
            if (references.containsKey(p.id())) {
                ordered.add(references.get(p.id()));
            }
        }
        return new RunManifest(first.tool, first.version, first.suite, first.seed, new ArrayList<>(shards), configs,
                first.totalConfigs, first.threads, first.java, first.os, first.cores, first.gitCommit,
                first.startedAt, seconds, first.solvers, ordered);
    }

    /**
     * Checks that manifests are the shards of one run (the first field of the configuration that differs is
     * named with both values) and one complete, disjoint split {@code 0/n .. n-1/n}.
     *
     * @param parts manifests of the shards
     * @throws IllegalArgumentException naming what does not fit
     */
    static void requireOneCompleteSplit(List<RunManifest> parts) {
        for (RunManifest m : parts) {
            requireSameRun(parts.get(0), m);
        }
        requireCompleteSplit(parts);
    }

    /** Throws naming the first field of the run's configuration in which {@code m} differs from {@code first}. */
    private static void requireSameRun(RunManifest first, RunManifest m) {
        Suite a = first.suite;
        Suite b = m.suite;
        Object[][] fields = {
            {"suite name", a.name(), b.name()},
            {"seed", first.seed, m.seed},
            {"NFE list", a.nfe(), b.nfe()},
            {"version", first.version, m.version},
            {"solvers", a.solvers(), b.solvers()},
            {"problems", a.problems(), b.problems()},
            {"grids", a.grids(), b.grids()},
            {"tolerances", a.tolerances(), b.tolerances()},
            {"batches", a.batches(), b.batches()},
            {"batch size", a.batchSize(), b.batchSize()},
            {"suite", a, b},
            {"total configurations", first.totalConfigs, m.totalConfigs},
        };
        for (Object[] f : fields) {
            if (!Objects.equals(f[1], f[2])) {
                throw new IllegalArgumentException(Checks.format("cannot merge shards of different runs: %s %s vs %s",
                        f[0], InvalidInputException.render(f[1]), InvalidInputException.render(f[2])));
            }
        }
    }

    /** Throws unless the manifests' shards are exactly {@code 0/n, ..., n-1/n}, each once, for one {@code n}. */
    private static void requireCompleteSplit(List<RunManifest> parts) {
        Map<String, Integer> seen = new HashMap<>();
        int count = -1;
        for (RunManifest m : parts) {
            for (String text : m.shards) {
                Shard s = Shard.parse(text);
                if (count >= 0 && s.count() != count) {
                    throw new IllegalArgumentException(Checks.format(
                            "cannot merge shards of different splits: %s vs %s", parts.get(0).shards, text));
                }
                count = s.count();
                if (seen.merge(text, 1, Integer::sum) > 1) {
                    throw new IllegalArgumentException("shard " + text + " is given twice");
                }
            }
        }
        for (int i = 0; i < count; i++) {
            String want = i + "/" + count;
            if (!seen.containsKey(want)) {
                throw new IllegalArgumentException(Checks.format("shard %s is missing: the shards given are %s",
                        want, new TreeSet<>(seen.keySet())));
            }
        }
    }

    /**
     * @param file destination. Overwritten.
     */
    void write(Path file) {
        try {
            StrictJson.mapper().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a manifest written by a run
     * @return the manifest
     */
    public static RunManifest read(Path file) {
        return StrictJson.read(file, RunManifest.class);
    }

    /** @return the SamplerKit version from the build, or {@code "unknown"} */
    static String currentVersion() {
        try (InputStream in = RunManifest.class.getResourceAsStream("/io/samplerkit/bench/cli/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The commit of the working tree, {@code +dirty} when a tracked file other than the report's own
     * output differs from it (regenerating a committed report must not mark itself dirty).
     */
    private static String currentGitCommit(Path outDir) {
        String head = git("rev-parse", "HEAD");
        if (head == null) {
            return "unknown";
        }
        String status = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)" + outDir.toAbsolutePath().normalize());
        if (status == null) {
            status = git("status", "--porcelain", "--untracked-files=no");
        }
        return status != null && !status.isEmpty() ? head + "+dirty" : head;
    }

    private static String git(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
