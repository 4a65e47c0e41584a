package io.samplerkit.bench.report;

import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the output folders of the shards of one run ({@code results.csv} + {@code manifest.json}
 * each) into one report, identical in every deterministic column to an unsharded run.
 */
public final class ReportMerger {

    private ReportMerger() {
    }

    /**
     * Joins shards into a report with plots.
     *
     * @param shardDirs output folders of the shards
     * @param outDir folder for the joined report
     * @param registry solvers (for the claimed orders in the tables)
     * @param progress progress of the analysis, plots and writing phases, warnings and the closing line
     * @return the joined report
     * @throws IllegalArgumentException if the shards belong to different runs or disagree on a row
     */
    public static ReportResult merge(List<Path> shardDirs, Path outDir, SolverRegistry registry,
            Progress progress) {
        return merge(shardDirs, outDir, registry, progress, true);
    }

    /**
     * @param shardDirs output folders of the shards
     * @param outDir folder for the joined report
     * @param registry solvers (for the claimed orders in the tables)
     * @param progress progress of the analysis, plots and writing phases, warnings and the closing line
     * @param plots whether to render the plots
     * @return the joined report
     * @throws IllegalArgumentException if the shards belong to different runs or disagree on a row
     */
    public static ReportResult merge(List<Path> shardDirs, Path outDir, SolverRegistry registry,
            Progress progress, boolean plots) {
        if (shardDirs.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one shard folder");
        }
        List<RunManifest> manifests = new ArrayList<>();
        Map<Integer, ResultRow> bySeq = new TreeMap<>();
        for (Path dir : shardDirs) {
            Path m = dir.resolve(ReportWriter.MANIFEST);
            Path csv = dir.resolve(ReportWriter.RESULTS);
            if (!Files.isRegularFile(m) || !Files.isRegularFile(csv)) {
                throw new IllegalArgumentException(dir + " must contain " + ReportWriter.MANIFEST + " and "
                        + ReportWriter.RESULTS);
            }
            manifests.add(RunManifest.read(m));
            for (ResultRow r : ReportWriter.readRows(dir)) {
                ResultRow prev = bySeq.putIfAbsent(r.seq(), r);
                if (prev != null && !prev.withoutTiming().equals(r.withoutTiming())) {
                    throw new IllegalArgumentException("shards disagree on configuration " + r.seq() + ": " + prev
                            + " vs " + r);
                }
            }
        }
        List<ResultRow> rows = new ArrayList<>(bySeq.values());
        RunManifest manifest = RunManifest.merge(manifests, rows.size());
        if (rows.size() != manifest.totalConfigs()) {
            progress.note(String.format(Locale.ROOT, "warning: %d of %d configurations present (shards %s)", rows.size(),
                    manifest.totalConfigs(), manifest.shards()));
        }
        ReportResult result = ReportWriter.writeReport(outDir, manifest.suite(), rows, manifest, registry, plots,
                progress);
        progress.note(String.format(Locale.ROOT, "merged %d shard(s), %d configurations -> %s", shardDirs.size(),
                rows.size(), outDir.toAbsolutePath().normalize()));
        return result;
    }
}
