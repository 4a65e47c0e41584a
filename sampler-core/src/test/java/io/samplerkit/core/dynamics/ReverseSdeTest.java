package io.samplerkit.core.dynamics;

import static io.samplerkit.core.analytic.GaussianFixtures.maxAbs;
import static io.samplerkit.core.analytic.GaussianFixtures.maxAbsDiff;
import static io.samplerkit.core.analytic.GaussianFixtures.normalBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReverseSdeTest {

    @Test
    void driftIsScoreFormForEveryParameterizationAndEta() {
        for (long seed = 0; seed < 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 3);
            for (NoiseSchedule schedule : List.of(VpLinearSchedule.standard(), EdmSchedule.standard())) {
                double t = schedule.tMax() * rng.nextDouble(0.05, 0.95);
                double eta = rng.nextDouble(0, 2);
                Batch x = normalBatch(rng, 2, 3, schedule.sigma(t) + schedule.alpha(t));
                Batch score = x.like();
                data.score(x, schedule.alpha(t), schedule.sigma(t), score);
                double[] expected = new double[x.data().length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = schedule.f(t) * x.data()[i]
                            - 0.5 * (1 + eta * eta) * schedule.g2(t) * score.data()[i];
                }
                for (Prediction p : Prediction.values()) {
                    ReverseSde sde = new ReverseSde(schedule, data.model(schedule, p), eta);
                    Batch drift = x.like();
                    sde.drift(x, t, drift);
                    assertThat(maxAbsDiff(drift.data(), expected))
                            .as("seed=%d %s %s eta=%s t=%s", seed, schedule.describe(), p, eta, t)
                            .isLessThanOrEqualTo(1e-12 * (1 + maxAbs(expected)));
                    assertThat(sde.diffusion(t)).isEqualTo(eta * Math.sqrt(schedule.g2(t)));
                }
            }
        }
    }

    @Test
    void etaZeroIsTheProbabilityFlowAndAndersonIsEtaOne() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        GaussianData data = GaussianFixtures.standard();
        Batch x = normalBatch(new SplittableRandom(1), 2, 3, 1);
        Batch sde = x.like();
        Batch ode = x.like();
        new ReverseSde(vp, data.model(vp, Prediction.NOISE), 0).drift(x, 0.4, sde);
        new ProbabilityFlowOde(vp, data.model(vp, Prediction.NOISE)).drift(x, 0.4, ode);
        assertThat(sde.data()).containsExactly(ode.data());
        assertThat(ReverseSde.anderson(vp, data.model(vp, Prediction.NOISE)).eta()).isEqualTo(1.0);
        assertThatThrownBy(() -> new ReverseSde(vp, data.model(vp, Prediction.NOISE), -0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eta");
    }
}
