package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report folder is replaced as a whole, or not at all. */
class ReportFolderTest {

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldReportAsItWas(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("report"));
        Files.writeString(out.resolve(ReportWriter.RESULTS), "old rows");
        Files.writeString(out.resolve(ReportWriter.SUMMARY), "old summary");
        assertThatThrownBy(() -> ReportFolder.write(out, dir -> {
            try {
                Files.writeString(dir.resolve(ReportWriter.RESULTS), "new rows");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("killed while writing");
        })).hasMessage("killed while writing");
        assertThat(Files.readString(out.resolve(ReportWriter.RESULTS))).isEqualTo("old rows");
        assertThat(Files.readString(out.resolve(ReportWriter.SUMMARY))).isEqualTo("old summary");
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.toList()).as("no temporary folder left").containsExactly(out);
        }
    }

    @Test
    void aCompleteWriteReplacesEveryFile(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("report"));
        Files.createDirectories(out.resolve("plots"));
        Files.writeString(out.resolve("plots/stale.png"), "old plot");
        Files.writeString(out.resolve("notes.txt"), "mine");
        ReportResult r = ReportFolder.write(out, dir -> {
            try {
                Files.writeString(dir.resolve(ReportWriter.RESULTS), "new rows");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ReportResult(List.of(), null, null, dir, List.of(ReportWriter.RESULTS));
        });
        assertThat(r.outDir()).isEqualTo(out);
        assertThat(out.resolve("plots/stale.png")).doesNotExist();
        assertThat(Files.readString(out.resolve("notes.txt"))).as("a file no report writes is kept").isEqualTo("mine");
        assertThat(Files.readString(out.resolve(ReportWriter.RESULTS))).isEqualTo("new rows");
    }

    @Test
    void unusableFoldersAreNamed(@TempDir Path tmp) throws IOException {
        Path shard = Files.createDirectories(tmp.resolve("shard"));
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("x"), "x");
        Path report = Files.createDirectories(tmp.resolve("report"));
        Files.writeString(report.resolve(ReportWriter.MANIFEST), "{}");
        assertThat(ReportFolder.whyNotUsable(Path.of(""), false, List.of())).contains("empty path");
        assertThat(ReportFolder.whyNotUsable(Files.writeString(tmp.resolve("f"), "x"), true, List.of()))
                .contains("is a file");
        assertThat(ReportFolder.whyNotUsable(shard, true, List.of(shard))).contains("input folder");
        assertThat(ReportFolder.whyNotUsable(shard.resolve("sub"), true, List.of(shard))).contains("input folder");
        assertThat(ReportFolder.whyNotUsable(foreign, false, List.of())).contains("--force");
        assertThat(ReportFolder.whyNotUsable(foreign, true, List.of())).isNull();
        assertThat(ReportFolder.whyNotUsable(report, false, List.of())).isNull();
        assertThat(ReportFolder.whyNotUsable(tmp.resolve("new"), false, List.of())).isNull();
    }
}
