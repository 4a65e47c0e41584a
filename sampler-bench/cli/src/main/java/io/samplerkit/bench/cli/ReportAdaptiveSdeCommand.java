package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.AdaptiveSdeStudy;
import io.samplerkit.bench.report.ReportConfig;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.solvers.SolverRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samplerkit report adaptive-sde --out DIR}: the report's section "adaptive SDE" ({@link AdaptiveSdeStudy}),
 * written as {@code DIR/adaptive-sde.md} next to a report.
 */
@Command(name = "adaptive-sde", mixinStandardHelpOptions = true,
        description = {"Compare gotta-go-fast with euler-maruyama at equal sampled Frechet distance on every Gaussian "
                + "problem of the suite.", "Writes DIR/adaptive-sde.md. Exit code 2 on bad arguments."})
final class ReportAdaptiveSdeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--suite", paramLabel = "standard|quick|FILE.json", defaultValue = "standard",
            description = "The suite (default: ${DEFAULT-VALUE}).")
    private String suiteName;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
            description = "The report folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + ReportConfig.DEFAULT_SEED,
            description = "The master seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + AdaptiveSdeStudy.DEFAULT_SAMPLES,
            description = "Samples per configuration (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Worker threads.")
    private int threads;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        CliArgs.intIn(cl, "--threads", threads, 1, 256);
        CliArgs.intIn(cl, "--samples", samples, 10, 1_000_000);
        if (!Files.isDirectory(out)) {
            throw CliArgs.invalid(cl, "--out", out.toString(), "an existing folder");
        }
        Suite suite;
        try {
            suite = Suites.resolve(suiteName);
        } catch (IllegalArgumentException e) {
            throw CliArgs.invalid(cl, "--suite", suiteName, e.getMessage());
        }
        PrintWriter stderr = cl.getErr();
        return CliArgs.run(cl, "report adaptive-sde", () -> {
            AdaptiveSdeStudy.Result result = AdaptiveSdeStudy.run(suite, SolverRegistry.standard(), seed, samples,
                    threads, line -> {
                        synchronized (stderr) {
                            stderr.println(line);
                            stderr.flush();
                        }
                    });
            AdaptiveSdeStudy.write(out, AdaptiveSdeStudy.markdown(result));
            cl.getOut().println("wrote " + out.resolve(AdaptiveSdeStudy.FILE).toAbsolutePath().normalize());
        });
    }
}
