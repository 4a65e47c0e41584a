package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class OrderFitTest {

    private static final int[] NFE = {4, 5, 6, 8, 10, 12, 15, 20, 25, 50, 100};

    @TestFactory
    Stream<DynamicTest> recoversThePowerOfAnExactPowerLaw() {
        return IntStream.range(0, 20).mapToObj(i -> {
            long seed = 1000 + i;
            SplittableRandom rng = new SplittableRandom(seed);
            double p = rng.nextDouble(0.5, 5.0);
            double c = Math.exp(rng.nextDouble(-3, 3));
            return DynamicTest.dynamicTest("seed=" + seed + " p=" + p + " C=" + c, () -> {
                double[] err = new double[NFE.length];
                for (int k = 0; k < NFE.length; k++) {
                    err[k] = c * Math.pow(NFE[k], -p);
                }
                OrderFit f = OrderFit.fit(NFE, err, 10, 0.0);
                assertThat(f.order()).as("seed %d", seed).isCloseTo(p, within(1e-9));
                assertThat(f.points()).isEqualTo(7);
                assertThat(f.nfeMin()).isEqualTo(10);
                assertThat(f.nfeMax()).isEqualTo(100);
                assertThat(f.rSquared()).isCloseTo(1.0, within(1e-12));
            });
        });
    }

    @Test
    void leavesOutThePreAsymptoticRangeAndTheRoundOffFloor() {
        // order 2 for NFE >= 10 down to a floor of 1e-12; wild values below NFE 10
        double[] err = new double[NFE.length];
        for (int k = 0; k < NFE.length; k++) {
            err[k] = NFE[k] < 10 ? 1e3 : Math.max(1e-12, 3.0 * Math.pow(NFE[k], -2.0));
        }
        err[NFE.length - 1] = 1e-12;
        err[NFE.length - 2] = 2e-12;
        OrderFit f = OrderFit.fit(NFE, err, 10, 1e-11);
        assertThat(f.order()).isCloseTo(2.0, within(1e-9));
        assertThat(f.nfeMax()).isEqualTo(25);
        assertThat(f.points()).isEqualTo(5);
    }

    @Test
    void keepsTheFirstOfRepeatedNfeAndSkipsNonFiniteErrors() {
        int[] nfe = {10, 10, 20, 40, 80};
        double[] err = {1e-2, 5.0, 2.5e-3, Double.NaN, 1e-2 / 64};
        OrderFit f = OrderFit.fit(nfe, err, 1, 0);
        assertThat(f.points()).isEqualTo(3);
        assertThat(f.order()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void needsThreePoints() {
        OrderFit f = OrderFit.fit(new int[] {10, 20}, new double[] {1e-2, 1e-3}, 1, 0);
        assertThat(f.fitted()).isFalse();
        assertThat(f.points()).isEqualTo(2);
    }
}
