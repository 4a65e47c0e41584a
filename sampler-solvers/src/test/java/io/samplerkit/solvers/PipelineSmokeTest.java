package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.exponential.Ddim;
import io.samplerkit.solvers.testing.GaussianRuns;
import org.junit.jupiter.api.Test;

class PipelineSmokeTest {

    @Test
    void ddimConvergesAtFirstOrderOnGaussian() {
        GaussianFlowCase c = GaussianFlowCase.standard();
        int[] steps = {40, 80, 160};
        double[] errors = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            SamplingProblem p = GaussianRuns.problem(c, Prediction.NOISE, new LogSnrGrid(), steps[j]);
            SamplingResult r = new Ddim(0).sample(p, c.xStart());
            errors[j] = c.error(r.x(), p.timesteps());
            assertThat(r.modelCalls()).isEqualTo(steps[j]);
        }
        assertThat(ConvergenceSlope.lastTwo(steps, errors)).as(ConvergenceSlope.describe(steps, errors))
                .isBetween(0.9, 1.1);
    }
}
