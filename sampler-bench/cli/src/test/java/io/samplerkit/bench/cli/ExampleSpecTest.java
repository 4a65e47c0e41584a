package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** {@code docs/examples/sample-ddim.json} runs as the README says, and its error is DDIM's first order. */
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
        assertThat(out.path("exact").path("maxAbsError").asDouble()).isBetween(1e-3, 0.1);
    }

    @Test
    void doublingTheStepsHalvesTheError() throws Exception {
        ObjectNode spec = (ObjectNode) MAPPER.readTree(example().toFile());
        double e50 = SampleSpec.parse(spec, SolverRegistry.standard()).run().maxAbsError();
        ((ObjectNode) spec.get("grid")).put("steps", 100);
        double e100 = SampleSpec.parse(spec, SolverRegistry.standard()).run().maxAbsError();
        assertThat(e50 / e100).isBetween(1.8, 2.2);
    }
}
