package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The networks part of the calibration study on a tiny case: the shipped ring network copied into a temporary
 * folder, 32 initial states, a short RK4 ground truth. Where the Gaussian fit comes from (a data file beside the
 * network, the energy measure's law, the network's own samples), a malformed data file, every calibration measured
 * on the network, the same numbers on a rerun with another thread count, and the section's table.
 */
class CalibratedNetworksTest {

    private static final String QUALITY = """
            "quality": {"type": "energy", "data": {"type": "ring-mixture", "modes": 8, "radius": 2.0, "std": 0.2},
             "samples": 200, "seed": 1},""";

    private static Suite suite(Path onnx, boolean quality) {
        return Suites.parse("""
                {"name": "tiny-networks", "description": "ring network",
                 "problems": [{"id": "ring8-flow", "title": "ring network",
                   "model": {"type": "onnx", "file": "%s", "prediction": "flow", "time": "t", "threads": 1},
                   "schedule": {"type": "flow-matching"}, "prediction": "flow", "tStart": 0.999, "tEnd": 0.001,
                   %s
                   "reference": {"solver": {"name": "rk4"}, "grid": {"type": "uniform-time"}, "steps": 512,
                     "tolerance": 1e-3}}],
                 "solvers": [], "nfe": [5], "grids": [{"type": "uniform-time"}], "tolerances": [],
                 "batches": 1, "batchSize": 32, "orderMinNfe": 5, "errorFloor": 1e-12}
                """.formatted(onnx.toString().replace("\\", "\\\\"), quality ? QUALITY : ""));
    }

    private static Path network(Path dir) throws Exception {
        Path onnx = dir.resolve("net.onnx");
        Files.copy(Suites.modelsDir().resolve("ring8-flow.onnx"), onnx);
        return onnx;
    }

