package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeisMultistepTest {

    private static final int[] STEPS = {80, 160, 320};

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void exactHistoryStartGivesTheOrder(int order) {
        double[] e = GaussianConvergence.exactStartErrors(new DeisMultistep(order, false),
                GaussianConvergence::uniformLambda, GaussianConvergence::uniformLambdaPrior, order - 1, STEPS);
        double slope = GaussianConvergence.lastSlope(e, STEPS);
        String seen = GaussianConvergence.describe(e, STEPS);
        if (order < 3) {
            assertThat(slope).as(seen).isBetween(order - 0.15, order + 0.15);
        } else {
            // DEIS-3 = multistep-3 with 2 D2: at least 3, superconvergent (about 4) on this problem
            assertThat(slope).as(seen).isGreaterThanOrEqualTo(2.85);
        }
    }

    @Test
    void warmUpLimitsTheThirdOrder() {
        double[] exact = GaussianConvergence.exactStartErrors(new DeisMultistep(3, false),
                GaussianConvergence::uniformLambda, GaussianConvergence::uniformLambdaPrior, 2, STEPS);
        double[] warm = GaussianConvergence.errors(new DeisMultistep(3, false), GaussianConvergence::uniformLambda,
                STEPS);
        assertThat(GaussianConvergence.lastSlope(warm, STEPS))
                .isLessThan(GaussianConvergence.lastSlope(exact, STEPS) - 0.5);
    }

    @Test
    void orderOneIsDdimAndEveryOrderCallsTheModelOncePerStep() {
        double[] t = GaussianConvergence.uniformLambda(12);
        SamplingProblem p = GaussianConvergence.problem(t, Prediction.DATA);
        SamplingResult deis = new DeisMultistep(1, true).sample(p, GaussianConvergence.xT());
        SamplingResult ddim = new Ddim(0).sample(p, GaussianConvergence.xT());
        for (int i = 0; i < deis.x().data().length; i++) {
            assertThat(deis.x().data()[i]).isCloseTo(ddim.x().data()[i], within(1e-12));
        }
        for (int order = 1; order <= 3; order++) {
            assertThat(new DeisMultistep(order, true).sample(p, GaussianConvergence.xT()).modelCalls()).isEqualTo(12);
        }
    }

    @Test
    void lowerOrderFinalActsBelowFifteenSteps() {
        for (int n : new int[] {10, 14, 15}) {
            SamplingProblem p = GaussianConvergence.problem(GaussianConvergence.uniformLambda(n), Prediction.NOISE);
            double[] with = new DeisMultistep(3, true).sample(p, GaussianConvergence.xT()).x().data();
            double[] without = new DeisMultistep(3, false).sample(p, GaussianConvergence.xT()).x().data();
            if (n < 15) {
                assertThat(with).as("N=%d", n).isNotEqualTo(without);
            } else {
                assertThat(with).as("N=%d", n).containsExactly(without);
            }
        }
    }

    @Test
    void rejectsZeroNoiseEndAndBadOptions() {
        SamplingProblem p = GaussianConvergence.zeroNoiseEndProblem(GaussianConvergence.uniformLambda(4));
        assertThatThrownBy(() -> new DeisMultistep(2, true).sample(p, GaussianConvergence.xT()))
                .hasMessageContaining("timesteps must end at sigma > 0");
        assertThatThrownBy(() -> new DeisMultistep(4, true)).hasMessageContaining("order");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisMultistep.NAME,
                SolverOptions.of(Map.of("order", 0)))).hasMessageContaining("option order");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisMultistep.NAME,
                SolverOptions.of(Map.of("lower-order-final", "maybe")))).hasMessageContaining("lower-order-final");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisMultistep.NAME,
                SolverOptions.of(Map.of("degree", 2)))).hasMessageContaining("degree");
    }
}
