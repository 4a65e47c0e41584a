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
 * temporary sibling renamed into place, so a failed or interrupted write never leaves a half-written file. Files get
 * the permissions {@code rw-r--r--} where the file system has POSIX permissions.
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Why {@code file} cannot be written, or {@code null}: its folder must exist and accept a new file (proved
     * by creating and deleting a temporary sibling), and the file itself, if present, must be a regular file.
     *
     * @param file the output file
     * @return the reason, or {@code null} when it can be written
     */
    static String whyNotWritable(Path file) {
        if (file.toString().isEmpty()) {
            return "must be a file name, got an empty path";
        }
        Path abs = file.toAbsolutePath().normalize();
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
        Path abs = file.toAbsolutePath().normalize();
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
