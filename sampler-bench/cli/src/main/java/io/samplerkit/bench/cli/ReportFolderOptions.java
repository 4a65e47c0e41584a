package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.ReportFolder;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a command that writes a report folder ({@code report}, {@code report merge}), declared once as a
 * picocli mixin with the check of {@code --out}: a new, empty or report folder that is none of the inputs, else exit
 * code 2 before anything runs.
 */
final class ReportFolderOptions {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
            description = "Folder of the report (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-plots", description = "Skip the plots (faster; the tables are still written).")
    private boolean noPlots;

    @Option(names = "--force", description = "Replace --out even when it is a non-empty folder that is not a report.")
    private boolean force;

    /**
     * @param cl the command line, for the error
     * @param inputs folders the command reads, which {@code --out} must not be
     * @return {@code --out}, checked
     * @throws CommandLine.ParameterException naming {@code --out} if it cannot be written
     */
    Path checkedOut(CommandLine cl, List<Path> inputs) {
        return checked(cl, out, inputs);
    }

    /**
     * The same check for a folder inside {@code --out} (the default report's {@code networks/}).
     *
     * @param cl the command line, for the error
     * @param dir the folder
     * @return {@code dir}, checked
     * @throws CommandLine.ParameterException naming {@code --out} if it cannot be written
     */
    Path checked(CommandLine cl, Path dir) {
        return checked(cl, dir, List.of());
    }

    private Path checked(CommandLine cl, Path dir, List<Path> inputs) {
        String unusable = ReportFolder.whyNotUsable(dir, force, inputs);
        if (unusable != null) {
            throw CliArgs.invalid(cl, "--out", dir.toString(), "a new, empty or report folder"
                    + (inputs.isEmpty() ? "" : " that is not an input shard") + " (" + unusable + ")");
        }
        return dir;
    }

    /** @return whether plots are drawn */
    boolean plots() {
        return !noPlots;
    }
}
