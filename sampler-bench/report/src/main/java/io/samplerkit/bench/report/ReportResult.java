package io.samplerkit.bench.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of a report run or merge.
 *
 * @param rows the rows, sorted by {@code seq}
 * @param analysis orders and best solvers (over the rows present)
 * @param manifest the run manifest written with the rows
 * @param outDir folder written
 * @param files files written, relative to {@code outDir}
 */
public record ReportResult(List<ResultRow> rows, ReportAnalysis analysis, RunManifest manifest, Path outDir,
        List<String> files) {
}
