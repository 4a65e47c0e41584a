package io.samplerkit.bench.cli;

import io.samplerkit.bench.spec.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output files of the command line: checked for writability before any work starts; written by
 * {@link AtomicFiles#write} (whole or not at all, through a symbolic link, {@code rw-r--r--}).
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Why {@code file} cannot be written, or {@code null}: its {@link AtomicFiles#destination} must not be a link left
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
        Path abs = AtomicFiles.destination(file);
        if (Files.isSymbolicLink(abs)) {
            return "is a symbolic link that does not end at a file name (more than " + AtomicFiles.MAX_LINKS
                    + " links: a loop?)";
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
}
