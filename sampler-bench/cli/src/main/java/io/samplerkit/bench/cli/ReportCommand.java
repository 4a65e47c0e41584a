package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.Progress;
import io.samplerkit.bench.report.ReportConfig;
import io.samplerkit.bench.report.ReportRunner;
import io.samplerkit.bench.report.Shard;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplerkit report}: runs a suite ({@link ReportRunner}) and writes the report folder;
 * {@code samplerkit report merge} joins the folders of shards ({@link ReportMergeCommand}).
 */
@Command(name = "report", mixinStandardHelpOptions = true, subcommands = {ReportMergeCommand.class, ReportCalibratedCommand.class,
        ReportAdaptiveSdeCommand.class},
        description = {"Measure solvers on exact problems: error vs NFE, Frechet distances, fitted orders.",
            "Writes DIR/index.html (self-contained), summary.md, results.csv, timing.csv, manifest.json and "
                + "plots/*.png|svg. With --shard i/n only results.csv, timing.csv and manifest.json are written; "
                + "join the shards with 'samplerkit report merge'. Results do not depend on --threads or --shard.",
            "Exit code 2 for bad arguments, 1 if the run fails."})
final class ReportCommand implements Callable<Integer> {

    /** Largest thread count accepted. */
    static final int MAX_THREADS = 1024;

    @Spec
    private CommandSpec spec;

    @Option(names = "--suite", paramLabel = "standard|quick|FILE.json", defaultValue = "standard",
            description = "Built-in suite or a suite JSON file (default: ${DEFAULT-VALUE}).")
    private String suite;

    @Option(names = "--solvers", paramLabel = "LIST",
            description = "Solvers to run instead of the suite's, comma-separated; options in brackets, "
                    + "e.g. ddim,dpmpp-2m[order=2,lower-order-final=false] (see 'samplerkit list').")
    private String solvers;

    @Option(names = "--nfe", paramLabel = "N,N,...", description = "Target NFE list instead of the suite's.")
    private String nfe;

    @Mixin
    private ReportFolderOptions folder;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + ReportConfig.DEFAULT_SEED,
            description = "Master seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1",
            description = "Run only configuration seq with seq mod n = i (0-based; default: ${DEFAULT-VALUE}).")
    private String shard;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: one per core).")
    private Integer threads;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Suite s;
        try {
            s = Suites.resolve(suite);
        } catch (InvalidInputException | java.io.UncheckedIOException e) {
            cl.getErr().println("invalid suite " + suite + ": " + e.getMessage());
            cl.getErr().flush();
            return SamplerKitCli.EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--suite", suite, String.join("|", Suites.NAMES)
                    + " or a readable suite JSON file (" + e.getMessage() + ")");
        }
        ReportConfig config = config(cl, s);
        // progress goes to standard error (a live bar on a terminal, plain lines otherwise); standard output
        // stays empty: the report is the folder
        Progress progress = Progress.toConsole(cl.getErr(), "report " + config.suite().name()
                + (config.shard().all() ? "" : " shard " + config.shard()));
        return CliArgs.run(cl, "report", progress, () -> ReportRunner.run(config, progress));
    }

    private ReportConfig config(CommandLine cl, Suite s) {
        Shard sh;
        try {
            sh = Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--shard", shard, "i/n with integers 0 <= i < n (" + e.getMessage() + ")");
        }
        Path out = folder.checkedOut(cl, List.of());
        ReportConfig c = ReportConfig.of(s).withOutDir(out).withSeed(seed).withShard(sh).withPlots(folder.plots());
        if (threads != null) {
            c = c.withThreads(CliArgs.intIn(cl, "--threads", threads, 1, MAX_THREADS));
        }
        if (solvers != null) {
            c = c.withSolvers(CliArgs.solvers(cl, "--solvers", solvers, SolverRegistry.standard()));
        }
        if (nfe != null) {
            c = c.withNfe(CliArgs.intList(cl, "--nfe", nfe, 1, Suite.MAX_NFE));
        }
        return c;
    }
}