    @Test
    void theFitComesFromTheDataFileThenTheTrainingLawThenTheNetworksOwnSamples(@TempDir Path tmp) throws Exception {
        Path onnx = network(tmp);
        Suite withLaw = suite(onnx, true);
        ProblemSpec spec = withLaw.problems().get(0);
        try (ProblemInstance instance = ReportRunner.instance(withLaw, spec, 7L)) {
            // ring of radius 2, std 0.2: mean 0, covariance (r^2 / 2 + std^2) I = 2.04 I
            CalibratedNetworks.Fit law = CalibratedNetworks.fit(spec, instance);
            assertThat(law.source()).startsWith("moments of the law it was trained on").contains("8-component");
            assertThat(law.data().mean()).containsExactly(new double[] {0, 0}, within(1e-12));
            assertThat(law.data().covariance()[0]).containsExactly(new double[] {2.04, 0}, within(1e-12));

            Files.writeString(tmp.resolve("net" + CalibratedNetworks.DATA_SUFFIX),
                    "{\"type\": \"gaussian\", \"mean\": [0.5, -1], \"covariance\": [[1, 0.25], [0.25, 2]]}");
            CalibratedNetworks.Fit file = CalibratedNetworks.fit(spec, instance);
            assertThat(file.source()).isEqualTo("moments of the training data (net.data.json)");
            assertThat(file.data().mean()).containsExactly(new double[] {0.5, -1}, within(1e-12));
            assertThat(file.data().covariance()[1]).containsExactly(new double[] {0.25, 2}, within(1e-12));

            Files.writeString(tmp.resolve("net" + CalibratedNetworks.DATA_SUFFIX),
                    "{\"type\": \"gaussian\", \"mean\": [0, 0, 0], \"variances\": [1, 1, 1]}");
            assertThatThrownBy(() -> CalibratedNetworks.fit(spec, instance))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.path()).isEqualTo("data");
                        assertThat(e.value()).isEqualTo("net.data.json");
                        assertThat(e.allowed()).contains("dimension 2");
                    });
            Files.writeString(tmp.resolve("net" + CalibratedNetworks.DATA_SUFFIX), "{\"type\": \"gaussian\"}");
            assertThatThrownBy(() -> CalibratedNetworks.fit(spec, instance))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).startsWith("data"));
            Files.delete(tmp.resolve("net" + CalibratedNetworks.DATA_SUFFIX));
        }
        Suite bare = suite(onnx, false);
        ProblemSpec plain = bare.problems().get(0);
        try (ProblemInstance instance = ReportRunner.instance(bare, plain, 7L)) {
            CalibratedNetworks.Fit own = CalibratedNetworks.fit(plain, instance);
            assertThat(own.source()).contains("own rk4@uniform-time samples", "not held out");
            double[] x = instance.reference().data();
            double mean0 = 0;
            for (int r = 0; r < 32; r++) {
                mean0 += x[2 * r] / 32;
            }
            assertThat(own.data().mean()[0]).isCloseTo(mean0, within(1e-12));
        }
    }

    @Test
    void everyCalibrationIsMeasuredOnTheNetworkTheSameWayOnARerun(@TempDir Path tmp) throws Exception {
        Suite s = suite(network(tmp), true);
        List<Integer> nfes = List.of(5, 10);
        List<String> solvers = List.of("dpmpp-2m", "unipc-bh2");
        CalibratedNetworks.Result a = CalibratedNetworks.run(s, SolverRegistry.standard(), 11L, 2, 60, nfes, solvers,
                line -> { });
        CalibratedNetworks.Result b = CalibratedNetworks.run(s, SolverRegistry.standard(), 11L, 1, 60, nfes, solvers,
                line -> { });

        int expected = nfes.size() * solvers.size() * (int) java.util.Arrays.stream(CalibratedStudy.Variant.values())
                .filter(v -> !v.coefficients()).count();
        assertThat(a.rows()).hasSize(expected);
        assertThat(a.fits()).extracting(CalibratedNetworks.Fit::problem).containsExactly("ring8-flow");
        assertThat(a.checks()).hasSize(1);
        assertThat(a.qualityNames()).containsExactly("energy distance");
        for (int i = 0; i < expected; i++) {
            CalibratedNetworks.Row x = a.rows().get(i);
            CalibratedNetworks.Row y = b.rows().get(i);
            assertThat(x.rmse()).as("%s", x).isPositive().isFinite().isEqualTo(y.rmse());
            assertThat(x.quality()).isPositive().isEqualTo(y.quality());
            assertThat(x.fitRmse()).isEqualTo(y.fitRmse());
            assertThat(x.grid().times()).isEqualTo(y.grid().times());
            assertThat(x.grid().nfe()).isLessThanOrEqualTo(x.targetNfe());
        }
        // the best calibrated configuration gains with the budget on this network (measured with all five solvers:
        // 7.6e-2 at NFE 5 and 2.9e-2 at NFE 10 on the networks report's 500 initial states)
        double best5 = best(a, 5);
        double best10 = best(a, 10);
        assertThat(best10).isLessThan(0.7 * best5);

        ResultRow def = new ResultRow(0, "ring8-flow", "ipndm", "logsnr", 10, 0, ResultRow.Status.OK, 10, 10,
                2 * best10, 1, Double.NaN, Double.NaN, Double.NaN, 0.01, 8, 0, "");
        String md = CalibratedNetworks.markdown(a, List.of(def), true);
        assertThat(md).startsWith("\n### Trained networks (held out)")
                .contains("| ring8-flow | moments of the law it was trained on")
                .contains("| ring8-flow | 5 |").contains("- (no default row at this NFE)")
                .contains("ipndm@logsnr (10) | " + String.format(java.util.Locale.ROOT, "%.2e", 2 * best10) + " | 0.500 |")
                .contains("Targets met on the networks (best calibrated / chosen on the fit): ")
                .contains("ring8-flow, sample quality (energy distance")
                .contains("Every calibrated configuration on the networks");
        String section = CalibratedStudy.markdown(List.of(), List.of(), Optional.of(a), List.of(def), false);
        assertThat(section).contains("### Trained networks (held out)").doesNotContain("Every calibrated configuration on")
                .contains("(networks' fits)");
        assertThat(CalibratedStudy.markdown(List.of(), List.of(), false))
                .contains("Trained networks: not evaluated (no networks/results.csv in the report folder, or --skip-networks).");
    }

    private static double best(CalibratedNetworks.Result r, int nfe) {
        return r.rows().stream().filter(x -> x.targetNfe() == nfe).mapToDouble(CalibratedNetworks.Row::rmse).min()
                .orElseThrow();
    }
}
