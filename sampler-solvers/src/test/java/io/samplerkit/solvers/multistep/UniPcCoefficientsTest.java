package io.samplerkit.solvers.multistep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniPcCoefficientsTest {

    /** The order conditions' powers by multiplication are {@code Math.pow}'s values, bit for bit (any NaN for a NaN). */
    @Test
    void powerIsMathPowBitForBit() {
        long seed = 20261207L;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] special = {0.0, -0.0, 1.0, -1.0, 1e-200, -1e-200, 1e200, -1e200, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int n = 0; n < 200_000 + special.length; n++) {
            double base = n < special.length ? special[n]
                    : n % 2 == 0 ? rnd.nextDouble(-4, 4) : Double.longBitsToDouble(rnd.nextLong());
            for (int e = 0; e < UniPcCoefficients.MAX_ORDER; e++) {
                assertThat(Double.doubleToLongBits(UniPcCoefficients.power(base, e)))
                        .as("seed=%d %s^%d", seed, base, e)
                        .isEqualTo(Double.doubleToLongBits(Math.pow(base, e)));
            }
        }
    }
}
