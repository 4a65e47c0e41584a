package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GaussLegendreTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 20, 64})
    void isExactForPolynomialsUpToDegree2nMinus1(int n) {
        GaussLegendre rule = GaussLegendre.of(n);
        for (int degree = 0; degree <= 2 * n - 1 && degree <= 40; degree++) {
            final int d = degree;
            double got = rule.integrate(u -> Math.pow(u, d), -0.3, 1.7);
            double want = (Math.pow(1.7, d + 1) - Math.pow(-0.3, d + 1)) / (d + 1);
            assertThat(got).as("n=%d degree=%d", n, d).isCloseTo(want, within(1e-14 * Math.max(1, Math.abs(want))));
        }
    }

    @Test
    void weightsSumToTwoAndNodesIncrease() {
        GaussLegendre rule = GaussLegendre.of(17);
        double sum = 0;
        for (int k = 0; k < rule.points(); k++) {
            sum += rule.weight(k);
            if (k > 0) {
                assertThat(rule.node(k)).isGreaterThan(rule.node(k - 1));
            }
        }
        assertThat(sum).isCloseTo(2.0, within(1e-14));
    }

    @Test
    void adaptiveRuleHandlesANearbySingularity() {
        // int_{0.001}^{0.5} t^{-1/2} dt = 2 (sqrt(0.5) - sqrt(0.001))
        double got = GaussLegendre.integrateAdaptive(t -> 1 / Math.sqrt(t), 0.001, 0.5, 1e-15);
        assertThat(got).isCloseTo(2 * (Math.sqrt(0.5) - Math.sqrt(0.001)), within(1e-14));
    }
}
