package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.exponential.Ddim;
import org.junit.jupiter.api.Test;

class PipelineSmokeTest {

    @Test
    void ddimConvergesAtFirstOrderOnGaussian() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        GaussianData data = GaussianData.diagonal(new double[] {0.5, -1, 2}, new double[] {0.01, 1, 9});
        Batch xT = Batch.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.5}});
        double prev = Double.NaN;
        double[] errs = new double[3];
        int[] steps = {40, 80, 160};
        for (int j = 0; j < steps.length; j++) {
            double[] t = new double[steps[j] + 1];
            double l0 = vp.lambda(1.0);
            double l1 = vp.lambda(1e-3);
            for (int i = 0; i <= steps[j]; i++) {
                t[i] = vp.timeOfLambda(l0 + (l1 - l0) * i / steps[j]);
            }
            t[0] = 1.0;
            t[steps[j]] = 1e-3;
            SamplingProblem p = SamplingProblem.of(vp, data.model(vp, Prediction.NOISE), Timesteps.of(vp, t));
            SamplingResult r = new Ddim(0).sample(p, xT);
            Batch exact = xT.like();
            data.flow(xT, vp, 1.0, 1e-3, exact);
            double e = 0;
            for (int i = 0; i < exact.data().length; i++) {
                e = Math.max(e, Math.abs(exact.data()[i] - r.x().data()[i]));
            }
            errs[j] = e;
            assertThat(r.modelCalls()).isEqualTo(steps[j]);
        }
        double slope = Math.log(errs[1] / errs[2]) / Math.log(2);
        assertThat(slope).isBetween(0.9, 1.1);
        assertThat(prev).isNaN();
    }
}
