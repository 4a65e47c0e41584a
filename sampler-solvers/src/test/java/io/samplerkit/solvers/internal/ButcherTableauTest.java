package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.state.Batch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ButcherTableauTest {

    static Stream<ButcherTableau> tableaux() {
        return Stream.of(ButcherTableau.EULER, ButcherTableau.HEUN, ButcherTableau.MIDPOINT, ButcherTableau.RK4,
                ButcherTableau.BOGACKI_SHAMPINE, ButcherTableau.DORMAND_PRINCE);
    }

    /** y' = tau y, y(0) = 1, exact e^{tau^2/2}; error at tau = 2 with n steps. */
    private static double error(ButcherTableau tableau, int n, boolean embedded) {
        Batch y = Batch.of(new double[][] {{1.0}});
        ExplicitRungeKutta rk = new ExplicitRungeKutta(tableau, y);
        ExplicitRungeKutta.Derivative f = (tau, v, out) -> out.data()[0] = tau * v.data()[0];
        Batch e = y.like();
        Batch lower = y.copy();
        double sumLower = 1.0;
        for (int i = 0; i < n; i++) {
            double t0 = 2.0 * i / n;
            double t1 = 2.0 * (i + 1) / n;
            if (embedded) {
                // propagate the embedded solution instead: y1^ = y1 - err
                rk.step(f, t0, t1, lower, y, false);
                rk.error(t0, t1, e);
                lower.data()[0] = y.data()[0] - e.data()[0];
                sumLower = lower.data()[0];
            } else {
                rk.step(f, t0, t1, y, y, false);
            }
        }
        double v = embedded ? sumLower : y.data()[0];
        return Math.abs(v - Math.exp(2.0));
    }

    @ParameterizedTest
    @MethodSource("tableaux")
    void measuredOrderMatchesDeclaredOrder(ButcherTableau tableau) {
        int n1 = tableau.order() >= 4 ? 16 : 64;
        double slope = Math.log(error(tableau, n1, false) / error(tableau, 2 * n1, false)) / Math.log(2);
        assertThat(slope).as("%s slope", tableau.name()).isBetween(tableau.order() - 0.15, tableau.order() + 0.3);
        if (tableau.embedded()) {
            double s2 = Math.log(error(tableau, n1, true) / error(tableau, 2 * n1, true)) / Math.log(2);
            assertThat(s2).as("%s embedded slope", tableau.name())
                    .isBetween(tableau.embeddedOrder() - 0.15, tableau.embeddedOrder() + 0.3);
        }
    }

    @Test
    void fsalIsDetectedFromTheCoefficients() {
        assertThat(ButcherTableau.DORMAND_PRINCE.fsal()).isTrue();
        assertThat(ButcherTableau.BOGACKI_SHAMPINE.fsal()).isTrue();
        assertThat(ButcherTableau.RK4.fsal()).isFalse();
        assertThat(ButcherTableau.HEUN.fsal()).isFalse();
    }

    @Test
    void inconsistentCoefficientsAreRejected() {
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.5}, new double[][] {{}, {0.4}},
                new double[] {0, 1}, null, 0)).hasMessageContaining("sum of a[1] must equal c[1]");
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.5}, new double[][] {{}, {0.5}},
                new double[] {0.5, 0.6}, null, 0)).hasMessageContaining("weights b must sum to 1");
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.5}, new double[][] {{}, {0.5, 1}},
                new double[] {0, 1}, null, 0)).hasMessageContaining("strictly lower triangular");
    }

    @Test
    void rejectsInconsistentTableauxWithoutEmbeddedWeights() {
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.5}, new double[][] {{}, {1}},
                new double[] {0.5, 0.5})).hasMessageContaining("sum of a[1] must equal c[1]");
        assertThatThrownBy(() -> new ButcherTableau("bad", 1, new double[] {0}, new double[][] {{}},
                new double[] {0.9})).hasMessageContaining("b must sum to 1");
        assertThatThrownBy(() -> new ButcherTableau("bad", 1, new double[] {0, 1}, new double[][] {{}, {0.5, 0.5}},
                new double[] {0.5, 0.5})).hasMessageContaining("explicit");
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 1}, new double[][] {{}, {1}},
                new double[] {0.5, 0.5}, new double[] {1, 0}, 2)).hasMessageContaining("embeddedOrder");
    }

    @Test
    void accessorsReturnCopies() {
        double[] b = ButcherTableau.RK4.b();
        b[0] = 99;
        assertThat(ButcherTableau.RK4.b(0)).isEqualTo(1.0 / 6);
    }
}
