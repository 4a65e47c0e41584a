package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhiFunctionsTest {

    private static final MathContext MC = new MathContext(80);

    /** phi_k(z) = sum_j z^j/(j+k)! summed in 80-digit decimal arithmetic. */
    static double exactPhi(int k, double z) {
        BigDecimal bz = new BigDecimal(z);
        BigDecimal fact = BigDecimal.ONE;
        for (int i = 2; i <= k; i++) {
            fact = fact.multiply(BigDecimal.valueOf(i));
        }
        BigDecimal term = BigDecimal.ONE.divide(fact, MC);
        BigDecimal sum = term;
        BigDecimal tiny = new BigDecimal("1e-60");
        for (int j = 1; j < 2000; j++) {
            term = term.multiply(bz, MC).divide(BigDecimal.valueOf(j + k), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(tiny) < 0 && j > Math.abs(z)) {
                break;
            }
        }
        return sum.doubleValue();
    }

    private static double relErr(double got, double want) {
        return Math.abs(got - want) / Math.abs(want);
    }

    @Test
    void batchedWeightsAreTheSingleValuesBitForBit() {
        long seed = 20261207L;
        SplittableRandom rnd = new SplittableRandom(seed);
        double c = PhiFunctions.SERIES_CUTOFF;
        double[] special = {0.0, -0.0, c, -c, Math.nextDown(c), Math.nextUp(-c), Math.nextUp(c), Math.nextDown(-c),
            1e-300, -1e-300, 700, -700, 1e6, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int n = 0; n < 2000 + special.length; n++) {
            double h = n < special.length ? special[n]
                    : Math.copySign(Math.exp(rnd.nextDouble(Math.log(1e-12), Math.log(60))), rnd.nextBoolean() ? 1 : -1);
            for (int count = 1; count <= PhiFunctions.MAX_ORDER; count++) {
                int from = rnd.nextInt(3);
                double[] psis = new double[from + count];
                double[] chis = new double[from + count];
                PhiFunctions.psis(h, count, psis, from);
                if (h != Double.POSITIVE_INFINITY) {
                    PhiFunctions.chis(h, count, chis, from);
                }
                for (int k = 1; k <= count; k++) {
                    assertThat(Double.doubleToRawLongBits(psis[from + k - 1]))
                            .as("seed=%d psi_%d(%s) of %d", seed, k, h, count)
                            .isEqualTo(Double.doubleToRawLongBits(PhiFunctions.psi(k, h)));
                    if (h != Double.POSITIVE_INFINITY) {
                        assertThat(Double.doubleToRawLongBits(chis[from + k - 1]))
                                .as("seed=%d chi_%d(%s) of %d", seed, k, h, count)
                                .isEqualTo(Double.doubleToRawLongBits(PhiFunctions.chi(k, h)));
                    }
                }
            }
        }
        assertThatThrownBy(() -> PhiFunctions.psis(0.1, 5, new double[5], 0))
                .hasMessageContaining("count must be in [1, 4], got 5");
    }

    @Test
    void matchesHighPrecisionSeriesOverTheWholeRange() {
        long seed = 20240611L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int n = 0; n < 400; n++) {
            double z = Math.copySign(Math.exp(rnd.nextDouble(Math.log(1e-12), Math.log(40))),
                    rnd.nextBoolean() ? 1 : -1);
            for (int k = 1; k <= PhiFunctions.MAX_ORDER; k++) {
                double want = exactPhi(k, z);
                assertThat(relErr(PhiFunctions.phi(k, z), want))
                        .as("seed=%d k=%d z=%s", seed, k, z).isLessThan(1e-14);
            }
        }
    }

    @Test
    void accurateAndContinuousAtTheSeriesCutoff() {
        double c = PhiFunctions.SERIES_CUTOFF;
        for (double z : new double[] {c, -c, Math.nextDown(c), Math.nextUp(-c), 1e-3, -1e-3, 1e-8, 0.5, -0.5}) {
            for (int k = 1; k <= PhiFunctions.MAX_ORDER; k++) {
                assertThat(relErr(PhiFunctions.phi(k, z), exactPhi(k, z))).as("k=%d z=%s", k, z)
                        .isLessThan(1e-14);
            }
        }
        for (double side : new double[] {c, -c}) {
            double below = side > 0 ? Math.nextDown(side) : Math.nextUp(side);
            for (int k = 1; k <= PhiFunctions.MAX_ORDER; k++) {
                // one ulp apart in z, so the values must agree to the derivative times an ulp plus rounding
                assertThat(relErr(PhiFunctions.phi(k, below), PhiFunctions.phi(k, side))).as("k=%d at %s", k, side)
                        .isLessThan(1e-14);
            }
        }
    }

    @Test
    void valuesAtZeroAreInverseFactorials() {
        assertThat(PhiFunctions.phi(1, 0.0)).isEqualTo(1.0);
        assertThat(PhiFunctions.phi(2, 0.0)).isEqualTo(0.5);
        assertThat(PhiFunctions.phi(3, 0.0)).isEqualTo(1.0 / 6);
        assertThat(PhiFunctions.phi(4, 0.0)).isEqualTo(1.0 / 24);
    }

    @Test
    void shorthandsMatchTheirClosedForms() {
        for (double h : new double[] {0.05, 0.3, 1.7, 6.0}) {
            double em = Math.expm1(h);
            double emm = Math.expm1(-h);
            assertThat(PhiFunctions.chi(1, h)).isEqualTo(em);
            assertThat(relErr(PhiFunctions.chi(2, h), (em - h) / h)).isLessThan(1e-13);
            assertThat(relErr(PhiFunctions.chi(3, h), (em - h - h * h / 2) / (h * h))).isLessThan(1e-12);
            assertThat(PhiFunctions.psi(1, h)).isEqualTo(-emm);
            assertThat(relErr(PhiFunctions.psi(2, h), (emm + h) / h)).isLessThan(1e-13);
            assertThat(relErr(PhiFunctions.psi(3, h), (h * h / 2 - h - emm) / (h * h))).isLessThan(1e-12);
        }
    }

    @Test
    void dataSideTakesItsLimitAtInfiniteStep() {
        assertThat(PhiFunctions.psi(1, Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(PhiFunctions.psi(2, Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(PhiFunctions.psi(3, Double.POSITIVE_INFINITY)).isEqualTo(0.5);
        assertThat(PhiFunctions.psi(4, Double.POSITIVE_INFINITY)).isEqualTo(1.0 / 6);
        for (int k = 1; k <= 4; k++) {
            assertThat(relErr(PhiFunctions.psi(k, 700.0), PhiFunctions.psi(k, Double.POSITIVE_INFINITY)))
                    .as("k=%d", k).isLessThan(1e-2);
        }
    }

    @Test
    void phisFillsTheSameValuesAsPhi() {
        double c = PhiFunctions.SERIES_CUTOFF;
        for (double z : new double[] {-3, -0.2, 1e-6, 0.7, 2.5, c, -c, Math.nextDown(c), Math.nextUp(-c), 0.0}) {
            for (int count = 1; count <= PhiFunctions.MAX_ORDER; count++) {
                double[] out = new double[count];
                PhiFunctions.phis(z, count, out);
                for (int k = 1; k <= count; k++) {
                    assertThat(Double.doubleToRawLongBits(out[k - 1])).as("k=%d of %d, z=%s", k, count, z)
                            .isEqualTo(Double.doubleToRawLongBits(PhiFunctions.phi(k, z)));
                }
            }
        }
    }

    @Test
    void rejectsIndexOutsideRangeNamingIt() {
        assertThatThrownBy(() -> PhiFunctions.phi(5, 0.1)).hasMessageContaining("k must be in [1, 4], got 5");
        assertThatThrownBy(() -> PhiFunctions.psi(0, 0.1)).hasMessageContaining("k must be in [1, 4], got 0");
    }
}
