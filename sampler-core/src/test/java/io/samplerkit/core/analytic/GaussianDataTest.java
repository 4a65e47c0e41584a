package io.samplerkit.core.analytic;

import static io.samplerkit.core.analytic.GaussianFixtures.maxAbs;
import static io.samplerkit.core.analytic.GaussianFixtures.maxAbsDiff;
import static io.samplerkit.core.analytic.GaussianFixtures.normalBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;

import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GaussianDataTest {

    private static final List<NoiseSchedule> SCHEDULES = List.of(VpLinearSchedule.standard(), EdmSchedule.standard());

    private static double randomTime(SplittableRandom rng, NoiseSchedule schedule) {
        double lo = Math.max(schedule.tMin(), 1e-3);
        return Math.exp(rng.nextDouble(Math.log(lo), Math.log(schedule.tMax())));
    }

    @Test
    void exactModelInEveryPredictionAgreesWithTheConversions() {
        for (long seed = 0; seed < 60; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 4);
            for (NoiseSchedule schedule : SCHEDULES) {
                double t = randomTime(rng, schedule);
                Batch x = normalBatch(rng, 3, 4, schedule.sigma(t) + schedule.alpha(t));
                Batch x0 = x.like();
                data.model(schedule, Prediction.DATA).evaluate(x, t, x0);
                for (Prediction p : Prediction.values()) {
                    Batch direct = x.like();
                    data.model(schedule, p).evaluate(x, t, direct);
                    Batch converted = x.like();
                    PredictionConversion.convert(Prediction.DATA, p, x, x0, NoiseLevel.of(schedule, t), converted);
                    double scale = maxAbs(direct.data()) + maxAbs(x.data()) / Math.pow(schedule.sigma(t), 2);
                    assertThat(maxAbsDiff(direct.data(), converted.data()))
                            .as("seed=%d %s %s t=%s", seed, schedule.describe(), p, t)
                            .isLessThanOrEqualTo(1e-13 * scale);
                }
            }
        }
    }

    @Test
    void posteriorMeanAndScoreMatchTheMatrixFormulas() {
        for (long seed = 0; seed < 30; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 5;
            GaussianData data = GaussianFixtures.random(rng, d);
            double alpha = rng.nextDouble(0.05, 1.5);
            double sigma = rng.nextDouble(0.05, 3);
            Batch x = normalBatch(rng, 2, d, 2);
            DMatrixRMaj sigmaMatrix = new DMatrixRMaj(data.covariance());
            DMatrixRMaj c = sigmaMatrix.copy();
            CommonOps_DDRM.scale(alpha * alpha, c);
            for (int i = 0; i < d; i++) {
                c.add(i, i, sigma * sigma);
            }
            Batch x0 = x.like();
            Batch score = x.like();
            data.denoise(x, alpha, sigma, x0);
            data.score(x, alpha, sigma, score);
            for (int r = 0; r < 2; r++) {
                DMatrixRMaj y = new DMatrixRMaj(d, 1);
                for (int i = 0; i < d; i++) {
                    y.set(i, 0, x.get(r, i) - alpha * data.mean()[i]);
                }
                DMatrixRMaj solved = new DMatrixRMaj(d, 1);
                CommonOps_DDRM.solve(c, y, solved);
                DMatrixRMaj posterior = new DMatrixRMaj(d, 1);
                CommonOps_DDRM.mult(sigmaMatrix, solved, posterior);
                for (int i = 0; i < d; i++) {
                    double expectedX0 = data.mean()[i] + alpha * posterior.get(i, 0);
                    assertThat(x0.get(r, i)).as("seed=%d x0[%d][%d]", seed, r, i)
                            .isCloseTo(expectedX0, org.assertj.core.data.Offset.offset(1e-11 * (1 + Math.abs(expectedX0))));
                    assertThat(score.get(r, i)).as("seed=%d score[%d][%d]", seed, r, i)
                            .isCloseTo(-solved.get(i, 0),
                                    org.assertj.core.data.Offset.offset(1e-11 * (1 + Math.abs(solved.get(i, 0)))));
                }
            }
        }
    }

    @Test
    void flowComposes() {
        for (long seed = 0; seed < 40; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianFixtures.random(rng, 3);
            for (NoiseSchedule schedule : SCHEDULES) {
                double[] times = {randomTime(rng, schedule), randomTime(rng, schedule), randomTime(rng, schedule)};
                java.util.Arrays.sort(times);
                double r = times[2];
                double s = times[1];
                double t = times[0];
                Batch x = normalBatch(rng, 2, 3, schedule.sigma(r) + schedule.alpha(r));
                Batch mid = x.like();
                Batch twoSteps = x.like();
                Batch oneStep = x.like();
                data.flow(x, schedule, r, s, mid);
                data.flow(mid, schedule, s, t, twoSteps);
                data.flow(x, schedule, r, t, oneStep);
                assertThat(maxAbsDiff(twoSteps.data(), oneStep.data()))
                        .as("seed=%d %s r=%s s=%s t=%s", seed, schedule.describe(), r, s, t)
                        .isLessThanOrEqualTo(1e-13 * (1 + maxAbs(oneStep.data())));
                Batch back = x.like();
                data.flow(oneStep, schedule, t, r, back);
                assertThat(maxAbsDiff(back.data(), x.data())).as("seed=%d reversibility", seed)
                        .isLessThanOrEqualTo(1e-12 * (1 + maxAbs(x.data())));
            }
        }
    }

    @Test
    void marginalsAreConsistent() {
        GaussianData data = GaussianFixtures.standard();
        assertThat(data.marginalMean(0.5)).containsExactly(0.25, -0.5, 1.0);
        assertThat(data.marginalCovarianceEigenvalues(0.5, 2)).containsExactly(4.0025, 4.25, 6.25);
        GaussianMoments m = data.marginal(0.5, 2);
        assertThat(m.mean()).containsExactly(0.25, -0.5, 1.0);
        assertThat(m.variances()).containsExactly(4.0025, 4.25, 6.25);
    }

    @Test
    void reverseSdeMarginalStartedFromTheMarginalStaysOnIt() {
        SplittableRandom rng = new SplittableRandom(11);
        GaussianData data = GaussianFixtures.random(rng, 3);
        VpLinearSchedule vp = VpLinearSchedule.standard();
        double from = 0.9;
        double to = 0.2;
        GaussianMoments start = data.marginal(vp.alpha(from), vp.sigma(from));
        GaussianMoments end = data.marginal(vp.alpha(to), vp.sigma(to));
        for (double eta : new double[] {0, 0.5, 1, 2}) {
            GaussianMoments got = data.reverseSdeMarginal(eta, vp.alpha(from), vp.sigma(from), vp.alpha(to),
                    vp.sigma(to), start.mean(), start.variances());
            assertThat(maxAbsDiff(got.mean(), end.mean())).as("eta=%s", eta).isLessThan(1e-13);
            assertThat(maxAbsDiff(got.variances(), end.variances())).as("eta=%s", eta).isLessThan(1e-13);
        }
    }

    /**
     * The closed form must solve the moment equations of the reverse SDE, written here in forward time t:
     * per eigen-coordinate {@code dm/dt = (f + c g^2/v)(m - alpha mu) + alpha' mu},
     * {@code dP/dt = 2 (f + c g^2/v) P - eta^2 g^2}, checked by central differences of the closed form.
     */
    @Test
    void reverseSdeMarginalSolvesTheMomentEquations() {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData data = GaussianData.diagonal(new double[] {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2)},
                    new double[] {rng.nextDouble(0.01, 3), rng.nextDouble(0.01, 3)});
            for (NoiseSchedule schedule : SCHEDULES) {
                double eta = rng.nextDouble(0, 2);
                double c = 0.5 * (1 + eta * eta);
                double from = schedule == SCHEDULES.get(0) ? 1.0 : 80.0;
                double t = from * rng.nextDouble(0.05, 0.8);
                double[] m0 = {rng.nextDouble(-3, 3), rng.nextDouble(-3, 3)};
                double[] p0 = {rng.nextDouble(0.1, 5) * from, rng.nextDouble(0.1, 5) * from};
                double h = 1e-5 * from;
                GaussianMoments plus = law(data, schedule, eta, from, t + h, m0, p0);
                GaussianMoments minus = law(data, schedule, eta, from, t - h, m0, p0);
                GaussianMoments here = law(data, schedule, eta, from, t, m0, p0);
                double f = schedule.f(t);
                double g2 = schedule.g2(t);
                double[] v = data.marginalCovarianceEigenvalues(schedule.alpha(t), schedule.sigma(t));
                for (int k = 0; k < 2; k++) {
                    double rate = f + c * g2 / v[k];
                    double mu = data.mean()[k];
                    double dm = (plus.mean()[k] - minus.mean()[k]) / (2 * h);
                    double expectedDm = rate * (here.mean()[k] - schedule.alpha(t) * mu)
                            + schedule.alphaDerivative(t) * mu;
                    double dp = (plus.variances()[k] - minus.variances()[k]) / (2 * h);
                    double expectedDp = 2 * rate * here.variances()[k] - eta * eta * g2;
                    assertThat(dm).as("seed=%d %s k=%d t=%s eta=%s mean", seed, schedule.describe(), k, t, eta)
                            .isCloseTo(expectedDm, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(expectedDm))));
                    assertThat(dp).as("seed=%d %s k=%d t=%s eta=%s variance", seed, schedule.describe(), k, t, eta)
                            .isCloseTo(expectedDp, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(expectedDp))));
                }
            }
        }
    }

    private static GaussianMoments law(GaussianData data, NoiseSchedule s, double eta, double from, double to,
            double[] m0, double[] p0) {
        return data.reverseSdeMarginal(eta, s.alpha(from), s.sigma(from), s.alpha(to), s.sigma(to), m0, p0);
    }

    @Test
    void probabilityFlowLawMatchesMathMdFormula() {
        GaussianData data = GaussianFixtures.standard();
        double[] m0 = {0.1, 0.2, -0.3};
        double[] p0 = {1.5, 0.7, 2.0};
        GaussianMoments got = data.reverseSdeMarginal(0, 0.1, 0.99, 0.9, 0.3, m0, p0);
        double[] vFrom = data.marginalCovarianceEigenvalues(0.1, 0.99);
        double[] vTo = data.marginalCovarianceEigenvalues(0.9, 0.3);
        for (int k = 0; k < 3; k++) {
            double ratio = vTo[k] / vFrom[k];
            double mu = data.mean()[k];
            assertThat(got.mean()[k]).isCloseTo(0.9 * mu + Math.sqrt(ratio) * (m0[k] - 0.1 * mu),
                    org.assertj.core.data.Offset.offset(1e-14));
            assertThat(got.variances()[k]).isCloseTo(ratio * p0[k], org.assertj.core.data.Offset.offset(1e-13));
        }
        GaussianMoments anderson = data.reverseSdeMarginal(1, 0.1, 0.99, 0.9, 0.3, m0, p0);
        for (int k = 0; k < 3; k++) {
            double kappa = (vTo[k] * 0.1) / (vFrom[k] * 0.9);
            assertThat(anderson.variances()[k]).isCloseTo(vTo[k] + kappa * kappa * (p0[k] - vFrom[k]),
                    org.assertj.core.data.Offset.offset(1e-13));
        }
    }

    @Test
    void reverseTransitionIsTheGaussianConditional() {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 3;
            GaussianData data = GaussianFixtures.random(rng, d);
            VpLinearSchedule vp = VpLinearSchedule.standard();
            double s = rng.nextDouble(0.3, 1);
            double t = s * rng.nextDouble(0.05, 0.9);
            double as = vp.alpha(s);
            double ss = vp.sigma(s);
            double at = vp.alpha(t);
            double st = vp.sigma(t);
            double a = as / at;
            // joint law: x_s = a x_t + q xi; Cov(x_t) = C_t, Cov(x_s, x_t) = a C_t, Cov(x_s) = C_s
            DMatrixRMaj ct = new DMatrixRMaj(data.covariance());
            CommonOps_DDRM.scale(at * at, ct);
            DMatrixRMaj cs = new DMatrixRMaj(data.covariance());
            CommonOps_DDRM.scale(as * as, cs);
            for (int i = 0; i < d; i++) {
                ct.add(i, i, st * st);
                cs.add(i, i, ss * ss);
            }
            DMatrixRMaj csInv = cs.copy();
            CommonOps_DDRM.invert(csInv);
            DMatrixRMaj gain = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(a, ct, csInv, gain);
            DMatrixRMaj condCov = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(-a, gain, ct, condCov);
            CommonOps_DDRM.addEquals(condCov, ct);

            Batch x = normalBatch(rng, 1, d, 1);
            Batch mean = x.like();
            data.reverseTransitionMean(x, as, ss, at, st, mean);
            for (int i = 0; i < d; i++) {
                double expected = at * data.mean()[i];
                for (int j = 0; j < d; j++) {
                    expected += gain.get(i, j) * (x.get(0, j) - as * data.mean()[j]);
                }
                assertThat(mean.get(0, i)).as("seed=%d mean[%d]", seed, i)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
            }
            double[] c2 = data.reverseTransitionVariances(as, ss, at, st);
            double[][] u = data.eigenvectors();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double cov = 0;
                    for (int k = 0; k < d; k++) {
                        cov += u[i][k] * c2[k] * u[j][k];
                    }
                    assertThat(cov).as("seed=%d cov[%d][%d]", seed, i, j)
                            .isCloseTo(condCov.get(i, j), org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    @Test
    void reverseTransitionSampleAddsRotatedScaledNoise() {
        GaussianData data = GaussianFixtures.random(new SplittableRandom(3), 3);
        Batch x = normalBatch(new SplittableRandom(4), 2, 3, 1);
        Batch z = Batch.zeros(2, 3);
        Batch sample = x.like();
        Batch mean = x.like();
        data.reverseTransitionSample(x, z, 0.6, 0.8, 0.9, 0.3, sample);
        data.reverseTransitionMean(x, 0.6, 0.8, 0.9, 0.3, mean);
        assertThat(sample.data()).containsExactly(mean.data());
        z.set(0, 0, 1);
        data.reverseTransitionSample(x, z, 0.6, 0.8, 0.9, 0.3, sample);
        double[] c2 = data.reverseTransitionVariances(0.6, 0.8, 0.9, 0.3);
        double[][] u = data.eigenvectors();
        for (int i = 0; i < 3; i++) {
            double expected = mean.get(0, i);
            for (int k = 0; k < 3; k++) {
                expected += u[i][k] * Math.sqrt(c2[k]) * u[0][k];
            }
            assertThat(sample.get(0, i)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-14));
        }
    }

    @Test
    void diagonalIsStoredAsItsDiagonalAndMatchesTheDenseForm() {
        SplittableRandom rng = new SplittableRandom(17);
        int d = 6;
        double[] mean = new double[d];
        double[] variances = new double[d];
        double[][] identity = new double[d][d];
        for (int i = 0; i < d; i++) {
            mean[i] = rng.nextGaussian();
            variances[i] = rng.nextDouble(0.01, 4);
            identity[i][i] = 1;
        }
        GaussianData diagonal = GaussianData.diagonal(mean, variances);
        GaussianData dense = GaussianData.ofEigen(mean, variances, identity);
        assertThat(diagonal.isDiagonal()).isTrue();
        assertThat(dense.isDiagonal()).isFalse();
        assertThat(diagonal.eigenvectors()).isEqualTo(identity);
        assertThat(diagonal.covariance()).isEqualTo(dense.covariance());
        VpLinearSchedule vp = VpLinearSchedule.standard();
        Batch x = normalBatch(rng, 3, d, 1.0);
        for (Prediction p : Prediction.values()) {
            Batch a = x.like();
            Batch b = x.like();
            diagonal.model(vp, p).evaluate(x, 0.4, a);
            dense.model(vp, p).evaluate(x, 0.4, b);
            assertThat(maxAbsDiff(a.data(), b.data())).as("%s", p).isLessThanOrEqualTo(1e-15);
        }
    }

    @Test
    void largeDiagonalIsLinearAndLargeDenseIsRefusedBeforeAllocation() {
        // d = 1e6: a dense d x d basis would need 8 TB; the diagonal form is O(d)
        int d = 1_000_000;
        double[] mean = new double[d];
        double[] variances = new double[d];
        java.util.Arrays.fill(variances, 2.0);
        GaussianData data = GaussianData.diagonal(mean, variances);
        Batch x = Batch.zeros(1, d);
        java.util.Arrays.fill(x.data(), 1.0);
        Batch out = x.like();
        data.denoise(x, 0.6, 0.8, out);
        // E[x0|x] = alpha s^2 / (alpha^2 s^2 + sigma^2) x for zero mean: 1.2 / 1.36
        assertThat(out.get(0, d - 1)).isCloseTo(1.2 / 1.36, org.assertj.core.data.Offset.offset(1e-15));
        int tooLarge = GaussianData.MAX_DENSE_DIM + 1;
        InvalidInputException e = catchThrowableOfType(
                () -> GaussianData.of(new double[tooLarge], new double[tooLarge][]), InvalidInputException.class);
        assertThat(e.path()).isEqualTo("covariance");
        assertThat(e.allowed()).contains(String.valueOf(GaussianData.MAX_DENSE_DIM));
        InvalidInputException eigen = catchThrowableOfType(() -> GaussianData.ofEigen(new double[tooLarge],
                new double[tooLarge], new double[tooLarge][]), InvalidInputException.class);
        assertThat(eigen.path()).isEqualTo("eigenvectors");
    }

    @Test
    void invalidInputsAreRejected() {
        assertThatThrownBy(() -> GaussianData.of(new double[] {0, 0}, new double[][] {{1, 0.5}, {0.4, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symmetric");
        assertThatThrownBy(() -> GaussianData.ofEigen(new double[] {0, 0}, new double[] {1, 1},
                new double[][] {{1, 1}, {0, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orthonormal");
        assertThatThrownBy(() -> GaussianData.diagonal(new double[] {0, 0}, new double[] {1, -0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variances[1]");
        assertThatThrownBy(() -> GaussianData.diagonal(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean.length");
    }

    @Test
    void eigendecompositionRoundTripsTheCovariance() {
        SplittableRandom rng = new SplittableRandom(5);
        GaussianData data = GaussianFixtures.random(rng, 4);
        GaussianData again = GaussianData.of(data.mean(), data.covariance());
        double[][] c1 = data.covariance();
        double[][] c2 = again.covariance();
        for (int i = 0; i < 4; i++) {
            assertThat(maxAbsDiff(c1[i], c2[i])).isLessThan(1e-13);
        }
    }
}
