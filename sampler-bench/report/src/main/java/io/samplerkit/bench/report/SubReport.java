package io.samplerkit.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A report written into a sub-folder of another one (the default {@code samplerkit report} puts the
 * {@code networks} suite into {@code networks/}), linked from the outer report's summary and HTML page.
 *
 * @param folder the sub-folder's name
 * @param title a heading naming its suite
 * @param description its suite's description
 */
record SubReport(String folder, String title, String description) {

    /**
     * @param outDir a report folder (it may not exist yet)
     * @return its immediate sub-folders holding a report's manifest and summary, by name
     */
    static List<SubReport> find(Path outDir) {
        List<SubReport> out = new ArrayList<>();
        if (outDir == null || !Files.isDirectory(outDir)) {
            return out;
        }
        try (Stream<Path> children = Files.list(outDir)) {
            for (Path child : children.sorted().toList()) {
                Path manifest = child.resolve(ReportWriter.MANIFEST);
                if (Files.isRegularFile(manifest) && Files.isRegularFile(child.resolve(ReportWriter.SUMMARY))) {
                    Suite s = RunManifest.read(manifest).suite();
                    out.add(new SubReport(child.getFileName().toString(), "Suite " + s.name() + " ("
                            + child.getFileName() + "/)", s.description()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }
}
