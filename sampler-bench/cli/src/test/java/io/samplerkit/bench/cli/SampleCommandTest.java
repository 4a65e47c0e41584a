package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path write(String json) throws IOException {
        Path p = tmp.resolve("spec.json");
        Files.writeString(p, json);
        return p;
    }

    private static final String SPEC = "{\"schedule\": {\"type\": \"edm\"},"
            + "\"model\": {\"type\": \"gaussian\", \"mean\": [1.0], \"variances\": [0.5]},"
            + "\"prediction\": \"data\", \"solver\": {\"name\": \"euler\"},"
            + "\"grid\": {\"type\": \"explicit\", \"times\": [80, 10, 1, 0.1], \"zeroNoiseEnd\": true},"
            + "\"batch\": 2}";

    @Test
    void aSpecRunPrintsJson() throws IOException {
        CliRun r = CliRun.of("sample", "--spec", write(SPEC).toString());
        assertThat(r.exit()).isZero();
        JsonNode out = MAPPER.readTree(r.out());
        assertThat(out.path("solver").asText()).isEqualTo("euler");
        assertThat(out.path("nfe").asInt()).isEqualTo(4);
        assertThat(out.path("times").get(4).isNull()).isTrue();
        assertThat(out.path("exact").path("end").path("sigma").asDouble()).isZero();
    }

    @Test
    void outWritesTheResultToAFile() throws IOException {
        Path out = tmp.resolve("out.json");
        CliRun r = CliRun.of("sample", "--spec", write(SPEC).toString(), "--out", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(MAPPER.readTree(out.toFile()).path("samples").size()).isEqualTo(2);
    }

    @Test
    void aBadSpecNamesTheFieldAndExitsWith2() throws IOException {
        String bad = SPEC.replace("{\"name\": \"euler\"}", "{\"name\": \"ddim\", \"options\": {\"eta\": 5}}");
        CliRun r = CliRun.of("sample", "--spec", write(bad).toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("solver.options.eta must be a number in [0, 1], got 5");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void invalidJsonExitsWith2() throws IOException {
        CliRun r = CliRun.of("sample", "--spec", write("{\"schedule\": ").toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("invalid spec ").contains("well-formed JSON").doesNotContain("\tat ");
    }

    @Test
    void anUnwritableOutIsRefusedBeforeTheSpecIsEvenRead() throws IOException {
        // the spec is broken too: the message names --out, so nothing was read, let alone computed
        Path broken = write("{\"schedule\": ");
        for (String out : new String[] {tmp.resolve("no-such-folder").resolve("out.json").toString(), tmp.toString(),
            "/proc/samplerkit-out.json", "/dev/null", ""}) {
            CliRun r = CliRun.of("sample", "--spec", broken.toString(), "--out", out);
            assertThat(r.exit()).as(out).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.out()).as(out).isEmpty();
            assertThat(r.err()).as(out).startsWith("--out ").doesNotContain("\tat ").doesNotContain("invalid spec");
            assertThat(r.err().strip()).as(out).doesNotContain("\n");
        }
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no probe or temporary file left")
                    .containsExactly("spec.json");
        }
    }

    @Test
    void anExplicitNullIsRefusedRatherThanTakenAsTheDefault() throws IOException {
        CliRun r = CliRun.of("sample", "--spec", write(SPEC.replace("\"batch\": 2", "\"batch\": 2, \"seed\": null")).toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("seed must be a value (omit an optional field to get its default), got null");
    }

    @Test
    void aNumberBeyondTheMagnitudeGuardIsASpecErrorNotAModelFailure() throws IOException {
        // a mean of -1e308 used to stop the run at its first model call ("model returned -1.7e301", exit 1)
        CliRun r = CliRun.of("sample", "--spec", write(SPEC.replace("[1.0]", "[-1.0E308]")).toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("invalid spec ").contains("model.mean[0] must be a number of magnitude at most 1.0E150");
    }

    @Test
    void aMissingSpecOptionIsAUsageError() {
        CliRun r = CliRun.of("sample");
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--spec FILE", "--scheduler-config FILE");
    }
}
