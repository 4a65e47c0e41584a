package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on a trained network (the shipped {@code models/ring8-flow.onnx}) on a tiny configuration: a computed
 * ground truth whose self-consistency is measured and enforced, RMSE to it, sample quality (energy distance to the
 * exact ring law, modes covered) for every row, and suite errors that name the field.
 */
class NetworkReportTest {

    private static final String QUALITY = """
            {"type": "energy", "data": {"type": "ring-mixture", "modes": 8, "radius": 2.0, "std": 0.2},
             "samples": 200, "seed": 1}""";

    /** The ring network with a given reference, two solvers, NFE 5 and 10, 32 initial states. */
    private static String suite(int referenceSteps, double tolerance) {
        return suite("""
                {"solver": {"name": "rk4"}, "grid": {"type": "uniform-time"}, "steps": %d, "tolerance": %s}"""
                .formatted(referenceSteps, tolerance), QUALITY);
    }

    private static String suite(String reference, String quality) {
        String ring = Suites.modelsDir().resolve("ring8-flow.onnx").toString().replace("\\", "\\\\");
        return """
                {"name": "tiny-networks", "description": "ring network",
                 "problems": [{"id": "ring8-flow", "title": "ring network",
                   "model": {"type": "onnx", "file": "%s", "prediction": "flow", "time": "t", "threads": 1},
                   "schedule": {"type": "flow-matching"}, "prediction": "flow", "tStart": 0.999, "tEnd": 0.001,
                   %s
                   "quality": %s}],
                 "solvers": [{"name": "dpmpp-2m"}, {"name": "euler"}],
                 "nfe": [5, 10], "grids": [{"type": "uniform-time"}], "tolerances": [],
                 "batches": 1, "batchSize": 32, "orderMinNfe": 5, "errorFloor": 1e-12}
                """.formatted(ring, reference == null ? "" : "\"reference\": " + reference + ",", quality);
    }

    @Test
    void measuresErrorsToAConvergedReferenceAndSampleQuality(@TempDir Path tmp) throws Exception {
        Suite s = Suites.parse(suite(512, 1e-3));
        ReportResult r = ReportRunner.run(ReportConfig.of(s).withOutDir(tmp).withThreads(2), Progress.silent());

        assertThat(r.rows()).hasSize(4).allMatch(x -> x.status() == ResultRow.Status.OK);
        ReferenceCheck check = r.manifest().references().get(0);
        assertThat(check.problem()).isEqualTo("ring8-flow");
        assertThat(check.nfe()).isEqualTo(4 * 512);
        // measured 6.7e-5 on 500 rows (rk4, 512 vs 256 uniform-time steps)
        assertThat(check.selfConsistency()).isPositive().isLessThanOrEqualTo(1e-3);
        assertThat(check.coverage()).isBetween(1, 8);
        assertThat(check.baseline()).isPositive();
        for (ResultRow row : r.rows()) {
            // every configuration is far from the converged reference and judged against the exact ring law
            assertThat(row.rmse()).isGreaterThan(10 * check.selfConsistency());
            assertThat(row.quality()).isPositive();
            assertThat(row.coverage()).isBetween(1.0, 8.0);
        }
        String summary = Files.readString(tmp.resolve("summary.md"));
        assertThat(summary).contains("## Ground truth of the networks", "rk4@uniform-time",
                "## Sample quality by target NFE: ring8-flow (energy distance, modes)");
        assertThat(ResultsCsv.read(tmp.resolve("results.csv"))).extracting(ResultRow::quality)
                .containsExactlyElementsOf(r.rows().stream().map(ResultRow::quality).toList());
        assertThat(RunManifest.read(tmp.resolve("manifest.json")).references()).containsExactly(check);
    }

    @Test
    void anUnconvergedReferenceStopsTheReport(@TempDir Path tmp) {
        Suite s = Suites.parse(suite(8, 1e-6));
        assertThatThrownBy(() -> ReportRunner.run(ReportConfig.of(s).withOutDir(tmp).withPlots(false),
                Progress.silent()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("problems[0].reference.steps");
                    assertThat(e.value()).isEqualTo("8");
                    assertThat(e.allowed()).contains("RMSE between rk4@uniform-time at 8 and 4 steps");
                });
        assertThat(tmp.resolve("results.csv")).doesNotExist();
    }

    @Test
    void badNetworkEntriesNameTheField() {
        String good = suite(512, 1e-3);
        assertPath(suite(null, QUALITY), "problems[0].reference");
        assertPath(good.replace("{\"name\": \"rk4\"}", "{\"name\": \"euler-maruyama\"}"),
                "problems[0].reference.solver.name");
        assertPath(good.replace("{\"name\": \"rk4\"}", "{\"name\": \"dopri5\"}"), "problems[0].reference.solver.name");
        assertPath(good.replace("\"steps\": 512", "\"steps\": 511"), "problems[0].reference.steps");
        assertPath(good.replace("\"tolerance\": 0.001", "\"tolerance\": 0"), "problems[0].reference.tolerance");
        assertPath(good.replace("\"samples\": 200", "\"samples\": 1"), "problems[0].quality.samples");
        assertPath(good.replace("\"type\": \"ring-mixture\", \"modes\": 8", "\"type\": \"ring-mixture\", \"modes\": 0"),
                "problems[0].quality.data.modes");
        assertPath(suite("""
                {"solver": {"name": "rk4"}, "grid": {"type": "uniform-time"}, "steps": 512, "tolerance": 0.001}""",
                "{\"type\": \"classifier\", \"input\": \"image\"}"), "problems[0].quality.file");
    }

    private static void assertPath(String json, String path) {
        assertThatThrownBy(() -> Suites.parse(json)).as(json)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo(path));
    }
}
