package io.samplerkit.bench.jmh;

import io.samplerkit.bench.cli.CliArgs;
import io.samplerkit.bench.report.Progress;
import io.samplerkit.solvers.SolverRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplerkit bench}: runs the JMH benchmarks ({@link BenchRunner}) and prints the per-step
 * table (time, bytes moved, bandwidth, ratio to the triad bound, allocation), the triad bound measured again after
 * the steps, and the kernel table.
 * The main class of the benchmarks jar; the {@code samplerkit} command line hands {@code bench} over
 * to that jar (the command line itself carries no JMH).
 */
@Command(name = "samplerkit bench", mixinStandardHelpOptions = true,
        description = {"Time one solver step (zero-cost model) against a memory-bandwidth probe measured in "
                + "the same run, and the fused kernels (single- and multi-threaded); print Markdown tables.",
            "Default: the quick settings (a few minutes on 2 cores); --full for publication settings. "
                + "Exit code 2 for bad arguments, 1 if a benchmark fails."})
public final class BenchCommand implements Callable<Integer> {

    /** Largest dimension accepted (the state is dim doubles per batch row). */
    static final int MAX_DIM = 100_000_000;
    /** Largest batch size accepted. */
    static final int MAX_BATCH = 100_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--full", description = "2 forks, 3 x 1 s warm-up, 5 x 1 s measurement (about 15x longer).")
    private boolean full;

    @Option(names = "--solvers", paramLabel = "LIST",
            description = "Solvers to time, comma-separated, options in brackets (default: "
                    + "ddim,dpmpp-2m,dpmpp-3m,unipc-bh2[order=3],deis[order=3],heun).")
    private String solvers;

    @Option(names = "--dims", paramLabel = "D,D,...",
            description = "Dimensions of the size sweep at batch 1 (default: 1000,...,10000000).")
    private String dims;

    @Option(names = "--batches", paramLabel = "B,B,...|none",
            description = "Batch sizes of the batch sweep at d = 10000, or none (default: 4,16,64).")
    private String batches;

    @Option(names = "--threads", paramLabel = "T,T,...",
            description = "Kernel threads the steps and the triad bound are timed with, each its own JVMs "
                    + "(default: 1,2).")
    private String threads;

    @Option(names = "--no-kernels", description = "Skip the kernel benchmark.")
    private boolean noKernels;

    /**
     * Runs the benchmarks and exits with the command's exit code.
     *
     * @param args the arguments of {@code samplerkit bench}
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * @return a command line for this command; set its out/err writers to capture output
     */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCommand());
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        BenchConfig c = full ? BenchConfig.full() : BenchConfig.quick();
        if (solvers != null) {
            c = c.withSolvers(CliArgs.solvers(cl, "--solvers", solvers, SolverRegistry.standard()));
        }
        List<Integer> d = dims == null ? c.dims() : CliArgs.intList(cl, "--dims", dims, 1, MAX_DIM);
        List<Integer> b = batches == null ? c.batches()
                : batches.trim().equals("none") ? List.of() : CliArgs.intList(cl, "--batches", batches, 1, MAX_BATCH);
        if (threads != null) {
            c = c.withThreads(CliArgs.intList(cl, "--threads", threads, 1, BenchConfig.MAX_THREADS));
        }
        try {
            c = c.withSizes(d, b).withKernels(!noKernels);
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--batches", String.valueOf(batches), e.getMessage());
        }
        PrintWriter stdout = cl.getOut();
        BenchConfig config = c;
        Progress progress = Progress.toConsole(cl.getErr(), "bench");
        return CliArgs.run(cl, "bench", progress, () -> BenchRunner.run(config, stdout, progress));
    }
}
