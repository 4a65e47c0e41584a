package io.samplerkit.solvers.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactGlobalErrorTest {

    /**
     * The two-row eigenbasis formula equals the expectation computed from the full affine map of the solver on the
     * original rotated problem: {@code |delta c + delta M m|^2 + tr(delta M P delta M^T)}, {@code d + 1} probe rows.
     */
    @Test
    void matchesTheFullAffineMapOnTheRotatedProblem() {
        for (String name : new String[] {"dpmpp-2m", "unipc-bh2", "heun", "dpmpp-3m-corrected", "ipndm"}) {
            for (NoiseSchedule schedule : new NoiseSchedule[] {VpLinearSchedule.standard(), new EdmSchedule(0.002, 80)}) {
                boolean edm = schedule instanceof EdmSchedule;
                CalibrationTarget target = CalibrationFixtures.rotated(schedule, edm ? Prediction.DATA : Prediction.NOISE,
                        5, 7, edm ? 80 : 1, edm ? 0.002 : 1e-3);
                Solver solver = SolverRegistry.standard().create(name);
                Timesteps ts = Timesteps.of(schedule, new LogSnrGrid(), target.tStart(), target.tEnd(), 7);
                double expected = fullAffineError(solver, target, ts);
                double actual = new ExactGlobalError(target).meanSquaredError(solver, ts);
                assertThat(actual).as("%s on %s", name, schedule.describe())
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * expected));
                assertThat(actual).isPositive();
            }
        }
    }

    private static double fullAffineError(Solver solver, CalibrationTarget target, Timesteps ts) {
        GaussianData data = target.data();
        int d = data.dim();
        Batch probes = Batch.zeros(d + 1, d);
        for (int i = 0; i < d; i++) {
            probes.data()[(i + 1) * d + i] = 1;
        }
        Batch out = SamplingDriver.run(solver, SamplingProblem.of(target.schedule(),
                data.model(target.schedule(), target.prediction()), ts), probes).x();
        Batch exact = probes.like();
        int last = ts.steps();
        data.flow(probes, ts.alpha(0), ts.sigma(0), ts.alpha(last), ts.sigma(last), exact);
        double[] dc = new double[d];
        double[][] dm = new double[d][d];
        for (int i = 0; i < d; i++) {
            dc[i] = out.get(0, i) - exact.get(0, i);
            for (int j = 0; j < d; j++) {
                dm[i][j] = (out.get(j + 1, i) - out.get(0, i)) - (exact.get(j + 1, i) - exact.get(0, i));
            }
        }
        double[] m0 = data.marginalMean(ts.alpha(0));
        double[][] u = data.eigenvectors();
        double[] v0 = data.marginalCovarianceEigenvalues(ts.alpha(0), ts.sigma(0));
        double total = 0;
        for (int i = 0; i < d; i++) {
            double bias = dc[i];
            for (int j = 0; j < d; j++) {
                bias += dm[i][j] * m0[j];
            }
            total += bias * bias;
            for (int k = 0; k < d; k++) {
                double proj = 0;
                for (int j = 0; j < d; j++) {
                    proj += dm[i][j] * u[j][k];
                }
                total += proj * proj * v0[k];
            }
        }
        return total / d;
    }

    @Test
    void rejectsStochasticAndAdaptiveSolvers() {
        CalibrationTarget target = CalibrationFixtures.rotated(VpLinearSchedule.standard(), Prediction.NOISE, 3, 1, 1,
                1e-3);
        ExactGlobalError error = new ExactGlobalError(target);
        Timesteps ts = Timesteps.of(target.schedule(), new LogSnrGrid(), 1, 1e-3, 4);
        Solver sde = SolverRegistry.standard().create("ddim", SolverOptions.of(Map.of("eta", 1.0)));
        assertThatThrownBy(() -> error.meanSquaredError(sde, ts)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.path()).isEqualTo("solver"));
        Solver adaptive = SolverRegistry.standard().create("dpm-solver-adaptive");
        assertThatThrownBy(() -> error.meanSquaredError(adaptive, ts)).isInstanceOf(InvalidInputException.class);
    }
}
