package io.samplerkit.solvers.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibratorTest {

    private static final CalibrationTarget VP = CalibrationFixtures.rotated(VpLinearSchedule.standard(), Prediction.NOISE,
            8, 11, 1, 1e-3);
    private static final CalibrationTarget EDM = CalibrationFixtures.rotated(new EdmSchedule(0.002, 80), Prediction.DATA,
            8, 12, 80, 0.002);

    @Test
    void globalErrorSearchBeatsTheLogSnrGridAndIsDeterministic() {
        for (CalibrationTarget target : new CalibrationTarget[] {VP, EDM}) {
            for (String name : new String[] {"dpmpp-2m", "heun"}) {
                Solver solver = SolverRegistry.standard().create(name);
                Calibrator calibrator = new Calibrator(target, 300);
                int steps = calibrator.stepsForNfe(solver, 6);
                CalibratedGrid a = calibrator.calibrate(solver, name, Map.of(), steps, CalibrationMethod.GLOBAL_ERROR,
                        line -> { });
                CalibratedGrid b = new Calibrator(target, 300).calibrate(solver, name, Map.of(), steps,
                        CalibrationMethod.GLOBAL_ERROR, line -> { });
                assertThat(a).isEqualTo(b);
                assertThat(a.nfe()).isLessThanOrEqualTo(6);
                assertThat(a.meanSquaredError()).as("%s on %s", name, target.describe())
                        .isLessThan(0.5 * a.startValue());
                assertThat(a.meanSquaredError()).isEqualTo(a.objective());
                assertThat(a.times()[0]).isEqualTo(target.tStart());
                assertThat(a.times()[steps]).isEqualTo(target.tEnd());
            }
        }
    }

    /**
     * The regularised search's penalty is 0 on the uniform log-SNR grid and {@code sum (log(h_j/hbar))^2 / (2 (log 2)^2)}
     * on a skewed one, and the regularised grid lies between the log-SNR grid and
     * the plain global-error optimum: no farther from uniform, no better on the fit.
     */
    @Test
    void theRegularisedSearchIsPulledTowardsTheLogSnrGrid() {
        Calibrator calibrator = new Calibrator(VP, 300);
        double[] uniform = new LogSnrGrid().times(VP.schedule(), VP.tStart(), VP.tEnd(), 6);
        assertThat(Calibrator.penalty(Timesteps.of(VP.schedule(), uniform))).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-20));
        double l0 = VP.schedule().lambda(VP.tStart());
        double l2 = VP.schedule().lambda(VP.tEnd());
        double[] skewed = {VP.tStart(), VP.schedule().timeOfLambda(l0 + 0.2 * (l2 - l0)), VP.tEnd()};
        // steps 0.4 and 1.6 of the mean: log ratios -log 2.5 and log 1.6
        double expected = (Math.pow(Math.log(0.4), 2) + Math.pow(Math.log(1.6), 2)) / (2 * Math.log(2) * Math.log(2));
        assertThat(Calibrator.penalty(Timesteps.of(VP.schedule(), skewed))).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        Solver solver = SolverRegistry.standard().create("dpmpp-2m");
        CalibratedGrid plain = calibrator.calibrate(solver, "dpmpp-2m", Map.of(), 6, CalibrationMethod.GLOBAL_ERROR,
                line -> { });
        CalibratedGrid regularised = calibrator.calibrate(solver, "dpmpp-2m", Map.of(), 6,
                CalibrationMethod.REGULARISED_GLOBAL_ERROR, line -> { });
        assertThat(Calibrator.penalty(Timesteps.of(VP.schedule(), regularised.times()))).isLessThanOrEqualTo(Calibrator.penalty(Timesteps.of(VP.schedule(), plain.times())));
        assertThat(regularised.meanSquaredError()).isGreaterThanOrEqualTo(plain.meanSquaredError() * (1 - 1e-9))
                .isLessThan(regularised.startValue());
    }

    @Test
    void stepsForNfeCountsTheSolversCalls() {
        Calibrator calibrator = new Calibrator(VP, 100);
        assertThat(calibrator.stepsForNfe(SolverRegistry.standard().create("dpmpp-2m"), 7)).isEqualTo(7);
        // Heun: 2 calls per step when the grid does not end at zero noise: 2N <= 7
        assertThat(calibrator.stepsForNfe(SolverRegistry.standard().create("heun"), 7)).isEqualTo(3);
        assertThatThrownBy(() -> calibrator.stepsForNfe(SolverRegistry.standard().create("dpmpp-3m-corrected"), 2))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("nfe"));
    }

    /** The dynamic programme returns the cheapest of all N-edge paths (enumerated) through a small candidate grid. */
    @Test
    void dynamicProgrammeFindsTheCheapestPath() {
        ExactGlobalError error = new ExactGlobalError(VP);
        Solver solver = SolverRegistry.standard().create("heun");
        int m = 7;
        int steps = 3;
        OneStepDynamicProgramming.Result r = new OneStepDynamicProgramming(error, m).select(solver, steps);
        double[] grid = VP.timesOfLambdas(Linspace.symmetric(VP.lambdaStart(), VP.lambdaEnd(), m + 1));
        double best = Double.POSITIVE_INFINITY;
        for (int i = 1; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double[] t = {grid[0], grid[i], grid[j], grid[m]};
                double cost = 0;
                for (int k = 0; k < steps; k++) {
                    cost += Math.sqrt(error.meanSquaredError(solver, new double[] {t[k], t[k + 1]}));
                }
                best = Math.min(best, cost);
            }
        }
        assertThat(r.cost()).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-12 * best));
        List<Double> chosen = new ArrayList<>();
        for (double t : r.times()) {
            chosen.add(t);
        }
        assertThat(chosen).hasSize(steps + 1).startsWith(grid[0]).endsWith(grid[m]);
    }

    @Test
    void everyMethodGivesAUsableGridWithProvenance() {
        Solver solver = SolverRegistry.standard().create("dpmpp-3m-corrected");
        for (CalibrationMethod method : CalibrationMethod.values()) {
            List<String> lines = new ArrayList<>();
            CalibratedGrid g = new Calibrator(EDM, 200).calibrate(solver, "dpmpp-3m-corrected", Map.of("k", "v"), 6,
                    method, lines::add);
            assertThat(lines).isNotEmpty();
            assertThat(g.method()).isEqualTo(method);
            assertThat(g.options()).containsEntry("k", "v");
            assertThat(g.steps()).isEqualTo(6);
            assertThat(g.nfe()).isEqualTo(6);
            assertThat(Double.isFinite(g.objective())).isTrue();
            Timesteps ts = Timesteps.of(EDM.schedule(), g.timeGrid(), 80, 0.002, 6);
            assertThat(new ExactGlobalError(EDM).meanSquaredError(solver, ts)).isEqualTo(g.meanSquaredError());
            double[] sigmas = g.sigmas(EDM.schedule());
            assertThat(sigmas[0]).isCloseTo(80, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(CalibrationMethod.of("gits-dp", "method")).isEqualTo(CalibrationMethod.GITS_DP);
        assertThatThrownBy(() -> CalibrationMethod.of("ays", "grid.method"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("grid.method");
                    assertThat(e.allowed()).contains("ays-klub");
                });
    }

    @Test
    void targetRejectsEndPointsWithoutFiniteLogSnr() {
        assertThatThrownBy(() -> new CalibrationTarget(VpLinearSchedule.standard(), Prediction.NOISE, VP.data(), 1e-3, 1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("tEnd"));
        assertThatThrownBy(() -> new CalibrationTarget(new EdmSchedule(0.002, 80), Prediction.DATA, VP.data(), 80, 0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("tEnd"));
        assertThat(new LogSnrGrid()).isNotNull();
    }
}
