package io.samplerkit.bench.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Output files of the command line: checked for writability before any work starts, and written through a
 * temporary sibling renamed into place, so a failed or interrupted write never leaves a half-written file. An output
 * path that is a symbolic link is written through: the file it points to is replaced and the link stays. Files get
 * the permissions {@code rw-r--r--} where the file system has POSIX permissions.
 */
final class OutputFiles {

    /** Symbolic links followed from an output path before it counts as unresolvable. */
    static final int MAX_LINKS = 40;

    private OutputFiles() {
    }

    /**
     * The path a write to {@code file} lands on: {@code file} itself, or, when it is a symbolic link, the path the
     * link chain ends at (existing or not), so that the rename replaces the link's target and the link stays. A
     * chain longer than {@value #MAX_LINKS} links (a loop) is returned at the last link followed.
     *
     * @param file the output path
     * @return the absolute, normalized destination
     */
    static Path destination(Path file) {
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
     * Why {@code file} cannot be written, or {@code null}: its {@link #destination} must not be a link left
     * unresolved, its folder must exist and accept a new file (proved by creating and deleting a temporary sibling),
     * and the file itself, if present, must be a regular file.
     *
     * @param file the output file
     * @return the reason, or {@code null} when it can be written
     */
    static String whyNotWritable(Path file) {
        if (file.toString().isEmpty()) {
            return "must be a file name, got an empty path";
        }
        Path abs = destination(file);
        if (Files.isSymbolicLink(abs)) {
            return "is a symbolic link that does not end at a file name (more than " + MAX_LINKS + " links: a loop?)";
        }
        if (Files.isDirectory(abs)) {
            return "is a folder, not a file";
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            return "exists and is not a regular file";
        }
        Path parent = abs.getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            return "its folder " + parent + " is a file, not a folder";
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return "its folder " + parent + " does not exist";
        }
        try {
            Path probe = Files.createTempFile(parent, ".samplerkit-", ".probe");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            return "its folder " + parent + " is not writable (" + e.getClass().getSimpleName() + ")";
        }
        return null;
    }

    /**
     * Writes {@code bytes} to a temporary sibling of {@code file} and renames it over {@code file}.
     *
     * @param file destination
     * @param bytes content
     * @throws IOException if writing or renaming fails (the temporary file is removed)
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = destination(file);
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + "-", ".tmp");
        try {
            Files.write(tmp, bytes);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // a temporary file is private (rw-------); the output gets the usual rw-r--r--
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
