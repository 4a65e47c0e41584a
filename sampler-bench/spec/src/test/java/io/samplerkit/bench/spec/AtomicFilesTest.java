package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-or-nothing writes: the permissions, the link kept, no temporary file left, the folder made for a grid file. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aWrittenFileIsReadableByAllAndNoTemporaryFileIsLeft() throws IOException {
        Path f = tmp.resolve("out.json");
        AtomicFiles.write(f, "first".getBytes());
        AtomicFiles.write(f, "second".getBytes());
        assertThat(Files.readString(f)).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStays() throws IOException {
        Path real = tmp.resolve("real.txt");
        Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), real.getFileName());
        Path second = Files.createSymbolicLink(tmp.resolve("second.txt"), link);
        AtomicFiles.write(second, "through two links".getBytes());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(second)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("through two links");
        assertThat(AtomicFiles.destination(second)).isEqualTo(real.toAbsolutePath().normalize());
    }

    @Test
    void aCalibratedGridFileGetsItsFolderAndTheUsualPermissions() throws IOException {
        // it used to keep the temporary file's private rw------- and leave that file behind on a failed move
        Path f = tmp.resolve("new").resolve("calibrated.md");
        CalibratedGridFile.writeAtomically(f, "## calibrated\n");
        assertThat(Files.readString(f)).isEqualTo("## calibrated\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }
}
