package io.samplerkit.bench.report;

import io.samplerkit.core.InvalidInputException;
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
 * each) into one report, identical in every deterministic column to an unsharded run. The shards must be one
 * complete, disjoint split {@code 0/n .. n-1/n} of one configuration (suite, seed, NFE list, version; the
 * first field that differs is named with both values), each shard's rows its own; the output folder must
 * not be an input shard, and it is replaced as a whole ({@link ReportFolder}).
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
        String unusable = ReportFolder.whyNotUsable(outDir, true, shardDirs);
        if (unusable != null) {
            throw new IllegalArgumentException("--out " + outDir + " " + unusable);
        }
        List<RunManifest> manifests = new ArrayList<>();
        for (Path dir : shardDirs) {
            Path m = dir.resolve(ReportWriter.MANIFEST);
            Path csv = dir.resolve(ReportWriter.RESULTS);
            if (!Files.isRegularFile(m) || !Files.isRegularFile(csv)) {
                throw new IllegalArgumentException(dir + " must contain " + ReportWriter.MANIFEST + " and "
                        + ReportWriter.RESULTS);
            }
            try {
                manifests.add(RunManifest.read(m));
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(m + ": " + e.getMessage(), e);
            }
        }
        RunManifest.requireOneCompleteSplit(manifests);
        Map<Integer, ResultRow> bySeq = new TreeMap<>();
        for (int k = 0; k < shardDirs.size(); k++) {
            Path dir = shardDirs.get(k);
            RunManifest manifest = manifests.get(k);
            List<ResultRow> shardRows = ReportWriter.readRows(dir);
            if (shardRows.size() != manifest.configs()) {
                throw new IllegalArgumentException(dir + ": " + ReportWriter.RESULTS + " has " + shardRows.size()
                        + " rows, its manifest says " + manifest.configs());
            }
            List<Shard> own = manifest.shards().stream().map(Shard::parse).toList();
            for (ResultRow r : shardRows) {
                if (own.stream().noneMatch(s -> s.contains(r.seq()))) {
                    throw new IllegalArgumentException(dir + ": configuration " + r.seq() + " does not belong to "
                            + "its shards " + manifest.shards());
                }
                if (bySeq.putIfAbsent(r.seq(), r) != null) {
                    throw new IllegalArgumentException("configuration " + r.seq() + " is in more than one shard ("
                            + dir + " repeats it)");
                }
            }
        }
        List<ResultRow> rows = new ArrayList<>(bySeq.values());
        RunManifest manifest = RunManifest.merge(manifests, rows.size());
        if (rows.size() != manifest.totalConfigs()) {
            throw new IllegalArgumentException(rows.size() + " of " + manifest.totalConfigs()
                    + " configurations present (shards " + manifest.shards() + ")");
        }
        ReportResult result = ReportFolder.write(outDir,
                dir -> ReportWriter.writeReport(dir, manifest.suite(), rows, manifest, registry, plots, progress,
                        outDir));
        progress.note(String.format(Locale.ROOT, "merged %d shard(s), %d configurations -> %s", shardDirs.size(),
                rows.size(), outDir.toAbsolutePath().normalize()));
        return result;
    }
}
