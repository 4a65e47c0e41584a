package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.Progress;
import io.samplerkit.bench.report.ReportMerger;
import io.samplerkit.solvers.SolverRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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

    @Mixin
    private ReportFolderOptions folder;

    @Override
    public Integer call() {
        Path out = folder.checkedOut(spec.commandLine(), shards);
        Progress progress = Progress.toConsole(spec.commandLine().getErr(), "report merge");
        try {
            ReportMerger.merge(shards, out, SolverRegistry.standard(), progress, folder.plots());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            progress.abandon();
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
