package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.SkipType;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.ExactHistoryStart;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeisMultistepTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();

    private static final int[] STEPS = {80, 160, 320};

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void exactHistoryStartGivesTheOrder(int order) {
        double[] e = ExactHistoryStart.priorHistoryErrors(new DeisMultistep(order, false), CASE, SkipType.LOG_SNR,
                order - 1, STEPS);
        double slope = ConvergenceSlope.lastTwo(STEPS, e);
        String seen = ConvergenceSlope.describe(STEPS, e);
        if (order < 3) {
            assertThat(slope).as(seen).isBetween(order - 0.15, order + 0.15);
        } else {
            // DEIS-3 = multistep-3 with 2 D2: at least 3, superconvergent (about 4) on this problem
            assertThat(slope).as(seen).isGreaterThanOrEqualTo(2.85);
        }
    }

    @Test
    void warmUpLimitsTheThirdOrder() {
        double[] exact = ExactHistoryStart.priorHistoryErrors(new DeisMultistep(3, false), CASE, SkipType.LOG_SNR,
                2, STEPS);
        double[] warm = GaussianRuns.errors(new DeisMultistep(3, false), CASE, Prediction.NOISE, new LogSnrGrid(),
                STEPS);
        assertThat(ConvergenceSlope.lastTwo(STEPS, warm))
                .isLessThan(ConvergenceSlope.lastTwo(STEPS, exact) - 0.5);
    }

    @Test
    void orderOneIsDdimAndEveryOrderCallsTheModelOncePerStep() {
        double[] t = CASE.times(new LogSnrGrid(), 12);
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.DATA, t);
        SamplingResult deis = new DeisMultistep(1, true).sample(p, CASE.xStart());
        SamplingResult ddim = new Ddim(0).sample(p, CASE.xStart());
        assertThat(deis.x().data()).containsExactly(ddim.x().data(), within(1e-12));
        for (int order = 1; order <= 3; order++) {
            assertThat(new DeisMultistep(order, true).sample(p, CASE.xStart()).modelCalls()).isEqualTo(12);
        }
    }

    @Test
    void lowerOrderFinalActsBelowFifteenSteps() {
        for (int n : new int[] {10, 14, 15}) {
            SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, CASE.times(new LogSnrGrid(), n));
            double[] with = new DeisMultistep(3, true).sample(p, CASE.xStart()).x().data();
            double[] without = new DeisMultistep(3, false).sample(p, CASE.xStart()).x().data();
            if (n < 15) {
                assertThat(with).as("N=%d", n).isNotEqualTo(without);
            } else {
                assertThat(with).as("N=%d", n).containsExactly(without);
            }
        }
    }

    @Test
    void rejectsZeroNoiseEndAndBadOptions() {
        SamplingProblem p = GaussianRuns.zeroNoiseEndProblem(CASE, Prediction.NOISE, CASE.times(new LogSnrGrid(), 4));
        assertThatThrownBy(() -> new DeisMultistep(2, true).sample(p, CASE.xStart()))
                .hasMessageContaining("timesteps must end at sigma > 0");
        assertThatThrownBy(() -> new DeisMultistep(4, true)).hasMessageContaining("order");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisMultistep.NAME,
                SolverOptions.of(Map.of("order", 0))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisMultistep.NAME,
                SolverOptions.of(Map.of("lower-order-final", "maybe")))).hasMessageContaining("lower-order-final");
        assertThatThrownBy(() -> SolverRegistry.standard().create(DeisMultistep.NAME,
                SolverOptions.of(Map.of("degree", 2)))).hasMessageContaining("degree");
    }
}
