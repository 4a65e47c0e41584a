package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.report.RunManifest;
import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.SuitePlan;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under {@code docs/examples} runs (specs) or loads (suites); {@code sample-ddim.json} runs as the
 * README says, and its error is DDIM's first order; the committed report manifest loads.
 */
class ExampleSpecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The repository root, from the reference folder surefire points at. */
    static Path repositoryRoot() {
        return Paths.get(System.getProperty("samplerkit.repository.root")).toAbsolutePath().normalize();
    }

    static Path example() {
        return repositoryRoot().resolve("docs/examples/sample-ddim.json");
    }

    @Test
    void theExampleRunsFromTheCommandLine() throws Exception {
        CliRun r = CliRun.of("sample", "--spec", example().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = MAPPER.readTree(r.out());
        assertThat(out.path("solver").asText()).isEqualTo("ddim");
        assertThat(out.path("nfe").asInt()).isEqualTo(50);
        assertThat(out.path("samples").size()).isEqualTo(4);
        // 0.062 with the portable normal generator (x_T draws of seed 42); first order at 50 steps
        assertThat(out.path("exact").path("maxAbsError").asDouble()).isBetween(1e-3, 0.2);
        assertThat(out.path("exactLaw").path("frechetToMarginal").asDouble()).isBetween(1e-3, 0.1);
    }

    static Stream<Path> examples(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(repositoryRoot().resolve("docs/examples"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList().stream();
        }
    }

    static Stream<Path> sampleExamples() throws IOException {
        return examples("sample-");
    }

    static Stream<Path> suiteExamples() throws IOException {
        return examples("suite-");
    }

    @ParameterizedTest
    @MethodSource("sampleExamples")
    void everyExampleSpecRuns(Path example) throws Exception {
        CliRun r = CliRun.of("sample", "--spec", example.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = MAPPER.readTree(r.out());
        assertThat(out.path("samples").size()).isPositive();
        assertThat(out.path("exact").path("maxAbsError").asDouble()).isBetween(0.0, 0.1);
    }

    @ParameterizedTest
    @MethodSource("suiteExamples")
    void everyExampleSuiteLoadsAndRoundTrips(Path example) {
        Suite s = Suites.read(example);
        assertThat(Suites.parse(Suites.toJson(s))).isEqualTo(s);
        assertThat(SuitePlan.enumerate(s, SolverRegistry.standard())).isNotEmpty();
    }

    @Test
    void theCommittedReportManifestLoads() {
        RunManifest m = RunManifest.read(repositoryRoot().resolve("docs/report/manifest.json"));
        assertThat(m.suite().name()).isEqualTo("standard");
        assertThat(m.suite().problems()).hasSameSizeAs(Suites.standard().problems());
        assertThat(m.suite().problems().get(0).model()).isEqualTo(Suites.standard().problems().get(0).model());
    }

    @Test
    void doublingTheStepsHalvesTheError() throws Exception {
        ObjectNode spec = (ObjectNode) MAPPER.readTree(example().toFile());
        double e50 = SampleSpec.parse(spec.toString(), SolverRegistry.standard()).run().maxAbsError();
        ((ObjectNode) spec.get("grid")).put("steps", 100);
        double e100 = SampleSpec.parse(spec.toString(), SolverRegistry.standard()).run().maxAbsError();
        assertThat(e50 / e100).isBetween(1.8, 2.2);
    }
}
