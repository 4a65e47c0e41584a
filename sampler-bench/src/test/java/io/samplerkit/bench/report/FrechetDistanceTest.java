package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FrechetDistanceTest {

    /** 2x2: Tr sqrt(A) = sqrt(Tr A + 2 sqrt(det A)) for symmetric PSD A, and det(P1^1/2 P2 P1^1/2) = det P1 det P2. */
    @TestFactory
    Stream<DynamicTest> matchesTheClosedFormInTwoDimensions() {
        return IntStream.range(0, 25).mapToObj(i -> {
            long seed = 77 + i;
            return DynamicTest.dynamicTest("seed=" + seed, () -> {
                SplittableRandom rng = new SplittableRandom(seed);
                double[][] p1 = randomSpd(rng);
                double[][] p2 = randomSpd(rng);
                double[] m1 = {rng.nextGaussian(), rng.nextGaussian()};
                double[] m2 = {rng.nextGaussian(), rng.nextGaussian()};
                double trP1P2 = p1[0][0] * p2[0][0] + p1[0][1] * p2[1][0] + p1[1][0] * p2[0][1] + p1[1][1] * p2[1][1];
                double det = det(p1) * det(p2);
                double trSqrt = Math.sqrt(trP1P2 + 2 * Math.sqrt(det));
                double dm = (m1[0] - m2[0]) * (m1[0] - m2[0]) + (m1[1] - m2[1]) * (m1[1] - m2[1]);
                double expected = Math.sqrt(dm + p1[0][0] + p1[1][1] + p2[0][0] + p2[1][1] - 2 * trSqrt);
                double got = FrechetDistance.distance(new GaussianLaw(m1, p1), new GaussianLaw(m2, p2));
                assertThat(got).as("seed %d", seed).isCloseTo(expected, within(1e-10 * Math.max(1, expected)));
                double reverse = FrechetDistance.distance(new GaussianLaw(m2, p2), new GaussianLaw(m1, p1));
                assertThat(reverse).as("symmetry, seed %d", seed).isCloseTo(got, within(1e-10));
            });
        });
    }

    @Test
    void reducesToPerCoordinateFormulaForCommutingCovariances() {
        SplittableRandom rng = new SplittableRandom(5);
        int d = 12;
        double[][] basis = new DataSpec.Gaussian(d, 1e-3, 5, 0, 9).data().eigenvectors();
        double[] v1 = new double[d];
        double[] v2 = new double[d];
        double[] m1 = new double[d];
        double[] m2 = new double[d];
        double expected = 0;
        for (int k = 0; k < d; k++) {
            v1[k] = Math.exp(rng.nextDouble(-6, 2));
            v2[k] = Math.exp(rng.nextDouble(-6, 2));
            m1[k] = rng.nextGaussian();
            m2[k] = rng.nextGaussian();
            expected += (m1[k] - m2[k]) * (m1[k] - m2[k]) + Math.pow(Math.sqrt(v1[k]) - Math.sqrt(v2[k]), 2);
        }
        double got = FrechetDistance.distance(GaussianLaw.ofEigen(m1, basis, v1), GaussianLaw.ofEigen(m2, basis, v2));
        assertThat(got).isCloseTo(Math.sqrt(expected), within(1e-9));
    }

    @Test
    void isZeroUpToTheFloorForEqualLaws() {
        GaussianLaw law = GaussianLaw.ofEigen(new double[] {1, 2, 3}, new DataSpec.Gaussian(3, 1e-4, 10, 0, 3)
                .data().eigenvectors(), new double[] {1e-4, 0.1, 10});
        assertThat(FrechetDistance.distance(law, law)).isLessThan(1e-6);
    }

    private static double[][] randomSpd(SplittableRandom rng) {
        double a = rng.nextGaussian();
        double b = rng.nextGaussian();
        double c = rng.nextGaussian();
        double e = rng.nextGaussian();
        // B B^T + small ridge
        return new double[][] {{a * a + b * b + 0.01, a * c + b * e}, {a * c + b * e, c * c + e * e + 0.01}};
    }

    private static double det(double[][] m) {
        return m[0][0] * m[1][1] - m[0][1] * m[1][0];
    }
}
