package io.samplerkit.solvers.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ButcherTableauTest {

    @Test
    void rejectsInconsistentTableaux() {
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.5}, new double[][] {{}, {1}},
                new double[] {0.5, 0.5})).hasMessageContaining("sum of a[1] must equal c[1]");
        assertThatThrownBy(() -> new ButcherTableau("bad", 1, new double[] {0}, new double[][] {{}},
                new double[] {0.9})).hasMessageContaining("b must sum to 1");
        assertThatThrownBy(() -> new ButcherTableau("bad", 1, new double[] {0, 1}, new double[][] {{}, {0.5, 0.5}},
                new double[] {0.5, 0.5})).hasMessageContaining("explicit");
    }
}
