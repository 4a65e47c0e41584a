package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.spec.SampleOutcome;
import io.samplerkit.bench.spec.SampleRun;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samplerkit sample --spec FILE}: one run from a JSON specification, output as JSON. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Run one sampler from a JSON spec and print the result as JSON",
            "(final samples, NFE, times and, for Gaussian data, the error against the exact flow).",
            "Spec fields: schedule, model, prediction, solver {name, options}, grid, seed, batch | xT,",
            "denoiseToZero; see docs/run-specs.md and docs/examples/. A bad spec exits with code 2."})
final class SampleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The JSON run specification.")
    private Path specFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON result here instead of stdout.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (out != null) {
            String why = OutputFiles.whyNotWritable(out);
            if (why != null) {
                return usage(stderr, "--out " + out + ": " + why);
            }
        }
        SampleRun run;
        try {
            run = SampleSpec.read(specFile, SolverRegistry.standard());
        } catch (UncheckedIOException e) {
            return usage(stderr, "cannot read " + specFile + ": " + e.getCause().getMessage());
        } catch (InvalidInputException e) {
            return usage(stderr, "invalid spec " + specFile + ": " + e.getMessage());
        }
        SampleOutcome outcome;
        try {
            outcome = run.run();
        } catch (SamplingException e) {
            stderr.println("sampling failed: " + e.getMessage());
            stderr.flush();
            return SamplerKitCli.EXIT_FAILURE;
        }
        String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(outcome.toJson());
        if (out != null) {
            try {
                OutputFiles.writeAtomically(out, (text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return usage(stderr, "--out " + out + ": cannot write: " + e.getMessage());
            }
        } else {
            stdout.println(text);
            stdout.flush();
        }
        return 0;
    }

    private static int usage(PrintWriter stderr, String message) {
        stderr.println(message);
        stderr.flush();
        return SamplerKitCli.EXIT_USAGE;
    }
}
