package io.samplerkit.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The output folder of a report or a merge, replaced as a whole: everything is written into a temporary
 * sibling folder, which is renamed into place only when complete. An interrupted or failed write (an
 * exception, SIGTERM: a shutdown hook removes the temporary folder) leaves the previous report as it was,
 * and no output of an earlier run survives in the new one (plots of a run with plots are gone after a run with
 * {@code --no-plots}). Files a report never writes (a user's notes in the folder) are carried over.
 */
public final class ReportFolder {

    /** Passes of the shutdown hook's removal of the temporary folder. */
    private static final int CLEANUP_ATTEMPTS = 100;

    private ReportFolder() {
    }

    /**
     * Why {@code out} cannot receive a report, or {@code null}: it must be a non-empty path, not a file, not one
     * of {@code inputs} (nor inside one, nor containing one), and, unless {@code force}, either missing, empty
     * or a report folder (one holding {@code manifest.json}).
     *
     * @param out the output folder
     * @param force whether a non-empty folder that is not a report may be replaced
     * @param inputs folders read by the command (shards of a merge), never replaced
     * @return the reason, or {@code null}
     */
    public static String whyNotUsable(Path out, boolean force, List<Path> inputs) {
        if (out.toString().isEmpty()) {
            return "must be a folder name, got an empty path";
        }
        Path abs = out.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            return "must not be the file-system root";
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            return "is a file, not a folder";
        }
        for (Path in : inputs) {
            Path input = in.toAbsolutePath().normalize();
            if (abs.startsWith(input) || input.startsWith(abs)) {
                return "is (or contains, or lies inside) the input folder " + in;
            }
        }
        if (!force && Files.isDirectory(abs) && !Files.isRegularFile(abs.resolve(ReportWriter.MANIFEST))) {
            try (Stream<Path> entries = Files.list(abs)) {
                if (entries.findAny().isPresent()) {
                    return "is a non-empty folder that is not a report (no " + ReportWriter.MANIFEST
                            + "); use --force to replace it";
                }
            } catch (IOException e) {
                return "cannot be listed: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Writes a report through a temporary sibling of {@code out} and renames it into place.
     *
     * @param out the output folder (its parent is created if missing)
     * @param writer writes the report into the folder it is given and returns the result
     * @return the writer's result, with {@code outDir} set to {@code out}
     */
    public static ReportResult write(Path out, Function<Path, ReportResult> writer) {
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        String name = abs.getFileName().toString();
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + name + ".tmp-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder next to " + abs, e);
        }
        Thread cleanup = new Thread(() -> deleteWhileWritten(staging), "samplerkit-report-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            ReportResult result = writer.apply(staging);
            carryOverForeignFiles(abs, staging);
            swap(staging, abs, parent, name);
            return new ReportResult(result.rows(), result.analysis(), result.manifest(), out, result.files());
        } finally {
            deleteTree(staging);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs anyway
            }
        }
    }

    /** Whether a path (relative to the report folder) is one a report writes. */
    private static boolean reportOutput(Path relative) {
        String first = relative.getName(0).toString();
        if (relative.getNameCount() == 1) {
            return List.of(ReportWriter.RESULTS, ReportWriter.TIMING, ReportWriter.MANIFEST, ReportWriter.SUMMARY,
                    ReportWriter.INDEX).contains(first);
        }
        String file = relative.getFileName().toString();
        return first.equals("plots") && (file.endsWith(".png") || file.endsWith(".svg"));
    }

    private static void carryOverForeignFiles(Path old, Path staging) {
        if (!Files.isDirectory(old)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(old)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path relative = old.relativize(p);
                Path target = staging.resolve(relative);
                if (!reportOutput(relative) && !Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot carry over the files of " + old, e);
        }
    }

    private static void swap(Path staging, Path out, Path parent, String name) {
        try {
            if (Files.exists(out)) {
                Path old = Files.createTempDirectory(parent, "." + name + ".old-");
                Files.delete(old);
                Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the new report into " + out, e);
        }
    }

    /**
     * Removes the temporary folder from a shutdown hook. The report's own threads keep running while the JVM
     * shuts down and may still create files in it (a plot being rendered), so one pass can leave a non-empty
     * folder behind (measured: a SIGTERM during the plots phase left {@code .r.tmp-*}); the removal is repeated
     * until the folder stays gone, for at most {@value #CLEANUP_ATTEMPTS} passes 20 ms apart.
     */
    private static void deleteWhileWritten(Path root) {
        for (int attempt = 0; attempt < CLEANUP_ATTEMPTS; attempt++) {
            try {
                deleteTree(root);
            } catch (UncheckedIOException e) {
                // a file appeared or vanished during the walk: try again
            }
            if (!Files.exists(root)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
