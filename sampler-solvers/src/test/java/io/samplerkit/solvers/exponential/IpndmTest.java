package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.SkipType;
import io.samplerkit.core.grid.UniformTimeGrid;
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

class IpndmTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();

    private static final int[] STEPS = {80, 160, 320};

    @Test
    void isSecondOrderOnAUniformLambdaGrid() {
        double[] e = ExactHistoryStart.priorHistoryErrors(new Ipndm(), CASE, SkipType.LOG_SNR,
                3, STEPS);
        assertThat(ConvergenceSlope.lastTwo(STEPS, e)).as(ConvergenceSlope.describe(STEPS, e))
                .isBetween(1.85, 2.15);
    }

    /** The registry description states the order measured above, which {@code order()} reports. */
    @Test
    void descriptionStatesTheMeasuredOrder() {
        String description = SolverRegistry.standard().entry(Ipndm.NAME).description();
        assertThat(new Ipndm().order()).isEqualTo(2);
        assertThat(description).contains("order " + new Ipndm().order()).doesNotContain("order 4");
    }

    @Test
    void firstStepIsDdimAndNfeIsSteps() {
        double[] one = CASE.times(new LogSnrGrid(), 1);
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, one);
        assertThat(new Ipndm().sample(p, CASE.xStart()).x().data())
                .containsExactly(new Ddim(0).sample(p, CASE.xStart()).x().data(),
                        org.assertj.core.api.Assertions.within(1e-13));
        SamplingResult r = new Ipndm().sample(GaussianRuns.problem(CASE, Prediction.DATA, new UniformTimeGrid(), 11),
                CASE.xStart());
        assertThat(r.modelCalls()).isEqualTo(11);
    }

    @Test
    void takesNoOptions() {
        assertThatThrownBy(() -> SolverRegistry.standard().create(Ipndm.NAME, SolverOptions.of(Map.of("order", 4))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
    }
}
