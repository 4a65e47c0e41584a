package io.samplerkit.core.analytic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void oneDimensionalClosedForm() {
        double fd2 = FrechetDistance.squared(new double[] {1}, new double[][] {{4}}, new double[] {-2}, new double[][] {{9}});
        assertThat(fd2).isCloseTo(9 + 1, Offset.offset(1e-13));
        assertThat(FrechetDistance.squaredSharedEigenbasis(new double[] {1}, new double[] {4}, new double[] {-2},
                new double[] {9})).isEqualTo(10.0);
        assertThat(FrechetDistance.distance(new double[] {1}, new double[][] {{4}}, new double[] {-2},
                new double[][] {{9}})).isCloseTo(Math.sqrt(10), Offset.offset(1e-13));
    }

    @Test
    void sharedBasisFormulaEqualsTheGeneralFormula() {
        for (long seed = 0; seed < 40; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 4;
            double[][] u = GaussianFixtures.randomRotation(rng, d);
            double[] m1 = new double[d];
            double[] m2 = new double[d];
            double[] p1 = new double[d];
            double[] p2 = new double[d];
            for (int k = 0; k < d; k++) {
                m1[k] = rng.nextGaussian();
                m2[k] = rng.nextGaussian();
                p1[k] = rng.nextDouble(0, 3);
                p2[k] = rng.nextDouble(0, 3);
            }
            GaussianData a = GaussianData.ofEigen(m1, p1, u);
            GaussianData b = GaussianData.ofEigen(m2, p2, u);
            double shared = FrechetDistance.squaredSharedEigenbasis(m1, p1, m2, p2);
            double general = FrechetDistance.squared(m1, a.covariance(), m2, b.covariance());
            assertThat(general).as("seed=%d", seed).isCloseTo(shared, Offset.offset(1e-12 * (1 + shared)));
        }
    }

    @Test
    void symmetricAndZeroOnEqualLaws() {
        SplittableRandom rng = new SplittableRandom(9);
        GaussianData a = GaussianFixtures.random(rng, 3);
        GaussianData b = GaussianFixtures.random(rng, 3);
        double ab = FrechetDistance.squared(a.mean(), a.covariance(), b.mean(), b.covariance());
        double ba = FrechetDistance.squared(b.mean(), b.covariance(), a.mean(), a.covariance());
        assertThat(ab).isPositive().isCloseTo(ba, Offset.offset(1e-12 * ab));
        assertThat(FrechetDistance.squared(a.mean(), a.covariance(), a.mean(), a.covariance()))
                .isCloseTo(0.0, Offset.offset(1e-13));
    }
}
