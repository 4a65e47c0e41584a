package io.samplerkit.core.model;

import static io.samplerkit.core.analytic.GaussianFixtures.maxAbs;
import static io.samplerkit.core.analytic.GaussianFixtures.maxAbsDiff;
import static io.samplerkit.core.analytic.GaussianFixtures.normalBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VeSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PredictionConversionTest {

    private static final int CASES = 300;

    /** Each prediction from its definition, written independently of the class under test. */
    private static Map<Prediction, Batch> truth(Batch x0, Batch eps, NoiseLevel l) {
        Map<Prediction, Batch> m = new EnumMap<>(Prediction.class);
        Batch data = x0.copy();
        Batch noise = eps.copy();
        Batch score = eps.like();
        Batch velocity = eps.like();
        Batch flow = eps.like();
        for (int i = 0; i < x0.data().length; i++) {
            double a = x0.data()[i];
            double e = eps.data()[i];
            score.data()[i] = -e / l.sigma();
            velocity.data()[i] = l.alpha() * e - l.sigma() * a;
            flow.data()[i] = l.alphaDerivative() * a + l.sigmaDerivative() * e;
        }
        m.put(Prediction.DATA, data);
        m.put(Prediction.NOISE, noise);
        m.put(Prediction.SCORE, score);
        m.put(Prediction.VELOCITY, velocity);
        m.put(Prediction.FLOW, flow);
        return m;
    }

    @Test
    void bothCoefficientsFromOneScheduleEvaluationAreTheTwoSeparateCallsBitForBit() {
        NoiseSchedule[] schedules = {VpLinearSchedule.standard(), VpCosineSchedule.standard(), EdmSchedule.standard(),
            FlowMatchingSchedule.standard(), VeSchedule.standard()};
        double[] into = new double[2];
        for (long seed = 0; seed < CASES; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            NoiseSchedule schedule = schedules[rng.nextInt(schedules.length)];
            // inside the schedule's interval, away from its ends (where FLOW's derivatives may not be finite)
            double t = schedule.tMin() + (schedule.tMax() - schedule.tMin()) * rng.nextDouble(0.01, 0.99);
            for (Prediction from : Prediction.values()) {
                for (Prediction to : Prediction.values()) {
                    PredictionConversion.coefficientsAt(from, to, schedule, t, into);
                    assertThat(Double.doubleToRawLongBits(into[0]))
                            .as("cx seed=%d %s %s->%s t=%s", seed, schedule, from, to, t)
                            .isEqualTo(Double.doubleToRawLongBits(
                                    PredictionConversion.xCoefficient(from, to, schedule, t)));
                    assertThat(Double.doubleToRawLongBits(into[1]))
                            .as("cin seed=%d %s %s->%s t=%s", seed, schedule, from, to, t)
                            .isEqualTo(Double.doubleToRawLongBits(
                                    PredictionConversion.inputCoefficient(from, to, schedule, t)));
                }
            }
        }
    }

    @Test
    void everyPairConvertsExactlyAndRoundTripsForRandomLevels() {
        for (long seed = 0; seed < CASES; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            double alpha = rng.nextDouble(0.1, 2);
            double sigma = rng.nextDouble(0.1, 2);
            double da;
            double ds;
            do {
                da = rng.nextDouble(-3, 3);
                ds = rng.nextDouble(-3, 3);
            } while (Math.abs(alpha * ds - sigma * da) < 0.2);
            NoiseLevel level = new NoiseLevel(alpha, sigma, da, ds);
            Batch x0 = normalBatch(rng, 2, 5, 1.5);
            Batch eps = normalBatch(rng, 2, 5, 1.0);
            Batch x = x0.like();
            for (int i = 0; i < x.data().length; i++) {
                x.data()[i] = alpha * x0.data()[i] + sigma * eps.data()[i];
            }
            Map<Prediction, Batch> truth = truth(x0, eps, level);
            for (Prediction from : Prediction.values()) {
                for (Prediction to : Prediction.values()) {
                    Batch in = truth.get(from);
                    Batch out = x.like();
                    PredictionConversion.convert(from, to, x, in, level, out);
                    double scale = 1 + maxAbs(x.data()) + maxAbs(in.data()) + maxAbs(truth.get(to).data());
                    assertThat(maxAbsDiff(out.data(), truth.get(to).data()))
                            .as("seed=%d %s->%s alpha=%s sigma=%s alpha'=%s sigma'=%s", seed, from, to, alpha,
                                    sigma, da, ds)
                            .isLessThanOrEqualTo(1e-12 * scale);
                    Batch back = x.like();
                    PredictionConversion.convert(to, from, x, out, level, back);
                    assertThat(maxAbsDiff(back.data(), in.data()))
                            .as("round trip seed=%d %s->%s->%s", seed, from, to, from)
                            .isLessThanOrEqualTo(1e-12 * scale);
                }
            }
        }
    }

    @Test
    void conversionMayAliasInputAndIdentityIsExact() {
        SplittableRandom rng = new SplittableRandom(7);
        NoiseLevel level = NoiseLevel.of(0.8, 0.6);
        Batch x = normalBatch(rng, 3, 4, 1);
        Batch eps = normalBatch(rng, 3, 4, 1);
        Batch separate = x.like();
        PredictionConversion.convert(Prediction.NOISE, Prediction.VELOCITY, x, eps, level, separate);
        Batch inPlace = eps.copy();
        PredictionConversion.convert(Prediction.NOISE, Prediction.VELOCITY, x, inPlace, level, inPlace);
        assertThat(inPlace.data()).containsExactly(separate.data());
        Batch same = x.like();
        PredictionConversion.convert(Prediction.SCORE, Prediction.SCORE, x, eps, level, same);
        assertThat(same.data()).containsExactly(eps.data());
    }

    @Test
    void noiseToScoreHasNoStateTermAndVpVelocityMatchesDpmSolverWrapper() {
        NoiseLevel vp = NoiseLevel.of(0.6, 0.8);
        assertThat(PredictionConversion.xCoefficient(Prediction.NOISE, Prediction.SCORE, vp)).isZero();
        assertThat(PredictionConversion.inputCoefficient(Prediction.NOISE, Prediction.SCORE, vp))
                .isCloseTo(-1 / 0.8, org.assertj.core.data.Offset.offset(1e-15));
        // DPM-Solver model_wrapper (VP): eps = alpha v + sigma x
        assertThat(PredictionConversion.xCoefficient(Prediction.VELOCITY, Prediction.NOISE, vp))
                .isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(PredictionConversion.inputCoefficient(Prediction.VELOCITY, Prediction.NOISE, vp))
                .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-15));
        // flow matching alpha = 1 - t, sigma = t: x0 = x - t u
        double t = 0.3;
        NoiseLevel flow = new NoiseLevel(1 - t, t, -1, 1);
        assertThat(PredictionConversion.xCoefficient(Prediction.FLOW, Prediction.DATA, flow))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(PredictionConversion.inputCoefficient(Prediction.FLOW, Prediction.DATA, flow))
                .isCloseTo(-t, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void flowWithoutDerivativesIsRejected() {
        Batch x = Batch.zeros(1, 2);
        assertThatThrownBy(() -> PredictionConversion.convert(Prediction.FLOW, Prediction.DATA, x, x,
                NoiseLevel.of(0.5, 0.5), x.like()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alphaDerivative");
    }
}
