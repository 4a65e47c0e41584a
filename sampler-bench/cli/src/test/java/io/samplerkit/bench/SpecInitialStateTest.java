package io.samplerkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.spec.SampleRun;
import io.samplerkit.bench.spec.SampleSpec;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A spec's seed gives exactly the x_T of the documented Java call, bit for bit: the README's example and
 * {@code docs/examples/sample-ddim.json} describe the same run and produce the same numbers.
 */
class SpecInitialStateTest {

    private static Path example() {
        return ReadmeExampleTest.repositoryRoot().resolve("docs/examples/sample-ddim.json");
    }

    @Test
    void theSpecStartsFromTheReadmesInitialStateAndEndsAtItsSamples() throws Exception {
        ReadmeExampleTest.Outcome java = ReadmeExampleTest.example();
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = io.samplerkit.bench.cli.SamplerKitCli.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        assertThat(cl.execute("sample", "--spec", example().toString())).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(rows(json.get("xT"))).isDeepEqualTo(java.xT().toArray());
        assertThat(rows(json.get("samples"))).isDeepEqualTo(java.samples().toArray());
    }

    @Test
    void theSeededInitialStateIsTheDocumentedJavaCall() {
        for (long seed : new long[] {0, 42, -7, Long.MAX_VALUE}) {
            String spec = "{\"schedule\": {\"type\": \"edm\"}, \"model\": {\"type\": \"random-gaussian\", \"dim\": 3,"
                    + " \"eigMin\": 0.1, \"eigMax\": 2, \"meanScale\": 1, \"seed\": 1}, \"solver\": {\"name\": \"euler\"},"
                    + " \"grid\": {\"type\": \"karras\", \"steps\": 4, \"tStart\": 50}, \"seed\": " + seed + ", \"batch\": 5}";
            SampleRun run = SampleSpec.parse(spec, SolverRegistry.standard());
            Batch xT = Batch.zeros(5, 3);
            new SeededNoise(seed).standardNormal(SampleSpec.X_T_STREAM, xT);
            Kernels.scale(xT, 50.0, xT);
            assertThat(run.xT().data()).containsExactly(xT.data());
        }
    }

    private static double[][] rows(JsonNode a) {
        double[][] r = new double[a.size()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = new double[a.get(i).size()];
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] = a.get(i).get(j).doubleValue();
            }
        }
        return r;
    }
}
