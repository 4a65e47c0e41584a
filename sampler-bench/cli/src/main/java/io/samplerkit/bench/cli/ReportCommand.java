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

    /** Sub-folder of the report folder the networks suite goes to when no --suite is given. */
    static final String NETWORKS_FOLDER = "networks";

    @Option(names = "--suite", paramLabel = "standard|quick|networks|FILE.json",
            description = "Built-in suite or a suite JSON file. Default: 'standard' into DIR and, unless --shard is "
                    + "given, 'networks' (the shipped trained networks) into DIR/" + NETWORKS_FOLDER + ", linked "
                    + "from DIR's summary.")
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
        Path out = folder.checkedOut(cl, List.of());
        if (suite == null) {
            if (!"0/1".equals(shard)) {
                return run(cl, "standard", out, false);
            }
            // the networks first, so the standard report written next links their folder
            int networks = run(cl, "networks", out.resolve(NETWORKS_FOLDER), true);
            return networks != 0 ? networks : run(cl, "standard", out, false);
        }
        return run(cl, suite, out, false);
    }

    /** Runs one suite into {@code dir}, checking the folder first when {@code check} (an inner folder). */
    private int run(CommandLine cl, String suiteName, Path dir, boolean check) {
        Suite s;
        try {
            s = Suites.resolve(suiteName);
        } catch (InvalidInputException | java.io.UncheckedIOException e) {
            cl.getErr().println("invalid suite " + suiteName + ": " + e.getMessage());
            cl.getErr().flush();
            return SamplerKitCli.EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--suite", suiteName, String.join("|", Suites.NAMES)
                    + " or a readable suite JSON file (" + e.getMessage() + ")");
        }
        if (check) {
            folder.checked(cl, dir);
        }
        ReportConfig config = config(cl, s, dir);
        // progress goes to standard error (a live bar on a terminal, plain lines otherwise); standard output
        // stays empty: the report is the folder
        Progress progress = Progress.toConsole(cl.getErr(), "report " + config.suite().name()
                + (config.shard().all() ? "" : " shard " + config.shard()));
        return CliArgs.run(cl, "report", progress, () -> ReportRunner.run(config, progress));
    }

    private ReportConfig config(CommandLine cl, Suite s, Path dir) {
        Shard sh;
        try {
            sh = Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--shard", shard, "i/n with integers 0 <= i < n (" + e.getMessage() + ")");
        }
        ReportConfig c = ReportConfig.of(s).withOutDir(dir).withSeed(seed).withShard(sh).withPlots(folder.plots());
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
