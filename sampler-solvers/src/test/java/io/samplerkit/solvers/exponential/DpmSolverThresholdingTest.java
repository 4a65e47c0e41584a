package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.internal.ModelSide;
import org.junit.jupiter.api.Test;

/** The solvers work with a {@link DynamicThresholding}-wrapped model (docs/math.md §4.3). */
class DpmSolverThresholdingTest {

    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final Batch X_T = Batch.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}, {-2.0, 0.1, 1.7}});

    private static Timesteps grid(boolean zeroEnd) {
        Timesteps g = Timesteps.of(VP, new LogSnrGrid().times(VP, 1.0, 1e-3, 12));
        return zeroEnd ? g.withZeroNoiseEnd(VP) : g;
    }

    private static Solver[] solvers() {
        return new Solver[] {DpmSolverMultistep.of(ModelSide.DATA, 2), DpmSolverMultistep.of(ModelSide.DATA, 3),
            new DpmSolverSinglestep(ModelSide.DATA, 2, UpdateType.MIDPOINT, OrderAllocation.FAST)};
    }

    @Test
    void stepToZeroNoiseReturnsTheThresholdedPrediction() {
        // data far outside [-1, 1]: the thresholded x0 is inside it, and so is the final state
        GaussianData data = GaussianData.diagonal(new double[] {3, -2, 0.5}, new double[] {0.5, 2, 1});
        for (DynamicThresholding.Variant v : DynamicThresholding.Variant.values()) {
            DiffusionModel m = new DynamicThresholding(data.model(VP, Prediction.NOISE), VP, 0.995, 1.0, v);
            for (Solver s : solvers()) {
                SamplingProblem p = SamplingProblem.of(VP, m, grid(true));
                SamplingResult r = s.sample(p, X_T);
                double maxAbs = java.util.Arrays.stream(r.x().data()).map(Math::abs).max().orElseThrow();
                assertThat(maxAbs).as("%s %s", s, v).isLessThanOrEqualTo(1.0).isGreaterThan(0.5);
                assertThat(r.modelCalls()).isEqualTo(13);
            }
        }
    }

    @Test
    void thresholdingThatNeverBindsChangesNothing() {
        // data well inside [-1, 1] with tiny spread: |x0hat| < 1 everywhere, so s = 1 and clamp is the identity
        GaussianData data = GaussianData.diagonal(new double[] {0.2, -0.1, 0.3}, new double[] {1e-4, 1e-4, 1e-4});
        DiffusionModel plain = data.model(VP, Prediction.NOISE);
        DiffusionModel wrapped = new DynamicThresholding(plain, VP, 0.995, 1.0, DynamicThresholding.Variant.OFFICIAL);
        for (Solver s : solvers()) {
            Batch a = s.sample(SamplingProblem.of(VP, plain, grid(false)), X_T).x();
            Batch b = s.sample(SamplingProblem.of(VP, wrapped, grid(false)), X_T).x();
            assertThat(GaussianFixtures.maxAbsDiff(a, b)).as("%s", s).isLessThan(1e-13);
        }
    }
}
