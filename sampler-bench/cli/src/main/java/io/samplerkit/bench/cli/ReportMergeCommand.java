package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.Progress;
import io.samplerkit.bench.report.ReportFolder;
import io.samplerkit.bench.report.ReportMerger;
import io.samplerkit.solvers.SolverRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samplerkit report merge --out DIR SHARD_DIR...}: joins the shards of one run into one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the output folders of the shards of one run ('samplerkit report --shard i/n') "
                + "into one report, identical in every deterministic column to an unsharded run.",
            "The shards must be one complete, disjoint split 0/n .. n-1/n of one run (suite, seed, NFE list,",
            "version); --out must not be an input shard, and is replaced as a whole (written to a temporary",
            "sibling and renamed into place).",
            "Exit code 2 if a folder is not a shard of the same run, a shard is missing or repeated, or --out is",
            "unusable."})
final class ReportMergeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "Output folders of the shards.")
    private List<Path> shards;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
            description = "Folder of the joined report (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-plots", description = "Skip the plots.")
    private boolean noPlots;

    @Option(names = "--force", description = "Replace --out even when it is a non-empty folder that is not a report.")
    private boolean force;

    @Override
    public Integer call() {
        String unusable = ReportFolder.whyNotUsable(out, force, shards);
        if (unusable != null) {
            throw CliArgs.invalid(spec.commandLine(), "--out", out.toString(),
                    "a new, empty or report folder that is not an input shard (" + unusable + ")");
        }
        Progress progress = Progress.toConsole(spec.commandLine().getErr(), "report merge");
        try {
            ReportMerger.merge(shards, out, SolverRegistry.standard(), progress, !noPlots);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            progress.abandon();
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
