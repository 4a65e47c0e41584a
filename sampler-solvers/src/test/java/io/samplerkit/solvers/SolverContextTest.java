package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.dynamics.ProbabilityFlowOde;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.TestModels;
import org.junit.jupiter.api.Test;

/** The model views a {@link SolverContext} hands to code that calls a {@link DiffusionModel} itself. */
class SolverContextTest {

    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final Batch X = Batch.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}});

    private static SolverContext context(DiffusionModel model) {
        SamplingProblem p = SamplingProblem.of(VP, model, new LogSnrGrid(), 1.0, 1e-3, 4);
        return new SolverContext("probe", p, X.size(), X.dim());
    }

    @Test
    void countedModelAndProbabilityFlowCountEveryCallAndGiveTheModelsValues() {
        DiffusionModel model = GaussianFixtures.standard().model(VP, Prediction.VELOCITY);
        SolverContext context = context(model);
        assertThat(context.countedModel().prediction()).isEqualTo(Prediction.VELOCITY);
        Batch viaContext = X.like();
        Batch direct = X.like();
        context.countedModel().evaluate(X, 0.4, viaContext);
        model.evaluate(X, 0.4, direct);
        assertThat(viaContext.data()).containsExactly(direct.data());
        context.probabilityFlowOde().drift(X, 0.4, viaContext);
        new ProbabilityFlowOde(VP, model).drift(X, 0.4, direct);
        assertThat(viaContext.data()).containsExactly(direct.data());
        assertThat(context.modelCalls()).isEqualTo(2);
    }

    @Test
    void countedModelGuardsAgainstNonFiniteOutput() {
        DiffusionModel broken = TestModels.of(Prediction.NOISE, (x, t, out) -> {
            java.util.Arrays.fill(out.data(), 0.0);
            out.data()[4] = Double.NaN;
        });
        SolverContext context = context(broken);
        assertThatThrownBy(() -> context.probabilityFlowOde().drift(X, 0.5, X.like()))
                .isInstanceOfSatisfying(SamplingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
                    assertThat(e.solver()).isEqualTo("probe");
                    assertThat(e.index()).isEqualTo(4);
                });
        assertThat(context.modelCalls()).isEqualTo(1);
    }
}
