package io.samplerkit.solvers.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.MultistepCorrections;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoefficientCalibratorTest {

    private static final CalibrationTarget VP = CalibrationFixtures.rotated(VpLinearSchedule.standard(), Prediction.NOISE,
            8, 21, 1, 1e-3);
    private static final CalibrationTarget EDM = CalibrationFixtures.rotated(new EdmSchedule(0.002, 80), Prediction.DATA,
            8, 22, 80, 0.002);
    private static final String[] SOLVERS = {"dpmpp-2m", "dpmpp-3m", "dpmpp-3m-corrected", "dpm-solver-multistep",
        "dpmpp-2m-unic"};

    private static DpmSolverMultistep multistep(String name) {
        return CoefficientCalibrator.requireMultistep(SolverRegistry.standard().create(name));
    }

    private static double[] run(Solver solver, CalibrationTarget target, Timesteps ts, Batch x0) {
        SamplingProblem p = SamplingProblem.of(target.schedule(), target.data().model(target.schedule(),
                target.prediction()), ts);
        return SamplingDriver.run(solver, p, x0.copy()).x().data();
    }

    private static Batch initial(int rows, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Batch x = Batch.zeros(rows, d);
        double[] a = x.data();
        for (int i = 0; i < a.length; i++) {
            a[i] = 3 * rng.nextGaussian();
        }
        return x;
    }

    /** All-zero corrections are the analytic solver, bit for bit, on both schedules, with and without a corrector. */
    @Test
    void zeroCorrectionsReproduceTheAnalyticSolverBitForBit() {
        for (CalibrationTarget target : new CalibrationTarget[] {VP, EDM}) {
            for (String name : SOLVERS) {
                for (int steps : new int[] {3, 5, 12}) {
                    DpmSolverMultistep base = multistep(name);
                    Timesteps ts = Timesteps.of(target.schedule(), new LogSnrGrid().times(target.schedule(),
                            target.tStart(), target.tEnd(), steps));
                    DpmSolverMultistep zero = base.withCorrections(MultistepCorrections.zeros(base.correctionCounts(ts)));
                    Batch x0 = initial(3, 8, steps);
                    assertThat(run(zero, target, ts, x0)).as("%s, %d steps, %s", name, steps, target.describe())
                            .containsExactly(run(base, target, ts, x0));
                }
            }
        }
    }

    /**
     * The counts follow the history: {@code min(i + 1, order)} per step, none in the singlestep start's stages; a
     * table of another shape is refused naming the row.
     */
    @Test
    void correctionCountsFollowTheHistoryAndOtherShapesAreRefused() {
        Timesteps ts = Timesteps.of(VP.schedule(), new LogSnrGrid().times(VP.schedule(), 1, 1e-3, 5));
        assertThat(multistep("dpmpp-2m").correctionCounts(ts)).containsExactly(1, 2, 2, 2, 2);
        assertThat(multistep("dpmpp-3m").correctionCounts(ts)).containsExactly(1, 2, 3, 3, 3);
        assertThat(multistep("dpmpp-3m-corrected").correctionCounts(ts)).containsExactly(0, 0, 0, 3, 3);
        DpmSolverMultistep base = multistep("dpmpp-2m");
        SamplingProblem p = SamplingProblem.of(VP.schedule(), VP.data().model(VP.schedule(), VP.prediction()), ts);
        assertThatThrownBy(() -> base.withCorrections(MultistepCorrections.zeros(new int[] {1, 2, 2, 2})).validate(p))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("corrections"));
        assertThatThrownBy(() -> base.withCorrections(MultistepCorrections.zeros(new int[] {1, 2, 3, 2, 2})).validate(p))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("corrections[2]");
                    assertThat(e.value()).isEqualTo("3 values");
                });
        assertThatThrownBy(() -> new MultistepCorrections(new double[][] {{0}, {Double.NaN, 0}}))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("corrections[1][0]"));
    }

    /**
     * A correction enters one step linearly and every later step is linear in the state, so the output is affine in
     * each single correction: {@code f(2 delta) - 2 f(delta) + f(0) = 0} to round-off, and {@code f(delta) != f(0)}.
     */
    @Test
    void theOutputIsAffineInEachCorrection() {
        DpmSolverMultistep base = multistep("dpmpp-3m");
        Timesteps ts = Timesteps.of(EDM.schedule(), new LogSnrGrid().times(EDM.schedule(), 80, 0.002, 6));
        int[] counts = base.correctionCounts(ts);
        Batch x0 = initial(2, 8, 5);
        double[] f0 = run(base, EDM, ts, x0);
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts[i]; j++) {
                double[][] one = new double[counts.length][];
                double[][] two = new double[counts.length][];
                for (int r = 0; r < counts.length; r++) {
                    one[r] = new double[counts[r]];
                    two[r] = new double[counts[r]];
                }
                one[i][j] = 0.3;
                two[i][j] = 0.6;
                double[] f1 = run(base.withCorrections(new MultistepCorrections(one)), EDM, ts, x0);
                double[] f2 = run(base.withCorrections(new MultistepCorrections(two)), EDM, ts, x0);
                double scale = Arrays.stream(f0).map(Math::abs).max().orElse(1);
                double moved = 0;
                for (int k = 0; k < f0.length; k++) {
                    assertThat(Math.abs(f2[k] - 2 * f1[k] + f0[k])).as("step %d output %d", i, j)
                            .isLessThan(1e-12 * scale);
                    moved = Math.max(moved, Math.abs(f1[k] - f0[k]));
                }
                assertThat(moved).as("step %d output %d moves the result", i, j).isGreaterThan(1e-6);
            }
        }
    }

    /**
     * The fit lowers the exact error below the analytic weights' on the calibration problem, reports it as the
     * exact error of the corrected solver, is deterministic, and a larger ridge keeps the corrections smaller.
     */
    @Test
    void fittedCorrectionsLowerTheCalibrationObjective() {
        for (CalibrationTarget target : new CalibrationTarget[] {VP, EDM}) {
            for (String name : new String[] {"dpmpp-2m", "dpmpp-3m"}) {
                DpmSolverMultistep base = multistep(name);
                double[] times = new LogSnrGrid().times(target.schedule(), target.tStart(), target.tEnd(), 6);
                CalibratedCoefficients weak = new CoefficientCalibrator(target, 1e-4, 100).calibrate(base, times, l -> { });
                CalibratedCoefficients again = new CoefficientCalibrator(target, 1e-4, 100).calibrate(base, times, l -> { });
                CalibratedCoefficients strong = new CoefficientCalibrator(target, 1, 100).calibrate(base, times, l -> { });
                ExactGlobalError error = new ExactGlobalError(target);
                double analytic = error.meanSquaredError(base, times);
                assertThat(weak).isEqualTo(again);
                assertThat(weak.analyticMeanSquaredError()).isEqualTo(analytic);
                assertThat(weak.meanSquaredError()).isEqualTo(error.meanSquaredError(base.withCorrections(
                        weak.corrections()), times));
                assertThat(weak.meanSquaredError()).as("%s on %s", name, target.describe()).isLessThan(0.5 * analytic);
                assertThat(strong.objective()).isLessThan(analytic);
                assertThat(norm(strong.corrections())).isLessThan(norm(weak.corrections()));
            }
        }
    }

    private static double norm(MultistepCorrections c) {
        return Math.sqrt(Arrays.stream(c.flat()).map(v -> v * v).sum());
    }

    /** The error terms square-sum to the mean squared error. */
    @Test
    void errorTermsSquareSumToTheMeanSquaredError() {
        ExactGlobalError error = new ExactGlobalError(VP);
        Solver solver = SolverRegistry.standard().create("dpmpp-2m");
        Timesteps ts = Timesteps.of(VP.schedule(), new LogSnrGrid().times(VP.schedule(), 1, 1e-3, 5));
        double sum = Arrays.stream(error.errorTerms(solver, ts)).map(v -> v * v).sum();
        assertThat(sum).isCloseTo(error.meanSquaredError(solver, ts), org.assertj.core.data.Percentage.withPercentage(1e-10));
    }

    /**
     * Joint calibration with a global-error grid never ends above the grid-only calibration's error, keeps the grid
     * method, and only multistep DPM-Solver(++) solvers are accepted.
     */
    @Test
    void coefficientsOnTopOfAGridLowerItsErrorAndNeedAMultistepSolver() {
        Calibrator calibrator = new Calibrator(VP, 200);
        Solver solver = SolverRegistry.standard().create("dpmpp-2m");
        CalibratedGrid grid = calibrator.calibrate(solver, "dpmpp-2m", Map.of(), 5, CalibrationMethod.GLOBAL_ERROR, l -> { });
        CalibratedGrid joint = calibrator.calibrateCoefficients(grid, solver, 1e-2, l -> { });
        assertThat(joint.coefficients()).isNotNull();
        assertThat(joint.method()).isEqualTo(CalibrationMethod.GLOBAL_ERROR);
        assertThat(joint.meanSquaredError()).isLessThan(grid.meanSquaredError());
        assertThat(joint.meanSquaredError()).isEqualTo(new ExactGlobalError(VP).meanSquaredError(
                multistep("dpmpp-2m").withCorrections(joint.coefficients().corrections()), joint.times()));
        assertThatThrownBy(() -> calibrator.calibrateCoefficients(grid, SolverRegistry.standard().create("ipndm"), 1e-2,
                l -> { })).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("solver"));
        assertThatThrownBy(() -> new CoefficientCalibrator(VP, -1, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("ridge"));
    }
}
