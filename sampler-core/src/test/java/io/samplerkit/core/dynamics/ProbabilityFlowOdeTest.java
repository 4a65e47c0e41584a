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
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.SubVpSchedule;
import io.samplerkit.core.schedule.VeSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbabilityFlowOdeTest {

    private static final List<NoiseSchedule> SCHEDULES = List.of(VpLinearSchedule.standard(), EdmSchedule.standard(),
            VpCosineSchedule.standard(), VeSchedule.standard(), SubVpSchedule.standard(),
            FlowMatchingSchedule.standard());

    private static double interiorTime(SplittableRandom rng, NoiseSchedule schedule) {
        return Math.exp(rng.nextDouble(Math.log(Math.max(schedule.tMin(), 1e-2)), Math.log(schedule.tMax() * 0.9)));
    }

    /** The exact flow map x(t) = F(r -> t) x must have d x(t)/dt = drift(x(t), t). */
    @Test
    void exactFlowSatisfiesTheOdeForEveryParameterization() {
        for (long seed = 0; seed < 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 3);
            for (NoiseSchedule schedule : SCHEDULES) {
                double r = schedule.tMax();
                double t = interiorTime(rng, schedule);
                Batch xr = normalBatch(rng, 2, 3, schedule.sigma(r));
                double h = 1e-5 * t;
                Batch plus = xr.like();
                Batch minus = xr.like();
                Batch here = xr.like();
                data.flow(xr, schedule, r, t + h, plus);
                data.flow(xr, schedule, r, t - h, minus);
                data.flow(xr, schedule, r, t, here);
                double[] fd = new double[here.data().length];
                for (int i = 0; i < fd.length; i++) {
                    fd[i] = (plus.data()[i] - minus.data()[i]) / (2 * h);
                }
                for (Prediction p : Prediction.values()) {
                    Batch drift = xr.like();
                    new ProbabilityFlowOde(schedule, data.model(schedule, p)).drift(here, t, drift);
                    assertThat(maxAbsDiff(drift.data(), fd))
                            .as("seed=%d %s %s t=%s", seed, schedule.describe(), p, t)
                            .isLessThanOrEqualTo(1e-6 * (1 + maxAbs(fd)));
                }
            }
        }
    }

    /** Drifts from the five parameterizations agree, and agree with the data form (sigma'/sigma) x + alpha lambda' x0. */
    @Test
    void driftIsTheSameFromEveryParameterization() {
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 4);
            for (NoiseSchedule schedule : SCHEDULES) {
                double t = interiorTime(rng, schedule);
                Batch x = normalBatch(rng, 3, 4, schedule.sigma(t) + schedule.alpha(t));
                Batch x0 = x.like();
                data.model(schedule, Prediction.DATA).evaluate(x, t, x0);
                double alpha = schedule.alpha(t);
                double sigma = schedule.sigma(t);
                double ds = schedule.sigmaDerivative(t);
                double dLambda = schedule.alphaDerivative(t) / alpha - ds / sigma;
                double[] dataForm = new double[x.data().length];
                for (int i = 0; i < dataForm.length; i++) {
                    dataForm[i] = ds / sigma * x.data()[i] + alpha * dLambda * x0.data()[i];
                }
                for (Prediction p : Prediction.values()) {
                    Batch drift = x.like();
                    new ProbabilityFlowOde(schedule, data.model(schedule, p)).drift(x, t, drift);
                    assertThat(maxAbsDiff(drift.data(), dataForm))
                            .as("seed=%d %s %s t=%s", seed, schedule.describe(), p, t)
                            .isLessThanOrEqualTo(1e-12 * (1 + maxAbs(dataForm) + maxAbs(x.data()) / sigma));
                }
            }
        }
    }

    @Test
    void outputMustNotAliasTheState() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        ProbabilityFlowOde ode = new ProbabilityFlowOde(vp, GaussianFixtures.standard().model(vp, Prediction.NOISE));
        Batch x = Batch.zeros(1, 3);
        assertThatThrownBy(() -> ode.drift(x, 0.5, x)).isInstanceOf(IllegalArgumentException.class);
    }
}
