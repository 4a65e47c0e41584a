package io.samplerkit.bench.spec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written whole or not at all: the content goes to a temporary sibling, which is renamed over the destination,
 * so a failed or interrupted write never leaves a half-written file (the temporary file is removed on failure). The
 * file gets the permissions {@code rw-r--r--} where the file system has POSIX permissions (a temporary file is created
 * private). A destination that is a symbolic link is written through: the file at the end of the link chain is
 * replaced, and the link stays.
 */
public final class AtomicFiles {

    /** Symbolic links followed from a destination before it counts as unresolvable. */
    public static final int MAX_LINKS = 40;

    private AtomicFiles() {
    }

    /**
     * The path a write to {@code file} lands on: {@code file} itself, or, when it is a symbolic link, the path the
     * link chain ends at (existing or not). A chain longer than {@value #MAX_LINKS} links (a loop) is returned at the
     * last link followed.
     *
     * @param file the destination as given
     * @return the absolute, normalized destination
     */
    public static Path destination(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (int hops = 0; hops < MAX_LINKS && Files.isSymbolicLink(abs); hops++) {
            try {
                abs = abs.resolveSibling(Files.readSymbolicLink(abs)).normalize();
            } catch (IOException e) {
                return abs;
            }
        }
        return abs;
    }

    /**
     * Writes {@code bytes} to a temporary sibling of {@link #destination(Path) file's destination} and renames it over
     * the destination.
     *
     * @param file destination
     * @param bytes content
     * @throws IOException if writing or renaming fails (the temporary file is removed)
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path abs = destination(file);
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + "-", ".tmp");
        try {
            Files.write(tmp, bytes);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
