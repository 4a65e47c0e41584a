package io.samplerkit.core.analytic;

import static io.samplerkit.core.analytic.GaussianFixtures.maxAbs;
import static io.samplerkit.core.analytic.GaussianFixtures.maxAbsDiff;
import static io.samplerkit.core.analytic.GaussianFixtures.normalBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GaussianMixtureDataTest {

    private static final List<NoiseSchedule> SCHEDULES = List.of(VpLinearSchedule.standard(), EdmSchedule.standard());

    private static GaussianMixtureData twoModes(SplittableRandom rng, int d) {
        return GaussianMixtureData.of(new double[] {0.3, 0.7}, GaussianFixtures.random(rng, d),
                GaussianFixtures.random(rng, d));
    }

    @Test
    void oneComponentEqualsGaussianData() {
        for (long seed = 0; seed < 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 3);
            GaussianMixtureData mixture = GaussianMixtureData.of(new double[] {1.0 + 5e-7}, data);
            assertThat(mixture.weight(0)).isEqualTo(1.0);
            for (NoiseSchedule schedule : SCHEDULES) {
                double t = schedule.tMax() * rng.nextDouble(0.01, 1);
                Batch x = normalBatch(rng, 3, 3, schedule.sigma(t) + 1);
                for (Prediction p : Prediction.values()) {
                    Batch expected = x.like();
                    Batch got = x.like();
                    data.model(schedule, p).evaluate(x, t, expected);
                    mixture.model(schedule, p).evaluate(x, t, got);
                    assertThat(got.data()).as("seed=%d %s %s", seed, schedule.describe(), p)
                            .containsExactly(expected.data());
                }
                assertThat(mixture.logDensity(x.toArray()[0], schedule.alpha(t), schedule.sigma(t)))
                        .isCloseTo(data.logDensity(x.toArray()[0], schedule.alpha(t), schedule.sigma(t)),
                                Offset.offset(1e-12));
            }
        }
    }

    @Test
    void scoreIsTheGradientOfTheLogDensityAndTweedieHolds() {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 3;
            GaussianMixtureData mixture = twoModes(rng, d);
            double alpha = rng.nextDouble(0.2, 1);
            double sigma = rng.nextDouble(0.2, 1.5);
            Batch x = normalBatch(rng, 1, d, 2);
            Batch score = x.like();
            Batch x0 = x.like();
            mixture.score(x, alpha, sigma, score);
            mixture.denoise(x, alpha, sigma, x0);
            double h = 1e-5;
            for (int i = 0; i < d; i++) {
                double[] plus = x.toArray()[0];
                double[] minus = x.toArray()[0];
                plus[i] += h;
                minus[i] -= h;
                double fd = (mixture.logDensity(plus, alpha, sigma) - mixture.logDensity(minus, alpha, sigma)) / (2 * h);
                assertThat(score.get(0, i)).as("seed=%d d/dx_%d", seed, i)
                        .isCloseTo(fd, Offset.offset(1e-6 * (1 + Math.abs(fd))));
                double tweedie = (x.get(0, i) + sigma * sigma * score.get(0, i)) / alpha;
                assertThat(x0.get(0, i)).as("seed=%d Tweedie %d", seed, i)
                        .isCloseTo(tweedie, Offset.offset(1e-12 * (1 + Math.abs(tweedie))));
            }
            double[] w = mixture.responsibilities(x.toArray()[0], alpha, sigma);
            assertThat(w[0] + w[1]).isCloseTo(1.0, Offset.offset(1e-15));
        }
    }

    @Test
    void responsibilitiesSurviveFarAwayPoints() {
        GaussianMixtureData mixture = GaussianMixtureData.of(new double[] {0.5, 0.5},
                GaussianData.diagonal(new double[] {-1}, new double[] {0.01}),
                GaussianData.diagonal(new double[] {1}, new double[] {0.01}));
        double[] w = mixture.responsibilities(new double[] {300}, 1, 0.01);
        assertThat(w[0]).isZero();
        assertThat(w[1]).isEqualTo(1.0);
        Batch x = Batch.of(new double[][] {{300}});
        Batch x0 = x.like();
        mixture.denoise(x, 1, 0.01, x0);
        assertThat(x0.get(0, 0)).isFinite();
    }

    @Test
    void referenceFlowOfOneComponentMatchesTheClosedForm() {
        for (long seed = 0; seed < 6; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 3);
            GaussianMixtureData mixture = GaussianMixtureData.of(new double[] {1}, data);
            for (NoiseSchedule schedule : SCHEDULES) {
                double s = schedule.tMax();
                double t = schedule == SCHEDULES.get(0) ? 1e-3 : 0.002;
                Batch x = normalBatch(rng, 2, 3, schedule.sigma(s));
                Batch exact = x.like();
                Batch reference = x.like();
                data.flow(x, schedule, s, t, exact);
                mixture.referenceFlow(x, schedule, s, t, reference);
                assertThat(maxAbsDiff(reference.data(), exact.data()))
                        .as("seed=%d %s", seed, schedule.describe())
                        .isLessThanOrEqualTo(1e-11 * (1 + maxAbs(exact.data())));
                Batch loose = x.like();
                mixture.referenceFlow(x, schedule.alpha(s), schedule.sigma(s), schedule.alpha(t), schedule.sigma(t),
                        1e-10, loose);
                assertThat(maxAbsDiff(loose.data(), exact.data()))
                        .as("seed=%d %s rtol 1e-10", seed, schedule.describe())
                        .isLessThanOrEqualTo(1e-9 * (1 + maxAbs(exact.data())));
            }
        }
    }

    @Test
    void referenceFlowOfTwoModesConvergesWithTheToleranceAndIsReversible() {
        SplittableRandom rng = new SplittableRandom(42);
        GaussianMixtureData mixture = twoModes(rng, 2);
        VpLinearSchedule vp = VpLinearSchedule.standard();
        Batch x = normalBatch(rng, 3, 2, 1);
        Batch fine = x.like();
        Batch coarse = x.like();
        mixture.referenceFlow(x, vp.alpha(1), vp.sigma(1), vp.alpha(0.01), vp.sigma(0.01), 1e-13, fine);
        mixture.referenceFlow(x, vp.alpha(1), vp.sigma(1), vp.alpha(0.01), vp.sigma(0.01), 1e-10, coarse);
        assertThat(maxAbsDiff(fine.data(), coarse.data())).isLessThanOrEqualTo(1e-9 * (1 + maxAbs(fine.data())));
        Batch back = x.like();
        mixture.referenceFlow(fine, vp.alpha(0.01), vp.sigma(0.01), vp.alpha(1), vp.sigma(1), 1e-13, back);
        assertThat(maxAbsDiff(back.data(), x.data())).isLessThanOrEqualTo(1e-10);
        Batch same = x.copy();
        mixture.referenceFlow(same, vp, 0.5, 0.5, same);
        assertThat(maxAbsDiff(same.data(), x.data())).isLessThanOrEqualTo(1e-15);
    }

    @Test
    void invalidMixturesAreRejected() {
        GaussianData a = GaussianFixtures.standard();
        assertThatThrownBy(() -> GaussianMixtureData.of(new double[] {1, 0}, a, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1]");
        assertThatThrownBy(() -> GaussianMixtureData.of(new double[] {1, 1}, a,
                GaussianData.diagonal(new double[] {0}, new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("components[1].dim");
        assertThatThrownBy(() -> GaussianMixtureData.of(new double[] {1}, a, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights.length");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void referenceFlowFromANearlyZeroSnrLevelMatchesTheClosedForm() {
        // lambda_s = -8 (alpha/sigma = 3.4e-4, a zero-terminal-SNR table's last level): the integrator's own
        // first-step estimate probed lambda = +hundreds, where the derivative is NaN, and never finished
        SplittableRandom rng = new SplittableRandom(5);
        GaussianData data = GaussianFixtures.random(rng, 3);
        GaussianMixtureData mixture = GaussianMixtureData.of(new double[] {1}, data);
        for (double lambdaS : new double[] {-6, -8, -12}) {
            double sigmaS = 1 / Math.sqrt(1 + Math.exp(2 * lambdaS));
            double alphaS = Math.exp(lambdaS) * sigmaS;
            double alphaT = 0.999;
            double sigmaT = Math.sqrt(1 - alphaT * alphaT);
            Batch x = normalBatch(rng, 2, 3, 1.0);
            Batch expected = x.like();
            Batch got = x.like();
            data.flow(x, alphaS, sigmaS, alphaT, sigmaT, expected);
            mixture.referenceFlow(x, alphaS, sigmaS, alphaT, sigmaT, 1e-12, got);
            assertThat(maxAbsDiff(expected.data(), got.data()) / (1 + maxAbs(expected.data())))
                    .as("lambda_s = %s", lambdaS).isLessThanOrEqualTo(1e-11);
        }
    }

    @Test
    void referenceFlowStopsWhenItsBudgetIsExhausted() {
        GaussianMixtureData mixture = twoModes(new SplittableRandom(3), 2);
        Batch x = normalBatch(new SplittableRandom(4), 2, 2, 1.0);
        SamplingException e = catchThrowableOfType(
                () -> mixture.referenceFlow(x, 0.1, Math.sqrt(0.99), 0.999, Math.sqrt(1 - 0.998001), 1e-12, 20,
                        x.like()), SamplingException.class);
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(SamplingException.Kind.TOO_MANY_EVALUATIONS);
        assertThat(e.getMessage()).contains("budget of 20");
        try {
            Thread.currentThread().interrupt();
            SamplingException cancelled = catchThrowableOfType(
                    () -> mixture.referenceFlow(x, VpLinearSchedule.standard(), 1.0, 1e-3, x.like()),
                    SamplingException.class);
            assertThat(cancelled.kind()).isEqualTo(SamplingException.Kind.CANCELLED);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void weightsMustBeFinitePositiveAndSumToOne() {
        GaussianData a = GaussianFixtures.standard();
        for (double[] w : new double[][] {{0.3, 0.3}, {1, 1}, {0.5, 0.5 + 2e-6}}) {
            InvalidInputException e = catchThrowableOfType(() -> GaussianMixtureData.of(w, a, a),
                    InvalidInputException.class);
            assertThat(e).as("weights %s", java.util.Arrays.toString(w)).isNotNull();
            assertThat(e.path()).isEqualTo("weights");
            assertThat(e.allowed()).contains(String.valueOf(GaussianMixtureData.WEIGHT_SUM_TOLERANCE));
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.5, 0}) {
            InvalidInputException e = catchThrowableOfType(() -> GaussianMixtureData.of(new double[] {1, bad}, a, a),
                    InvalidInputException.class);
            assertThat(e.path()).isEqualTo("weights[1]");
        }
        InvalidInputException huge = catchThrowableOfType(
                () -> GaussianMixtureData.of(new double[] {1e308, 1e308}, a, a), InvalidInputException.class);
        assertThat(huge.path()).isEqualTo("weights");
        GaussianMixtureData ok = GaussianMixtureData.of(new double[] {1.0 / 3, 1.0 / 3, 0.333333}, a, a, a);
        assertThat(ok.weight(0) + ok.weight(1) + ok.weight(2)).isCloseTo(1.0, Offset.offset(1e-15));
    }
}
