package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.bench.conform.ConformanceRunner;
import io.samplerkit.bench.conform.CaseResult;
import io.samplerkit.bench.conform.CaseStatus;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.bench.spec.InputLimits;
import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per finding of the strict-input review: each bad input below was accepted, misread or crashed
 * before; now each is refused with exit code 2, one short line naming the JSON path, and no stack trace.
 */
class StrictInputTest {

    private static final String SCHEDULE = "\"schedule\": {\"type\": \"vp-linear\"}";
    private static final String MODEL = "\"model\": {\"type\": \"gaussian\", \"mean\": [0.5, -1], \"variances\": [0.25, 4]}";
    private static final String SOLVER = "\"solver\": {\"name\": \"ddim\", \"options\": {\"eta\": 0}}";
    private static final String GRID = "\"grid\": {\"type\": \"logsnr\", \"steps\": 10}";

    @TempDir
    Path tmp;

    private static String spec(String... parts) {
        return "{" + String.join(", ", parts) + "}";
    }

    private CliRun sample(String json) throws IOException {
        Path f = tmp.resolve("spec.json");
        Files.writeString(f, json);
        return CliRun.of("sample", "--spec", f.toString());
    }

    /** Exit 2, nothing on stdout, one short line on stderr naming {@code path}, no stack trace. */
    private static void refused(CliRun r, String path) {
        assertThat(r.exit()).as(r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().length()).isLessThan(500);
        assertThat(r.err()).contains(": " + path + " must be ");
    }

    @Test
    void theValidSpecRuns() throws IOException {
        assertThat(sample(spec(SCHEDULE, MODEL, SOLVER, GRID)).exit()).isZero();
    }

    @Test
    void aDuplicateKeyIsRefusedInsteadOfTheLastOneWinning() throws IOException {
        refused(sample(spec(SCHEDULE, MODEL, "\"solver\": {\"name\": \"ddim\", \"options\": {\"eta\": 5.0, \"eta\": 0.0}}",
                GRID)), "solver.options.eta");
    }

