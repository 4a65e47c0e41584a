package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpndmTest {

    private static final int[] STEPS = {80, 160, 320};

    @Test
    void isSecondOrderOnAUniformLambdaGrid() {
        double[] e = GaussianConvergence.exactStartErrors(new Ipndm(), GaussianConvergence::uniformLambda,
                GaussianConvergence::uniformLambdaPrior, 3, STEPS);
        assertThat(GaussianConvergence.lastSlope(e, STEPS)).as(GaussianConvergence.describe(e, STEPS))
                .isBetween(1.85, 2.15);
    }

    @Test
    void firstStepIsDdimAndNfeIsSteps() {
        double[] one = GaussianConvergence.uniformLambda(1);
        SamplingProblem p = GaussianConvergence.problem(one, Prediction.NOISE);
        assertThat(new Ipndm().sample(p, GaussianConvergence.xT()).x().data())
                .containsExactly(new Ddim(0).sample(p, GaussianConvergence.xT()).x().data(),
                        org.assertj.core.api.Assertions.within(1e-13));
        SamplingResult r = new Ipndm().sample(GaussianConvergence.problem(GaussianConvergence.uniformT(11),
                Prediction.DATA), GaussianConvergence.xT());
        assertThat(r.modelCalls()).isEqualTo(11);
    }

    @Test
    void takesNoOptions() {
        assertThatThrownBy(() -> SolverRegistry.standard().create(Ipndm.NAME, SolverOptions.of(Map.of("order", 4))))
                .hasMessageContaining("has no option 'order'");
    }
}
