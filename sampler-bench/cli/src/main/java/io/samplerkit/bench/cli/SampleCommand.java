package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.spec.AtomicFiles;
import io.samplerkit.bench.spec.SampleOutcome;
import io.samplerkit.bench.spec.SampleRun;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
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
            "scheduler_config.json (docs/diffusers-configs.md) on Gaussian data N(0, v I) or on --onnx FILE.",
            "--out FILE.npy|FILE.csv writes the samples (NumPy float64 [batch, shape...] | one row per line);",
            "--png FILE draws them (2-D data: scatter plot; [C,H,W] images, C = 1 or 3, in [-1, 1]: a grid)."})
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

    @Option(names = "--onnx", paramLabel = "FILE",
            description = "With --scheduler-config: sample this ONNX network (prediction from the config).")
    private Path onnx;

    @Option(names = "--onnx-time", paramLabel = "CONV", defaultValue = "index",
            description = "The --onnx network's time input: t, 1000t, index, sigma or c_noise (default ${DEFAULT-VALUE},"
                    + " as diffusers passes timesteps to UNets).")
    private String onnxTime;

    @Option(names = "--onnx-max-batch", paramLabel = "N", defaultValue = "" + OnnxModel.DEFAULT_MAX_BATCH,
            description = "Largest number of rows per --onnx network call (default ${DEFAULT-VALUE}; 1 for a graph that "
                    + "runs one row at a time).")
    private int onnxMaxBatch;

    @Option(names = "--out", paramLabel = "FILE",
            description = "FILE.npy or FILE.csv: write the samples there (JSON still on stdout); any other name: "
                    + "write the JSON result there instead of stdout.")
    private Path out;

    @Option(names = "--png", paramLabel = "FILE", description = "Draw the samples into this PNG.")
    private Path png;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ObjectMapper mapper = new ObjectMapper();
        if ((specFile == null) == (schedulerConfig == null)) {
            return usage(stderr, "give exactly one of --spec FILE and --scheduler-config FILE");
        }
        for (Path f : new Path[] {out, png}) {
            String why = f == null ? null : OutputFiles.whyNotWritable(f);
            if (why != null) {
                return usage(stderr, (f == out ? "--out " : "--png ") + f + " " + why);
            }
        }
        if (out != null && png != null && out.toAbsolutePath().normalize().equals(png.toAbsolutePath().normalize())) {
            return usage(stderr, "--out and --png must name two files, got " + out + " for both");
        }
        if (png != null && !png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            return usage(stderr, "--png must name a .png file, got " + png);
        }
        if (onnx != null && schedulerConfig == null) {
            return usage(stderr, "--onnx goes with --scheduler-config (in a spec, use a model of type onnx)");
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
        try (run) {
            long[] shape = run.network() instanceof OnnxModel m ? m.shape() : new long[] {run.xT().dim()};
            String why = SamplePictures.whyNot(png, shape);
            if (why != null) {
                return usage(stderr, why);
            }
            SampleOutcome outcome = run.run();
            return write(stdout, mapper, outcome.toJson(), outcome.result().x().toArray(), shape,
                    run.solver().name() + ", " + outcome.result().modelCalls() + " model calls");
        } catch (SamplingException e) {
            stderr.println("sampling failed: " + e.getMessage());
            stderr.flush();
            return SamplerKitCli.EXIT_FAILURE;
        }
    }

    /**
     * Writes the JSON result to stdout (or to {@code --out} when that is not a samples file), the samples to an
     * {@code .npy}/{@code .csv} {@code --out}, and the picture to {@code --png}, each atomically; returns 0.
     */
    private int write(PrintWriter stdout, ObjectMapper mapper, JsonNode result, double[][] samples, long[] shape,
            String title) throws IOException {
        String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        String name = out == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".npy")) {
                AtomicFiles.write(out, SampleFiles.npy(samples, shape));
            } else if (name.endsWith(".csv")) {
                AtomicFiles.write(out, SampleFiles.csv(samples));
            }
            if (png != null) {
                AtomicFiles.write(png, SamplePictures.png(title, samples, shape));
            }
            if (out != null && !name.endsWith(".npy") && !name.endsWith(".csv")) {
                AtomicFiles.write(out, (text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                return 0;
            }
        } catch (IOException e) {
            return usage(spec.commandLine().getErr(), "cannot write the output: " + e.getMessage());
        }
        stdout.println(text);
        stdout.flush();
        return 0;
    }

    private int schedulerConfig(PrintWriter stdout, PrintWriter stderr, ObjectMapper mapper) throws IOException {
        SchedulerConfigSample.Outcome result;
        try {
            CliArgs.intIn(spec.commandLine(), "--steps", steps, 1, 100_000);
            CliArgs.intIn(spec.commandLine(), "--dim", dim, 1, 100_000);
            CliArgs.intIn(spec.commandLine(), "--batch", batch, 1, 100_000);
            if (!(dataVariance > 0 && dataVariance < Double.POSITIVE_INFINITY)) {
                return usage(stderr, "--data-variance must be in (0, inf), got " + dataVariance);
            }
            result = new SchedulerConfigSample(schedulerConfig, schedulerClass, solver, steps, imageSeqLen,
                    dataVariance, dim, batch, seed, onnx, onnxTime, onnxMaxBatch).run();
            String why = SamplePictures.whyNot(png, result.shape());
            if (why != null) {
                return usage(stderr, why);
            }
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
        return write(stdout, mapper, result.json(), result.samples(), result.shape(),
                result.json().path("run").asText());
    }

    private static int usage(PrintWriter stderr, String message) {
        stderr.println(message);
        stderr.flush();
        return SamplerKitCli.EXIT_USAGE;
    }
}
