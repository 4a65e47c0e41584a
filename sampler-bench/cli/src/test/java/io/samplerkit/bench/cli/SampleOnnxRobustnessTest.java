package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.spec.SampleRun;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.core.state.Batch;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samplerkit sample} on networks other than the shipped ones and on malformed network files: the small graphs
 * of sampler-onnx's robustness tests ({@code sampler-onnx/src/test/resources/robustness}, each computing
 * {@code 0.5 x + tau (+ label)} unless broken on purpose). A run either succeeds, exits with code 2 naming the spec
 * key, or stops with code 1 naming the step and the time; a failed run leaves no output file behind.
 */
class SampleOnnxRobustnessTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path graph(String name) {
        return Path.of(System.getProperty("samplerkit.repository.root"), "sampler-onnx", "src", "test", "resources",
                "robustness", name);
    }

    /** A DDIM spec of 10 uniform steps over the VP-linear schedule on {@code file} (copied beside the spec). */
    private Path spec(String file, String modelExtra) throws IOException {
        if (Files.isRegularFile(graph(file))) {
            Files.copy(graph(file), tmp.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path s = tmp.resolve("spec.json");
        Files.writeString(s, "{\"schedule\": {\"type\": \"vp-linear\"}, \"model\": {\"type\": \"onnx\", \"file\": \""
                + file + "\", \"prediction\": \"noise\"" + modelExtra + "}, \"solver\": {\"name\": \"ddim\"}, "
                + "\"grid\": {\"type\": \"uniform-time\", \"steps\": 10, \"tStart\": 1.0, \"tEnd\": 0.001}, "
                + "\"seed\": 0, \"batch\": 4}");
        return s;
    }

    /** The temporary folder holds the inputs (spec, networks) and nothing else: no output, no temporary file. */
    private void onlyInputsLeft() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".json")
                    || n.endsWith(".onnx"));
        }
    }

    @Test
    void anImageNetworkOfThreeChannelsFiveBySevenWritesNpyAndAGrid() throws IOException {
        Path npy = tmp.resolve("s.npy");
        Path png = tmp.resolve("s.png");
        CliRun r = CliRun.of("sample", "--spec", spec("image-3x5x7.onnx", "").toString(), "--out", npy.toString(),
                "--png", png.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(MAPPER.readTree(r.out()).path("samples").get(0).size()).isEqualTo(105);
        assertThat(new String(Files.readAllBytes(npy), 10, 70, StandardCharsets.US_ASCII))
                .contains("'shape': (4, 3, 5, 7)");
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isPositive();
    }

    @Test
    void aNetworkReturningNanOrInfinityStopsWithStepAndTimeAndWritesNothing() throws IOException {
        for (String file : new String[] {"nan-below-0.3.onnx", "inf-below-0.3.onnx"}) {
            Path s = spec(file, "");
            CliRun r = CliRun.of("sample", "--spec", s.toString(), "--out", tmp.resolve("s.npy").toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
            // uniform grid 1.0 -> 0.001 in 10 steps: step 8 at t = 0.2008 is the first below the graph's 0.3
            assertThat(r.err()).contains("NON_FINITE_MODEL_OUTPUT", "at step 8, t=0.2008");
            onlyInputsLeft();
        }
    }

    @Test
    void malformedNetworkFilesAreRefusedNamingModelFile() throws IOException {
        Files.createDirectory(tmp.resolve("folder.onnx"));
        for (String file : new String[] {"empty.onnx", "truncated.onnx", "text.onnx", "folder.onnx", "sub/none.onnx"}) {
            CliRun r = CliRun.of("sample", "--spec", spec(file, "").toString(), "--png", tmp.resolve("s.png").toString());
            assertThat(r.exit()).as(file + ": " + r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(file).contains("model.file", tmp.resolve(file).toString());
            assertThat(tmp.resolve("s.png")).doesNotExist();
        }
    }

    @Test
    void aFileFieldThatIsNoPathOrBlankIsAUsageError() throws IOException {
        CliRun nul = CliRun.of("sample", "--spec", spec("a\\u0000b.onnx", "").toString());
        assertThat(nul.exit()).as(nul.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(nul.err()).contains("model.file", "a file path");
        CliRun blank = CliRun.of("sample", "--spec", spec(" ", "").toString());
        assertThat(blank.exit()).as(blank.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(blank.err()).contains("model.file", "the path of an .onnx file", "nothing");
    }

    @Test
    void aNumberOrBooleanForATextFieldIsRefusedRatherThanTurnedIntoText() throws IOException {
        for (String[] c : new String[][] {{", \"input\": 5", "model.input"}, {", \"time\": 1000", "model.time"},
            {", \"output\": true", "model.output"}}) {
            CliRun r = CliRun.of("sample", "--spec", spec("image-3x5x7.onnx", c[0]).toString());
            assertThat(r.exit()).as(c[0] + ": " + r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(c[0]).contains(c[1] + " must be a string");
        }
    }

    @Test
    void anIntegerTimeInputUnderConventionTIsRefused() throws IOException {
        CliRun r = CliRun.of("sample", "--spec", spec("vector-3-int64-time.onnx", "").toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("model.timeInput", "int64[1]");
    }

    @Test
    void aClassLabelIsGivenAsAnExtraInput() throws IOException {
        Path s = spec("vector-3-label.onnx", ", \"extraInputs\": {\"label\": [2]}");
        try (SampleRun run = SampleSpec.read(s, SolverRegistry.standard())) {
            OnnxModel m = (OnnxModel) run.network();
            Batch x = Batch.of(new double[][] {{1, -2, 4}});
            Batch out = Batch.zeros(1, 3);
            m.evaluate(x, 0.25, out);
            assertThat(out.data()).containsExactly(0.5 + 0.25 + 2, -1 + 0.25 + 2, 2 + 0.25 + 2);
        }
        assertThat(CliRun.of("sample", "--spec", s.toString()).exit()).isZero();
        for (String[] c : new String[][] {
            {"", "model.extraInputs.label", "no value"},
            {", \"extraInputs\": {\"label\": [2, 3]}", "model.extraInputs.label", "2 values"},
            {", \"extraInputs\": {\"label\": [2.5]}", "model.extraInputs.label", "integer values"},
            {", \"extraInputs\": {\"label\": [2], \"class\": [1]}", "model.extraInputs.class", "no such input"},
            {", \"extraInputs\": {\"label\": []}", "model.extraInputs.label", "an array of numbers"},
            {", \"extraInputs\": {\"label\": \"two\"}", "model.extraInputs.label", "two"}}) {
            CliRun r = CliRun.of("sample", "--spec", spec("vector-3-label.onnx", c[0]).toString());
            assertThat(r.exit()).as(c[0] + ": " + r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(c[0]).contains(c[1], c[2]);
        }
    }

    @Test
    void outAndPngNamingOneFileAreRefusedBeforeRunning() throws IOException {
        Path same = tmp.resolve("s.png");
        CliRun r = CliRun.of("sample", "--spec", spec("image-3x5x7.onnx", "").toString(), "--out", same.toString(),
                "--png", tmp.resolve(".").resolve("s.png").toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--out", "--png");
        assertThat(same).doesNotExist();
    }

    @Test
    void outputsIntoAMissingFolderOrAFileOrOntoAFolderAreRefusedAndAnExistingFileIsReplacedWhole() throws IOException {
        Path s = spec("image-3x5x7.onnx", "");
        Files.createDirectory(tmp.resolve("folder.npy"));
        Files.writeString(tmp.resolve("plain"), "a file where a folder is expected");
        for (String[] c : new String[][] {{"--out", tmp.resolve("missing").resolve("s.npy").toString(), "does not exist"},
            {"--png", tmp.resolve("missing").resolve("s.png").toString(), "does not exist"},
            {"--out", tmp.resolve("folder.npy").toString(), "is a folder"},
            {"--out", tmp.resolve("plain").resolve("s.npy").toString(), "is a file, not a folder"}}) {
            CliRun r = CliRun.of("sample", "--spec", s.toString(), c[0], c[1]);
            assertThat(r.exit()).as(c[1]).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(c[1]).contains(c[0], c[2]);
        }
        Path old = tmp.resolve("old.csv");
        Files.writeString(old, "a much longer line than the samples' CSV will be".repeat(200));
        assertThat(CliRun.of("sample", "--spec", s.toString(), "--out", old.toString()).exit()).isZero();
        assertThat(Files.readAllLines(old)).hasSize(4).allMatch(line -> line.split(",").length == 105);
    }

    @Test
    void anOutputThatIsASymbolicLinkIsWrittenThroughAndALinkLoopIsRefused() throws IOException {
        Path s = spec("image-3x5x7.onnx", "");
        Path real = tmp.resolve("real.csv");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), real.getFileName());
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.csv"), tmp.resolve("made.csv"));
        for (Path out : new Path[] {link, dangling}) {
            CliRun r = CliRun.of("sample", "--spec", s.toString(), "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.isSymbolicLink(out)).as("%s stays a link", out).isTrue();
        }
        assertThat(Files.readAllLines(real)).hasSize(4);
        assertThat(Files.readAllLines(tmp.resolve("made.csv"))).hasSize(4);
        Path loop = Files.createSymbolicLink(tmp.resolve("a.csv"), tmp.resolve("b.csv"));
        Files.createSymbolicLink(tmp.resolve("b.csv"), loop);
        CliRun r = CliRun.of("sample", "--spec", s.toString(), "--out", loop.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--out", "symbolic link");
    }

    @Test
    void aTimeConventionThatIsUnknownOrUnfitForTheScheduleNamesOnnxTime() throws IOException {
        Path models = Path.of(System.getProperty("samplerkit.models.dir"));
        Path flow = tmp.resolve("flow.json");
        Files.writeString(flow, "{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"num_train_timesteps\": 1000}");
        for (String[] c : new String[][] {{"index", "discrete"}, {"1000", "one of [t, 1000t, index, sigma, c_noise]"}}) {
            CliRun r = CliRun.of("sample", "--scheduler-config", flow.toString(), "--onnx",
                    models.resolve("ring8-flow.onnx").toString(), "--steps", "2", "--onnx-time", c[0]);
            assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).contains("--onnx-time must be", c[1]);
        }
    }

    @Test
    void aGraphThatRunsOneRowAtATimeNamesOnnxMaxBatchAndRunsWithIt() {
        Path models = Path.of(System.getProperty("samplerkit.models.dir"));
        String config = models.resolve("scheduler_config.json").toString();
        String graph = graph("reshape-batch1.onnx").toString();
        CliRun r = CliRun.of("sample", "--scheduler-config", config, "--onnx", graph, "--steps", "2", "--batch", "3");
        assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--onnx-max-batch must be 1 for this graph");
        CliRun one = CliRun.of("sample", "--scheduler-config", config, "--onnx", graph, "--steps", "2", "--batch", "3",
                "--onnx-max-batch", "1");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("\"nfe\" : 2");
        CliRun zero = CliRun.of("sample", "--scheduler-config", config, "--onnx", graph, "--steps", "2",
                "--onnx-max-batch", "0");
        assertThat(zero.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(zero.err()).contains("--onnx-max-batch must be an integer in [1, ", "got 0");
    }

    /** A report suite of one problem on the network {@code file} (copied beside it), referenced by DDIM. */
    private Path suite(String file) throws IOException {
        Files.copy(graph(file), tmp.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path suite = tmp.resolve("suite.json");
        Files.writeString(suite, "{\"name\": \"one-net\", \"problems\": [{\"id\": \"net\", \"title\": \"net\", "
                + "\"model\": {\"type\": \"onnx\", \"file\": \"" + file + "\", \"prediction\": \"noise\"}, "
                + "\"schedule\": {\"type\": \"vp-linear\"}, \"prediction\": \"noise\", \"tStart\": 1.0, "
                + "\"tEnd\": 0.001, \"reference\": {\"solver\": {\"name\": \"ddim\"}, \"grid\": {\"type\": "
                + "\"uniform-time\"}, \"steps\": 20, \"tolerance\": 0.5}}], \"solvers\": [{\"name\": \"ddim\"}], "
                + "\"nfe\": [5], \"grids\": [{\"type\": \"uniform-time\"}], \"tolerances\": [], \"batches\": 1, "
                + "\"batchSize\": 4, \"orderMinNfe\": 5, \"errorFloor\": 1e-11}");
        return suite;
    }

    @Test
    void aReportSuiteWhoseNetworkIsNoModelExitsWith2NamingTheProblem() throws IOException {
        CliRun r = CliRun.of("report", "--suite", suite("truncated.onnx").toString(), "--out",
                tmp.resolve("report").toString(), "--threads", "1");
        assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("problems[0].model.file", "truncated.onnx", "Protobuf parsing failed");
        assertThat(tmp.resolve("report")).doesNotExist();
    }

    @Test
    void aReportWhoseNetworkReturnsNanInItsReferenceNamesTheProblemStepAndTime() throws IOException {
        CliRun r = CliRun.of("report", "--suite", suite("nan-below-0.3.onnx").toString(), "--out",
                tmp.resolve("report").toString(), "--threads", "1");
        assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        // uniform grid 1.0 -> 0.001 in 20 steps: step 15 at t = 0.25075 is the first below the graph's 0.3
        assertThat(r.err()).contains("problem 'net'", "reference", "NON_FINITE_MODEL_OUTPUT", "at step 15, t=0.25075");
    }

    @Test
    void theStateLimitOfASchedulerConfigRunCountsTheNetworksDimension() throws IOException {
        // 20 000 rows of the digits network's 64 values: 1.28 million, over the limit of one million
        Path models = Path.of(System.getProperty("samplerkit.models.dir"));
        CliRun r = CliRun.of("sample", "--scheduler-config", models.resolve("scheduler_config.json").toString(),
                "--onnx", models.resolve("digits-ddpm.onnx").toString(), "--steps", "1", "--batch", "20000");
        assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--batch", "20000", "64 values per sample");
        CliRun gaussian = CliRun.of("sample", "--scheduler-config", models.resolve("scheduler_config.json").toString(),
                "--dim", "64", "--steps", "1", "--batch", "20000");
        assertThat(gaussian.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(gaussian.err()).contains("--batch", "64 values per sample");
    }
}
