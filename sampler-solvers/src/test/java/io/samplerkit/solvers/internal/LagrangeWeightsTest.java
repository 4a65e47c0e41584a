package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class LagrangeWeightsTest {

    @RepeatedTest(20)
    void weightsIntegrateEveryPolynomialOfTheirDegreeExactly(RepetitionInfo info) {
        long seed = 1000 + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        int count = 1 + rnd.nextInt(5);
        double[] nodes = new double[count];
        for (int k = 0; k < count; k++) {
            nodes[k] = 1.0 - 0.3 * k - 0.1 * rnd.nextDouble();
        }
        double a = nodes[0];
        double b = a + 0.2 + rnd.nextDouble();
        double[] w = new double[count];
        LagrangeWeights.integrate(nodes, count, a, b, null, w);
        // p(u) = sum_m coef_m u^m of degree count-1: sum_j w_j p(u_j) = int_a^b p
        double[] coef = new double[count];
        for (int m = 0; m < count; m++) {
            coef[m] = rnd.nextGaussian();
        }
        double quad = 0;
        for (int j = 0; j < count; j++) {
            quad += w[j] * poly(coef, nodes[j]);
        }
        double exact = 0;
        for (int m = 0; m < count; m++) {
            exact += coef[m] * (Math.pow(b, m + 1) - Math.pow(a, m + 1)) / (m + 1);
        }
        assertThat(quad).as("seed %d nodes %s", seed, java.util.Arrays.toString(nodes))
                .isCloseTo(exact, within(1e-12 * Math.max(1, Math.abs(exact))));
    }

    @Test
    void weightedIntegralUsesTheDensity() {
        double[] nodes = {0.0, 1.0};
        double[] w = new double[2];
        LagrangeWeights.integrate(nodes, 2, 0.0, 1.0, Math::exp, w);
        // l_0 = 1 - u, l_1 = u: int (1-u) e^u = e - 2, int u e^u = 1
        assertThat(w[0]).isCloseTo(Math.E - 2, within(1e-15));
        assertThat(w[1]).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void rejectsRepeatedNodes() {
        assertThatThrownBy(() -> LagrangeWeights.integrate(new double[] {1, 1}, 2, 0, 1, null, new double[2]))
                .hasMessageContaining("nodes must be distinct");
    }

    private static double poly(double[] c, double u) {
        double v = 0;
        for (int m = c.length - 1; m >= 0; m--) {
            v = v * u + c[m];
        }
        return v;
    }
}
