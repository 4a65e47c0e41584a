package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.bench.report.Suite;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.bench.spec.CalibratedGridFile;
import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalibrateCommandTest {

    /**
     * Runs {@code calibrate} on the quick suite; {@code overrides} are option/value pairs replacing the defaults (an
     * empty value: a flag).
     */
    private static CliRun calibrate(Path out, String... overrides) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--solver", "dpmpp-2m");
        options.put("--nfe", "5");
        options.put("--suite", "quick");
        options.put("--evaluations", "200");
        options.put("--out", out.toString());
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new java.util.ArrayList<>(List.of("calibrate"));
        options.forEach((k, v) -> {
            args.add(k);
            if (!v.isEmpty()) {
                args.add(v);
            }
        });
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Same bytes on rerun; the file is a grid of a suite, and the report measures it below the log-SNR grid. */
    @Test
    void calibratedFileIsDeterministicAndUsableAsASuiteGrid(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        CliRun r = calibrate(a);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("calibrating dpmpp-2m at NFE 5").contains("MSE");
        assertThat(r.out()).contains("sigmas [");
        assertThat(calibrate(b).exit()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        CalibratedGrid grid = CalibratedGridFile.read(a);
        assertThat(grid.solver()).isEqualTo("dpmpp-2m");
        assertThat(grid.nfe()).isEqualTo(5);
        assertThat(grid.meanSquaredError()).isLessThan(grid.startValue());

        Suite quick = Suites.quick();
        Suite suite = new Suite("cal", "", quick.problems(), List.of(), List.of(5),
                List.of(new GridSpec.LogSnr(), new GridSpec.File(a.toString())), List.of(), 2, 4, 10, 1e-11);
        Path suiteFile = tmp.resolve("suite.json");
        Files.writeString(suiteFile, Suites.toJson(suite));
        assertThat(Suites.read(suiteFile).grids()).contains(new GridSpec.File(a.toString()));
        CliRun report = CliRun.of("report", "--suite", suiteFile.toString(), "--solvers", "dpmpp-2m", "--no-plots",
                "--out", tmp.resolve("rep").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        List<String> lines = Files.readAllLines(tmp.resolve("rep/results.csv"));
        double logSnr = rmse(lines, ",logsnr,");
        double file = rmse(lines, ",file-a,");
        assertThat(file).isLessThan(logSnr);
    }

    /**
     * A shipped network is calibrated on its training data's Gaussian fit (the digits: {@code digits-ddpm.data.json},
     * d = 64; the ring: its energy measure's law, whose exact fit error at the log-SNR start is the same on a rerun);
     * a network without such moments is an error naming {@code --problem}.
     */
    @Test
    void aNetworkIsCalibratedOnItsTrainingDataFit(@TempDir Path tmp) throws Exception {
        CliRun digits = calibrate(tmp.resolve("d.json"), "--suite", "networks", "--problem", "digits-ddpm",
                "--evaluations", "20");
        assertThat(digits.exit()).as(digits.err()).isZero();
        CalibratedGrid grid = CalibratedGridFile.read(tmp.resolve("d.json"));
        assertThat(grid.nfe()).isEqualTo(5);
        assertThat(grid.meanSquaredError()).isLessThan(grid.startValue());
        CliRun ring = calibrate(tmp.resolve("r.json"), "--suite", "networks", "--problem", "ring8-flow",
                "--evaluations", "20");
        assertThat(ring.exit()).as(ring.err()).isZero();

        Path onnx = tmp.resolve("net.onnx");
        Files.copy(Path.of(Suites.networks().problems().get(0).model() instanceof io.samplerkit.bench.spec.ModelSpec.Onnx o
                ? o.file() : "missing"), onnx);
        Path suite = tmp.resolve("bare.json");
        Files.writeString(suite, """
                {"name": "bare", "description": "a network without training-data moments",
                 "problems": [{"id": "bare-net", "title": "ring network, no data",
                   "model": {"type": "onnx", "file": "net.onnx", "prediction": "flow", "time": "t"},
                   "schedule": {"type": "flow-matching"}, "prediction": "flow", "tStart": 0.999, "tEnd": 0.001,
                   "reference": {"solver": {"name": "rk4"}, "grid": {"type": "uniform-time"}, "steps": 64,
                     "tolerance": 1e-2}}],
                 "solvers": [], "nfe": [5], "grids": [{"type": "uniform-time"}], "tolerances": [],
                 "batches": 1, "batchSize": 4, "orderMinNfe": 5, "errorFloor": 1e-12}
                """);
        CliRun bare = calibrate(tmp.resolve("b.json"), "--suite", suite.toString());
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("--problem").contains("bare-net").contains("training data's moments");
        assertThat(tmp.resolve("b.json")).doesNotExist();
    }

    /** A run spec takes the file as its grid, with the file's own step count; another count is an error naming it. */
    @Test
    void runSpecUsesTheFileAsItsGrid(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("g.json");
        assertThat(calibrate(grid).exit()).isZero();
        String spec = "{\"schedule\": {\"type\": \"vp-linear\", \"beta0\": 0.1, \"beta1\": 20.0, \"tMax\": 1.0},"
                + " \"model\": {\"type\": \"gaussian\", \"mean\": [1.0, -0.5], \"covariance\": [[1.0, 0.6], [0.6, 0.5]]},"
                + " \"prediction\": \"noise\", \"solver\": {\"name\": \"dpmpp-2m\"}, \"seed\": 1, \"batch\": 2,"
                + " \"grid\": {\"type\": \"file\", \"path\": \"" + grid.toString().replace("\\", "\\\\")
                + "\", \"steps\": STEPS, \"tStart\": 1.0, \"tEnd\": 0.001}}";
        Path good = tmp.resolve("good.json");
        Files.writeString(good, spec.replace("STEPS", "5"));
        CliRun ok = CliRun.of("sample", "--spec", good.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"nfe\" : 5");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, spec.replace("STEPS", "7"));
        CliRun r = CliRun.of("sample", "--spec", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("grid.steps").contains("7");
    }

    /**
     * {@code --coefficients}: same bytes on rerun, a coefficients section whose error is below the grid-only
     * calibration's, the corrections printed; a run spec uses them through the solver option {@code coefficients}
     * with the file as its grid, and they change the samples.
     */
    @Test
    void coefficientsAreCalibratedPrintedAndUsableFromARunSpec(@TempDir Path tmp) throws Exception {
        Path plain = tmp.resolve("plain.json");
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        assertThat(calibrate(plain).exit()).isZero();
        CliRun r = calibrate(a, "--coefficients", "");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("corrections step 0 [").contains("corrections step 4 [");
        assertThat(calibrate(b, "--coefficients", "").exit()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        CalibratedGrid grid = CalibratedGridFile.read(a);
        assertThat(grid.coefficients()).isNotNull();
        assertThat(grid.meanSquaredError()).isLessThan(CalibratedGridFile.read(plain).meanSquaredError());
        String spec = "{\"schedule\": {\"type\": \"vp-linear\", \"beta0\": 0.1, \"beta1\": 20.0, \"tMax\": 1.0},"
                + " \"model\": {\"type\": \"gaussian\", \"mean\": [1.0, -0.5], \"covariance\": [[1.0, 0.6], [0.6, 0.5]]},"
                + " \"prediction\": \"noise\", \"solver\": {\"name\": \"dpmpp-2m\"SOLVER}, \"seed\": 1, \"batch\": 2,"
                + " \"grid\": {\"type\": \"file\", \"path\": \"" + json(a) + "\", \"steps\": 5, \"tStart\": 1.0,"
                + " \"tEnd\": 0.001}}";
        Path withCoefficients = tmp.resolve("with.json");
        Files.writeString(withCoefficients, spec.replace("SOLVER", ", \"options\": {\"coefficients\": \"" + json(a) + "\"}"));
        Path without = tmp.resolve("without.json");
        Files.writeString(without, spec.replace("SOLVER", ""));
        CliRun ok = CliRun.of("sample", "--spec", withCoefficients.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"nfe\" : 5");
        CliRun base = CliRun.of("sample", "--spec", without.toString());
        assertThat(base.exit()).as(base.err()).isZero();
        assertThat(ok.out()).isNotEqualTo(base.out());
        Path wrong = tmp.resolve("wrong.json");
        Files.writeString(wrong, spec.replace("SOLVER", ", \"options\": {\"coefficients\": \"" + json(plain) + "\"}"));
        CliRun bad = CliRun.of("sample", "--spec", wrong.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("solver.options.coefficients");
    }

    private static String json(Path p) {
        return p.toString().replace("\\", "\\\\");
    }

    /** The report's section "calibrated" on the quick suite: one table row per NFE, each with a ratio and a verdict. */
    @Test
    void reportCalibratedWritesTheSection(@TempDir Path tmp) throws Exception {
        CliRun report = CliRun.of("report", "--suite", "quick", "--solvers", "dpmpp-2m,ipndm", "--nfe", "5,6,8,10",
                "--no-plots", "--out", tmp.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        CliRun r = CliRun.of("report", "calibrated", "--suite", "quick", "--evaluations", "40", "--threads", "1",
                "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(tmp.resolve("calibrated.md"));
        assertThat(md).startsWith("## calibrated");
        for (int nfe : new int[] {5, 6, 8, 10}) {
            assertThat(md).containsPattern("\\| gauss8-vp-linear \\| " + nfe + " \\| [a-z0-9-]+@fit[^|]*\\| [0-9.e+-]+ \\| "
                    + "[a-z0-9-]+@fit[^|]*\\| [0-9.e+-]+ \\| (dpmpp-2m|ipndm)@logsnr \\(" + nfe + "\\) \\| [0-9.e+-]+ \\| "
                    + "[0-9.]+ \\| [0-9.]+ \\| (met|\\*\\*miss\\*\\*) / (met|\\*\\*miss\\*\\*) \\|");
        }
        assertThat(md).containsPattern("Targets met \\(best calibrated / chosen on the fit\\): Gaussian problems \\d+ / \\d+ of 4");
        assertThat(md).contains("### Calibration cost").contains("| fit+scales/global-error | 20 |");
        String summary = Files.readString(tmp.resolve("summary.md"));
        assertThat(summary).contains(md.substring(0, md.indexOf("\nEvery calibrated configuration")))
                .contains("Every calibrated configuration: [calibrated.md](calibrated.md).")
                .contains(md.substring(md.indexOf("### Calibration cost"), md.indexOf("| calibration | count")));
        assertThat(summary.indexOf("## calibrated")).isLessThan(summary.indexOf("## Time per step"));
        CliRun again = CliRun.of("report", "calibrated", "--suite", "quick", "--evaluations", "40", "--threads", "1",
                "--out", tmp.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        String twice = Files.readString(tmp.resolve("summary.md"));
        assertThat(twice.split("## calibrated", -1)).as("one section after a rerun").hasSize(2);
        assertThat(Files.readString(tmp.resolve("calibrated.md"))).contains("Trained networks: not evaluated (no "
                + "networks/results.csv");
        Files.createDirectories(tmp.resolve("networks"));
        Files.copy(tmp.resolve("results.csv"), tmp.resolve("networks").resolve("results.csv"));
        CliRun skipped = CliRun.of("report", "calibrated", "--suite", "quick", "--evaluations", "40", "--threads", "1",
                "--skip-networks", "--out", tmp.toString());
        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(skipped.err()).doesNotContain("ground truth");
        CliRun missing = CliRun.of("report", "calibrated", "--out", tmp.resolve("none").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--out").contains("results.csv");
        // the networks suite has no analytic problem to calibrate on: refused before any work, naming the problem
        CliRun networks = CliRun.of("report", "calibrated", "--suite", "networks", "--threads", "1",
                "--out", tmp.toString());
        assertThat(networks.exit()).as(networks.err()).isEqualTo(2);
        assertThat(networks.err()).contains("suite.problems[0]").contains(Suites.networks().problems().get(0).id())
                .contains("analytic data");
    }

    /** The usage names every built-in suite the command accepts, {@code networks} included (tested above). */
    @Test
    void theHelpNamesEveryBuiltInSuite() {
        CliRun r = CliRun.of("calibrate", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--suite=" + String.join("|", Suites.NAMES) + "|FILE.json");
    }

    private static double rmse(List<String> lines, String grid) {
        String line = lines.stream().filter(l -> l.contains(grid)).findFirst().orElseThrow();
        assertThat(line).contains(",ok,");
        return Double.parseDouble(line.split(",")[9]);
    }

    @ParameterizedTest
    @CsvSource({
        "--nfe, 0, --nfe",
        "--method, ays, --method",
        "--solver, no-such-solver, --solver",
        "--problem, no-such-problem, --problem",
        "--solver, ddim[eta=1], --solver",
        "--ridge, -1, --ridge"
    })
    void badArgumentsExitWithTwoNamingTheOption(String option, String value, String named, @TempDir Path tmp) {
        CliRun r = calibrate(tmp.resolve("g.json"), option, value);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(named).contains(value);
        assertThat(tmp.resolve("g.json")).doesNotExist();
    }

    /** Coefficients are calibrated only for multistep DPM-Solver(++) solvers. */
    @Test
    void coefficientsOfAnotherSolverExitWithTwo(@TempDir Path tmp) {
        CliRun r = calibrate(tmp.resolve("g.json"), "--solver", "ipndm", "--coefficients", "");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--solver").contains("ipndm").contains("multistep DPM-Solver");
        assertThat(tmp.resolve("g.json")).doesNotExist();
    }
}
