package io.samplerkit.core.analytic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnergyDistanceTest {

    @Test
    void pointMassesAtDistanceOneAreTwoApart() {
        // 2 E|X - Y| - E|X - X'| - E|Y - Y'| = 2 * 1 - 0 - 0
        assertThat(EnergyDistance.of(new double[] {0, 0}, new double[] {0.6, 0.8}, 2)).isEqualTo(2.0, within(1e-15));
    }

    @Test
    void twoPointSamplesByHand() {
        // x = {0, 2}, y = {1}: E|X - Y| = 1, E|X - X'| = (0 + 2 + 2 + 0) / 4 = 1, E|Y - Y'| = 0
        assertThat(EnergyDistance.of(new double[] {0, 2}, new double[] {1}, 1)).isEqualTo(1.0, within(1e-15));
    }

    @Test
    void isZeroForTheSameSampleAndGrowsWithAShift() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] shifted = x.clone();
        for (int i = 0; i < x.length; i += 2) {
            shifted[i] += 1.0;
        }
        assertThat(EnergyDistance.of(x, x, 2)).isEqualTo(0.0, within(1e-12));
        assertThat(EnergyDistance.of(x, shifted, 2)).isGreaterThan(0.2);
    }

    @Test
    void rejectsPartialRows() {
        assertThatThrownBy(() -> EnergyDistance.of(new double[3], new double[2], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d = 2");
    }
}