    @Test
    void aSecondSolverIsRefusedInsteadOfReplacingTheFirst() throws IOException {
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, "\"solver\": {\"name\": \"euler\"}", GRID)), "solver");
    }

    @Test
    void contentAfterTheSpecIsRefused() throws IOException {
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, GRID) + "{\"seed\": 1}"), "input");
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, GRID) + " 7"), "input");
    }

    @Test
    void nonFiniteNumbersAreInputErrorsNotFailedRuns() throws IOException {
        refused(sample(spec(SCHEDULE, "\"model\": {\"type\": \"gaussian\", \"mean\": [-1e400, 0], \"variances\": [1, 1]}",
                SOLVER, GRID)), "model.mean[0]");
        refused(sample(spec(SCHEDULE, "\"model\": {\"type\": \"gaussian\", \"mean\": [NaN, 0], \"variances\": [1, 1]}",
                SOLVER, GRID)), "model.mean[0]");
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, "\"grid\": {\"type\": \"logsnr\", \"steps\": 10, \"tEnd\": Infinity}")),
                "grid.tEnd");
        refused(sample(spec(SCHEDULE, "\"model\": {\"type\": \"gaussian-mixture\", \"weights\": [1e308, 1e308],"
                + " \"components\": [{\"mean\": [0], \"variances\": [1]}, {\"mean\": [1], \"variances\": [1]}]}",
                SOLVER, GRID)), "model.weights[0]"); // beyond InputLimits.MAX_MAGNITUDE, before the sum check
    }

    @Test
    void mixtureWeightsMustSumToOne() throws IOException {
        for (String w : new String[] {"[0.6]", "[2]", "[0.3, 0.3]"}) {
            int k = w.split(",").length;
            String comps = "{\"mean\": [0], \"variances\": [1]}" + ", {\"mean\": [1], \"variances\": [1]}".repeat(k - 1);
            refused(sample(spec(SCHEDULE, "\"model\": {\"type\": \"gaussian-mixture\", \"weights\": " + w
                    + ", \"components\": [" + comps + "]}", SOLVER, GRID)), "model.weights");
        }
        assertThat(sample(spec(SCHEDULE, "\"model\": {\"type\": \"gaussian-mixture\", \"weights\": [0.1, 0.2, 0.7],"
                + " \"components\": [{\"mean\": [0], \"variances\": [1]}, {\"mean\": [1], \"variances\": [1]},"
                + " {\"mean\": [2], \"variances\": [1]}]}", SOLVER, GRID)).exit()).isZero();
    }

    @Test
    void explicitTimesOutsideTheScheduleOrNegativeAreRefused() throws IOException {
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, "\"grid\": {\"type\": \"explicit\", \"times\": [1, 0.5, 0.1, -0.2]}")),
                "grid.times[3]");
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, "\"grid\": {\"type\": \"explicit\", \"times\": [30, 0.5, 0.1]}")),
                "grid.times[0]");
    }

    @Test
    void gridTimesOutsideTheScheduleAreRefused() throws IOException {
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, "\"grid\": {\"type\": \"logsnr\", \"steps\": 10, \"tStart\": 5}")),
                "grid.tStart");
        refused(sample(spec("\"schedule\": {\"type\": \"edm\"}", MODEL, SOLVER,
                "\"grid\": {\"type\": \"karras\", \"steps\": 10, \"tEnd\": 0.0001}")), "grid.tEnd");
    }

    @Test
    void aHugeBatchIsRefusedByTheDocumentedLimit() throws IOException {
        refused(sample(spec(SCHEDULE, MODEL, SOLVER, GRID, "\"batch\": 1000000")), "batch");
        assertThat(InputLimits.MAX_BATCH).isEqualTo(10_000);
    }

    @Test
    void anEndlessInputIsRefusedWithoutReadingItAll() {
        Path zero = Paths.get("/dev/zero");
        if (Files.isReadable(zero)) {
            refused(CliRun.of("sample", "--spec", zero.toString()), "input");
        }
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws IOException {
        Path big = tmp.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(InputLimits.MAX_INPUT_BYTES + 1L);
        }
        CliRun r = CliRun.of("sample", "--spec", big.toString());
        refused(r, "input");
        assertThat(r.err()).contains("at most " + InputLimits.MAX_INPUT_BYTES + " bytes");
    }

    @Test
    void aHugeValueIsCappedInTheMessage() throws IOException {
        String huge = "[" + "1.0, ".repeat(1_000_000) + "1.0]";
        CliRun r = sample(spec(SCHEDULE, MODEL, SOLVER, GRID, "\"seed\": " + huge));
        refused(r, "seed");
        assertThat(r.err().length()).isLessThan(300);
    }

    @Test
    void suitesRejectUnknownFieldsAndUseTheRunSpecNames() {
        String suite = Suites.toJson(Suites.quick());
        assertThatThrownBy(() -> Suites.parse(suite.replaceFirst("\"nfe\"", "\"colour\": 1, \"nfe\"")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("colour"));
        assertThat(Suites.parse(suite.replace("{\n    \"type\" : \"logsnr\"\n  }", "{\"type\": \"uniform-time\"}")).grids()
                .get(0).label()).isEqualTo("uniform-time");
        assertThatThrownBy(() -> Suites.parse(suite.replace("\"logsnr\"", "\"uniform-t\"")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("grids[0].type"));
        assertThatThrownBy(() -> Suites.parse(suite.replace("\"tEnd\" : 0.001", "\"tEnd\" : -0.5")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("problems[0].tEnd"));
    }

    @Test
    void aBadSuiteFileExitsWith2() throws IOException {
        Path f = tmp.resolve("suite.json");
        Files.writeString(f, Suites.toJson(Suites.quick()).replace("\"batches\" : 2", "\"batches\" : 2, \"batches\" : 3"));
        CliRun r = CliRun.of("report", "--suite", f.toString(), "--out", tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("batches").contains("duplicate").doesNotContain("\tat ").doesNotContain("Usage");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void referenceCasesAreReadStrictly() throws IOException {
        Path dir = Paths.get(System.getProperty("samplerkit.reference.dir")).resolve("cases/k-diffusion");
        Path any;
        try (var files = Files.list(dir)) {
            any = files.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        String text = Files.readString(any);
        Path dup = tmp.resolve("dup.json");
        Files.writeString(dup, text.replaceFirst("\\{", "{\"id\": \"x\", "));
        CaseResult r = new ConformanceRunner().run(dup);
        assertThat(r.status()).isEqualTo(CaseStatus.UNREADABLE);
        assertThat(r.reason()).contains("duplicate");
    }
}
