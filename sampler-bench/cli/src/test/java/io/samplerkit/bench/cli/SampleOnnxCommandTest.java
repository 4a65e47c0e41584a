package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.onnx.TimeConvention;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.diffusers.DiffusersPipeline;
import io.samplerkit.solvers.diffusers.SchedulerClass;
import io.samplerkit.solvers.diffusers.SchedulerConfig;
import io.samplerkit.solvers.diffusers.SetTimesteps;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samplerkit sample} on the shipped networks: specs with {@code "type": "onnx"} (file relative to the spec),
 * {@code --out .npy/.csv}, {@code --png}, {@code --scheduler-config ... --onnx}, and the errors of bad network specs.
 */
class SampleOnnxCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path models() {
        return Path.of(System.getProperty("samplerkit.models.dir"));
    }

    /** The shipped spec with its batch replaced, written beside the shipped networks' copy in tmp. */
    private Path spec(String name, int batch) throws IOException {
        String text = Files.readString(models().resolve(name)).replaceAll("\"batch\": \\d+", "\"batch\": " + batch);
        for (String f : List.of("digits-ddpm.onnx", "ring8-flow.onnx")) {
            if (!Files.exists(tmp.resolve(f))) {
                Files.copy(models().resolve(f), tmp.resolve(f));
            }
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void digitsSpecWritesNpyAndAnImageGrid() throws IOException {
        Path npy = tmp.resolve("d.npy");
        Path png = tmp.resolve("d.png");
        CliRun r = CliRun.of("sample", "--spec", spec("digits-ddpm.json", 9).toString(), "--out", npy.toString(),
                "--png", png.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode o = MAPPER.readTree(r.out());
        assertThat(o.path("nfe").asInt()).isEqualTo(21);
        assertThat(o.path("samples").size()).isEqualTo(9);

        byte[] b = Files.readAllBytes(npy);
        assertThat(Arrays.copyOf(b, 6)).containsExactly((byte) 0x93, 'N', 'U', 'M', 'P', 'Y');
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isEqualTo((byte) 0);
        int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat((10 + headerLen) % 64).isZero();
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (9, 1, 8, 8), }")
                .endsWith("\n");
        assertThat(b.length).isEqualTo(10 + headerLen + 8 * 9 * 64);
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, 8 * 9 * 64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 9 * 64; i++) {
            double v = data.getDouble();
            assertThat(v).isEqualTo(o.path("samples").get(i / 64).get(i % 64).asDouble());
        }

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(3 * 8 * 6);
        assertThat(image.getHeight()).isGreaterThan(3 * 8 * 6);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void ringSpecWritesCsvAndAScatterPlot() throws IOException {
        Path csv = tmp.resolve("r.csv");
        Path png = tmp.resolve("r.png");
        CliRun r = CliRun.of("sample", "--spec", spec("ring8-flow.json", 50).toString(), "--out", csv.toString(),
                "--png", png.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(50);
        double meanRadius = 0;
        for (String line : lines) {
            String[] v = line.split(",");
            assertThat(v).hasSize(2);
            meanRadius += Math.hypot(Double.parseDouble(v[0]), Double.parseDouble(v[1])) / lines.size();
        }
        // the data lie on a circle of radius 2 (std 0.2 per mode)
        assertThat(meanRadius).isBetween(1.8, 2.2);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isPositive();
        if (Files.getFileStore(csv).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void aMissingNetworkFileExitsWithUsage() throws IOException {
        Path s = tmp.resolve("s.json");
        Files.writeString(s, Files.readString(models().resolve("ring8-flow.json")).replace("ring8-flow.onnx",
                "nowhere.onnx"));
        Path png = tmp.resolve("never.png");
        CliRun r = CliRun.of("sample", "--spec", s.toString(), "--png", png.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("model.file", tmp.resolve("nowhere.onnx").toString(), "no such file");
        assertThat(png).doesNotExist();
    }

    @Test
    void aWrongTensorNameNamesFileTensorExpectedAndFound() throws IOException {
        Path s = spec("ring8-flow.json", 1);
        Files.writeString(s, Files.readString(s).replace("\"time\": \"t\"", "\"time\": \"t\", \"input\": \"pixels\""));
        CliRun r = CliRun.of("sample", "--spec", s.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("model.input", "ring8-flow.onnx", "'pixels'");
    }

    @Test
    void badKeysAndDisagreementsAreUsageErrors() throws IOException {
        Path s = spec("digits-ddpm.json", 1);
        String text = Files.readString(s);
        for (String[] c : new String[][] {
            {"\"time\": \"index\"", "\"time\": \"days\"", "model.time"},
            {"\"time\": \"index\"", "\"time\": \"index\", \"inputScaling\": \"big\"", "model.inputScaling"},
            {"\"time\": \"index\"", "\"time\": \"index\", \"path\": \"x\"", "model.path"},
            {"\"shape\": [1, 8, 8]", "\"shape\": [1, 8, 9]", "model.shape"},
            {"\"seed\": 0", "\"seed\": 0, \"prediction\": \"data\"", "prediction"}}) {
            Path bad = tmp.resolve("bad.json");
            Files.writeString(bad, text.replace(c[0], c[1]));
            CliRun r = CliRun.of("sample", "--spec", bad.toString());
            assertThat(r.exit()).as(c[1] + ": " + r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(c[1]).contains(c[2]);
        }
    }

    @Test
    void pngOfDataThatIsNeitherPointsNorImagesIsRefusedBeforeRunning() throws IOException {
        Path s = tmp.resolve("g.json");
        Files.writeString(s, "{\"schedule\": {\"type\": \"vp-linear\"}, \"model\": {\"type\": \"gaussian\", "
                + "\"mean\": [0, 0, 0], \"variances\": [1, 1, 1]}, \"solver\": {\"name\": \"ddim\"}, "
                + "\"grid\": {\"type\": \"logsnr\", \"steps\": 5}}");
        CliRun r = CliRun.of("sample", "--spec", s.toString(), "--png", tmp.resolve("g.png").toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--png", "[3]");
    }

    /**
     * The shipped config, unchanged (DDPMScheduler with clip_sample), runs the network with its own stochastic update and
     * with two registry solvers swapped in on its grid; each run's samples are bit-identical to the Java pipeline's
     * from the same latents (seed, stream {@code SampleSpec.X_T_STREAM}), whose sample quality
     * {@code DigitsSchedulerConfigTest} (sampler-onnx) measures.
     */
    @Test
    void schedulerConfigRunsTheNetworkWithItsSchedulerAndTwoSwaps() throws Exception {
        Path configFile = models().resolve("scheduler_config.json");
        String onnx = models().resolve("digits-ddpm.onnx").toString();
        for (String solver : new String[] {null, "dpmpp-2m", "unipc-bh2"}) {
            Path npy = tmp.resolve("s.npy");
            List<String> args = new java.util.ArrayList<>(List.of("sample", "--scheduler-config", configFile.toString(),
                    "--onnx", onnx, "--steps", "10", "--batch", "4", "--seed", "3", "--out", npy.toString()));
            if (solver != null) {
                args.addAll(List.of("--solver", solver));
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exit()).as(solver + r.err()).isZero();
            JsonNode o = MAPPER.readTree(r.out());
            assertThat(o.path("scheduler_class").asText()).isEqualTo("DDPMScheduler");
            assertThat(o.path("run").asText()).contains(solver == null ? "ddpm {variance=fixed-small, clip-sample=1.0}"
                    : "-> " + solver);
            assertThat(o.path("warnings").toString()).contains(solver == null ? "[]" : "clip_sample=true");
            assertThat(o.path("data").asText()).contains("digits-ddpm.onnx");
            assertThat(o.path("samples").size()).isEqualTo(4);
            String header = new String(Files.readAllBytes(npy), 10, 70, StandardCharsets.US_ASCII);
            assertThat(header).contains("'shape': (4, 1, 8, 8)");
            DiffusersPipeline pipeline = DiffusersPipeline.of(SchedulerConfig.read(configFile), SetTimesteps.of(10));
            if (solver != null) {
                pipeline = pipeline.withSolver(SolverRegistry.standard().create(solver), solver);
            }
            Batch xT = Batch.zeros(4, 64);
            new SeededNoise(3).standardNormal(SampleSpec.X_T_STREAM, xT);
            double[][] java;
            try (OnnxModel network = OnnxModel.builder(Path.of(onnx)).schedule(pipeline.schedule())
                    .prediction(pipeline.prediction()).time(TimeConvention.INDEX).networkTime(pipeline::timestepOf)
                    .build()) {
                java = pipeline.sample(network, xT, 3).x().toArray();
            }
            for (int i = 0; i < 4; i++) {
                double[] cli = new double[64];
                for (int j = 0; j < 64; j++) {
                    cli[j] = o.path("samples").get(i).get(j).asDouble();
                }
                assertThat(cli).as("sample %d of %s", i, solver).containsExactly(java[i]);
            }
        }
    }

    /**
     * The network takes diffusers' timestep at each step, also where it is not the continuous index of the step's
     * noise level: Euler's 25 linspace timesteps (the digits config with linspace spacing) are 41.625 apart, and the sigma diffusers interpolates there sits at
     * a slightly different index on the table (up to 0.0024; NetworkTimestepTest).
     */
    @Test
    void schedulerConfigFeedsTheNetworkDiffusersFractionalTimesteps() throws Exception {
        // the shipped digits config with linspace spacing
        ObjectNode digits = (ObjectNode)
                MAPPER.readTree(models().resolve("scheduler_config.json").toFile());
        digits.put("timestep_spacing", "linspace");
        Path configFile = tmp.resolve("linspace_config.json");
        MAPPER.writeValue(configFile.toFile(), digits);
        String onnx = models().resolve("digits-ddpm.onnx").toString();
        CliRun r = CliRun.of("sample", "--scheduler-config", configFile.toString(), "--scheduler-class",
                "EulerDiscreteScheduler", "--onnx", onnx, "--steps", "25", "--batch", "2", "--seed", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode o = MAPPER.readTree(r.out());
        assertThat(o.path("timesteps").get(1).asDouble()).isEqualTo(957.375);
        DiffusersPipeline pipeline = DiffusersPipeline.of(SchedulerConfig.read(configFile)
                .as(SchedulerClass.EULER, Map.of()), SetTimesteps.of(25));
        Batch xT = Batch.zeros(2, 64);
        new SeededNoise(5).standardNormal(SampleSpec.X_T_STREAM, xT);
        Batch start = xT.copy();
        for (int i = 0; i < start.data().length; i++) {
            start.data()[i] *= pipeline.initNoiseSigma();
        }
        double[][] diffusersTime;
        double[][] continuousIndex;
        try (OnnxModel network = OnnxModel.builder(Path.of(onnx)).schedule(pipeline.schedule())
                .prediction(pipeline.prediction()).time(TimeConvention.INDEX).networkTime(pipeline::timestepOf)
                .build()) {
            diffusersTime = pipeline.sample(network, start, 5).x().toArray();
        }
        try (OnnxModel network = OnnxModel.builder(Path.of(onnx)).schedule(pipeline.schedule())
                .prediction(pipeline.prediction()).time(TimeConvention.INDEX).build()) {
            continuousIndex = pipeline.sample(network, start, 5).x().toArray();
        }
        for (int i = 0; i < 2; i++) {
            double[] cli = new double[64];
            for (int j = 0; j < 64; j++) {
                cli[j] = o.path("samples").get(i).get(j).asDouble();
            }
            assertThat(cli).as("sample %d", i).containsExactly(diffusersTime[i]);
            assertThat(cli).as("sample %d with the continuous index", i).isNotEqualTo(continuousIndex[i]);
        }
    }
}
