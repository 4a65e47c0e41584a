package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeisRungeKuttaTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();

    @ParameterizedTest
    @EnumSource(DeisRkMethod.class)
    void convergesAtTheTableauOrder(DeisRkMethod method) {
        int[] steps = {40, 80, 160};
        DeisRungeKutta solver = new DeisRungeKutta(method);
        double[] e = GaussianRuns.errors(solver, CASE, Prediction.NOISE, new LogSnrGrid(), steps);
        double slope = ConvergenceSlope.lastTwo(steps, e);
        assertThat(slope).as("%s: %s", method, ConvergenceSlope.describe(steps, e))
                .isBetween(method.tableau().order() - 0.15, method.tableau().order() + 0.15);
    }

    @Test
    void usesOneModelCallPerStage() {
        double[] t = CASE.times(new LogSnrGrid(), 7);
        SamplingResult r = new DeisRungeKutta(DeisRkMethod.RK4).sample(
                GaussianRuns.problem(CASE, Prediction.DATA, t), CASE.xStart());
        assertThat(r.modelCalls()).isEqualTo(28);
    }

    @Test
    void eulerIsDdim() {
        double[] t = CASE.times(new LogSnrGrid(), 9);
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, t);
        SamplingResult a = new DeisRungeKutta(DeisRkMethod.EULER).sample(p, CASE.xStart());
        SamplingResult b = new Ddim(0).sample(p, CASE.xStart());
        assertThat(a.x().data()).containsExactly(b.x().data(), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void rejectsZeroNoiseEndAndBadOptions() {
        SamplingProblem p = GaussianRuns.zeroNoiseEndProblem(CASE, Prediction.NOISE, CASE.times(new LogSnrGrid(), 4));
        assertThatThrownBy(() -> new DeisRungeKutta(DeisRkMethod.KUTTA3).sample(p, CASE.xStart()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timesteps");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisRungeKutta.NAME,
                SolverOptions.of(Map.of("method", "kutta5")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method");
    }
}
