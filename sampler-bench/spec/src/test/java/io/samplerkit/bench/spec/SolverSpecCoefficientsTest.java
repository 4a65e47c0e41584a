package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.calibration.CalibratedCoefficients;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.MultistepCorrections;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The solver option {@code coefficients}: a calibrated-grid file's coefficients applied to the named solver. */
class SolverSpecCoefficientsTest {

    private static final SolverRegistry REGISTRY = SolverRegistry.standard();
    private static final MultistepCorrections CORRECTIONS = new MultistepCorrections(new double[][] {{0.1}, {0.2, -0.2},
        {0, 0.05}});

    private static Path write(Path dir, String solver, Map<String, String> options, boolean coefficients) {
        CalibratedGrid grid = new CalibratedGrid(new double[] {1, 0.5, 0.2, 0.001}, solver, options, 3, "vp", "gaussian",
                CalibrationMethod.GLOBAL_ERROR, 1e-4, 1e-4, 2e-4, "log-snr");
        if (coefficients) {
            grid = grid.withCoefficients(grid.times(), 1e-4, new CalibratedCoefficients(CORRECTIONS, 0.01, 1e-4, 1e-4,
                    2e-4));
        }
        Path file = dir.resolve(solver + options.size() + coefficients + ".json");
        CalibratedGridFile.write(file, grid, VpLinearSchedule.standard());
        return file;
    }

    @Test
    void theFilesCoefficientsAreAppliedToTheNamedSolver(@TempDir Path dir) {
        Path file = write(dir, "dpmpp-2m", Map.of("lower-order-final", "false"), true);
        Solver solver = new SolverSpec("dpmpp-2m", Map.of("coefficients", file.toString(), "lower-order-final", false))
                .create(REGISTRY);
        DpmSolverMultistep base = (DpmSolverMultistep) new SolverSpec("dpmpp-2m", Map.of("lower-order-final", false))
                .create(REGISTRY);
        assertThat(solver).isEqualTo(base.withCorrections(CORRECTIONS));
    }

    @Test
    void wrongFilesNameTheOption(@TempDir Path dir) {
        Path plain = write(dir, "dpmpp-2m", Map.of(), false);
        Path other = write(dir, "dpmpp-3m", Map.of(), true);
        Path withOptions = write(dir, "dpmpp-2m", Map.of("lower-order-final", "false"), true);
        assertPath(Map.of("coefficients", plain.toString()), "options.coefficients");
        assertPath(Map.of("coefficients", other.toString()), "options.coefficients");
        assertPath(Map.of("coefficients", 3), "options.coefficients");
        assertPath(Map.of("coefficients", dir.resolve("missing.json").toString()), "options.coefficients.path");
        assertPath(Map.of("coefficients", withOptions.toString()), "options");
    }

    private static void assertPath(Map<String, Object> options, String path) {
        assertThatThrownBy(() -> new SolverSpec("dpmpp-2m", options).create(REGISTRY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo(path));
    }
}
