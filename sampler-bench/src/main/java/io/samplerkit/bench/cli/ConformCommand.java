package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.conform.CaseTranslators;
import io.samplerkit.bench.conform.ConformanceRunner;
import io.samplerkit.bench.conform.ConformanceSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samplerkit conform PATH...}: runs reference cases and judges them. */
@Command(name = "conform", mixinStandardHelpOptions = true,
        description = {"Run reference conformance cases (files or folders, recursively).",
            "Prints one line per case: PASS|FAIL|SKIP|RUN <id> <max-abs-err> <nfe> [reason],",
            "then 'N passed, N failed, N skipped'. A case passes when",
            "max|ours - expected| <= rtol * max(1, max|expected|) and our NFE equals the reference's.",
            "Exit code 1 if any case failed."})
final class ConformCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Case files or folders of cases.")
    private List<Path> paths;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = "1e-10",
            description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    private double rtol;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write every case's output, NFE, error and status as JSON.")
    private Path out;

    @Option(names = {"-v", "--verbose"}, description = "Also print how each case was mapped.")
    private boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!(rtol > 0 && rtol < Double.POSITIVE_INFINITY)) {
            stderr.println("--rtol must be in (0, inf), got " + rtol);
            stderr.flush();
            return SamplerKitCli.EXIT_USAGE;
        }
        ConformanceRunner runner = new ConformanceRunner(CaseTranslators.all(), rtol);
        ConformanceSummary summary;
        try {
            ConformanceRunner.collectCases(paths);
            summary = runner.runAll(paths, r -> {
                stdout.println(r.line());
                if (verbose && !r.note().isEmpty()) {
                    stdout.println("    " + r.note());
                }
                stdout.flush();
            });
        } catch (IllegalArgumentException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return SamplerKitCli.EXIT_USAGE;
        }
        stdout.println(summary.line());
        stdout.flush();
        if (out != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), summary.toJson());
        }
        return summary.ok() ? 0 : SamplerKitCli.EXIT_FAILURE;
    }
}
