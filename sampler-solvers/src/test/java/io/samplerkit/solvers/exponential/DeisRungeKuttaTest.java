package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DeisRungeKuttaTest {

    @ParameterizedTest
    @EnumSource(DeisRkMethod.class)
    void convergesAtTheTableauOrder(DeisRkMethod method) {
        int[] steps = {40, 80, 160};
        DeisRungeKutta solver = new DeisRungeKutta(method);
        double[] e = GaussianConvergence.errors(solver, GaussianConvergence::uniformLambda, steps);
        double slope = GaussianConvergence.lastSlope(e, steps);
        assertThat(slope).as("%s: %s", method, GaussianConvergence.describe(e, steps))
                .isBetween(method.tableau().order() - 0.15, method.tableau().order() + 0.15);
    }

    @Test
    void usesOneModelCallPerStage() {
        double[] t = GaussianConvergence.uniformLambda(7);
        SamplingResult r = new DeisRungeKutta(DeisRkMethod.RK4).sample(
                GaussianConvergence.problem(t, Prediction.DATA), GaussianConvergence.xT());
        assertThat(r.modelCalls()).isEqualTo(28);
    }

    @Test
    void eulerIsDdim() {
        double[] t = GaussianConvergence.uniformLambda(9);
        SamplingProblem p = GaussianConvergence.problem(t, Prediction.NOISE);
        SamplingResult a = new DeisRungeKutta(DeisRkMethod.EULER).sample(p, GaussianConvergence.xT());
        SamplingResult b = new Ddim(0).sample(p, GaussianConvergence.xT());
        for (int i = 0; i < a.x().data().length; i++) {
            assertThat(a.x().data()[i]).isCloseTo(b.x().data()[i], org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void rejectsZeroNoiseEndAndBadOptions() {
        SamplingProblem p = GaussianConvergence.zeroNoiseEndProblem(GaussianConvergence.uniformLambda(4));
        assertThatThrownBy(() -> new DeisRungeKutta(DeisRkMethod.KUTTA3).sample(p, GaussianConvergence.xT()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timesteps");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisRungeKutta.NAME,
                SolverOptions.of(Map.of("method", "kutta5")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method");
    }
}
