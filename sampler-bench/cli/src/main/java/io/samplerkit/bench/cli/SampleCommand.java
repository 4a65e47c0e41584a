package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.spec.InputLimits;
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

/**
 * {@code samplerkit sample --spec FILE}: one run from a JSON specification, output as JSON; or
 * {@code samplerkit sample --scheduler-config FILE --steps N}: a diffusers scheduler config on an analytic model.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Run one sampler from a JSON spec and print the result as JSON",
            "(final samples, NFE, times and, for Gaussian data, the error against the exact flow).",
            "Spec fields: schedule, model, prediction, solver {name, options}, grid, seed, batch | xT,",
            "denoiseToZero; see docs/run-specs.md and docs/examples/. A bad spec exits with code 2.",
            "Or --scheduler-config FILE --steps N [--scheduler-class C] [--solver NAME[opts]]: a diffusers",
            "scheduler_config.json (docs/diffusers-configs.md) on Gaussian data N(0, v I)."})
final class SampleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--spec", paramLabel = "FILE", description = "The JSON run specification.")
    private Path specFile;

    @Option(names = "--scheduler-config", paramLabel = "FILE",
            description = "A diffusers scheduler_config.json (instead of --spec).")
    private Path schedulerConfig;

    @Option(names = "--scheduler-class", paramLabel = "CLASS",
            description = "Swap in this diffusers scheduler class (from_config semantics).")
    private String schedulerClass;

    @Option(names = "--solver", paramLabel = "NAME[opts]",
            description = "Run this registry solver on the config's schedule and grid instead of the scheduler's own.")
    private String solver;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "0", description = "num_inference_steps.")
    private int steps;

    @Option(names = "--image-seq-len", paramLabel = "L", defaultValue = "0",
            description = "Set the timesteps as the Flux pipeline does for this latent sequence length.")
    private int imageSeqLen;

    @Option(names = "--data-variance", paramLabel = "V", defaultValue = "0.25",
            description = "Variance of the Gaussian data (default ${DEFAULT-VALUE}).")
    private double dataVariance;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "4", description = "Data dimension.")
    private int dim;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "2", description = "Number of samples.")
    private int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the initial latents.")
    private long seed;

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
        ObjectMapper mapper = new ObjectMapper();
        if ((specFile == null) == (schedulerConfig == null)) {
            return usage(stderr, "give exactly one of --spec FILE and --scheduler-config FILE");
        }
        if (schedulerConfig != null) {
            return schedulerConfig(stdout, stderr, mapper);
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
        return write(stdout, mapper, outcome.toJson());
    }

    /** Writes the JSON result to {@code --out} or stdout; returns exit code 0. */
    private int write(PrintWriter stdout, ObjectMapper mapper, JsonNode result) throws IOException {
        String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        if (out != null) {
            try {
                OutputFiles.writeAtomically(out, (text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return usage(spec.commandLine().getErr(), "--out " + out + ": cannot write: " + e.getMessage());
            }
        } else {
            stdout.println(text);
            stdout.flush();
        }
        return 0;
    }

    private int schedulerConfig(PrintWriter stdout, PrintWriter stderr, ObjectMapper mapper) throws IOException {
        ObjectNode result;
        try {
            CliArgs.intIn(spec.commandLine(), "--steps", steps, 1, 100_000);
            CliArgs.intIn(spec.commandLine(), "--dim", dim, 1, 100_000);
            CliArgs.intIn(spec.commandLine(), "--batch", batch, 1, 100_000);
            if ((long) dim * batch > InputLimits.MAX_STATE_VALUES) {
                throw CliArgs.invalid(spec.commandLine(), "--batch", Integer.toString(batch), "at most "
                        + InputLimits.MAX_STATE_VALUES + " values in all (--batch x --dim " + dim + ")");
            }
            if (!(dataVariance > 0 && dataVariance < Double.POSITIVE_INFINITY)) {
                return usage(stderr, "--data-variance must be in (0, inf), got " + dataVariance);
            }
            result = new SchedulerConfigSample(schedulerConfig, schedulerClass, solver, steps, imageSeqLen,
                    dataVariance, dim, batch, seed).run();
        } catch (picocli.CommandLine.ParameterException e) {
            return usage(stderr, e.getMessage());
        } catch (UncheckedIOException e) {
            return usage(stderr, "cannot read " + schedulerConfig + ": " + e.getCause());
        } catch (InvalidInputException e) {
            return usage(stderr, "invalid scheduler config run (" + schedulerConfig + "): " + e.getMessage());
        } catch (SamplingException e) {
            stderr.println("sampling failed: " + e.getMessage());
            stderr.flush();
            return SamplerKitCli.EXIT_FAILURE;
        }
        return write(stdout, mapper, result);
    }

    private static int usage(PrintWriter stderr, String message) {
        stderr.println(message);
        stderr.flush();
        return SamplerKitCli.EXIT_USAGE;
    }
}
