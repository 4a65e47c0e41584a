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
    void aMissingSpecOptionIsAUsageError() {
        CliRun r = CliRun.of("sample");
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("--spec FILE", "--scheduler-config FILE");
    }
}
