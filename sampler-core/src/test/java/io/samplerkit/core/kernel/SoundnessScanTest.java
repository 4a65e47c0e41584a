package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The guard's scan: the vector form returns exactly the plain loop's index. Seeded generator: every case prints its
 * seed on failure.
 */
class SoundnessScanTest {

    private static final double BOUND = 1e150;

    private static final double[] UNSOUND = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Math.nextUp(BOUND), -1.5e150, Double.MAX_VALUE, -Double.NaN};

    private static final double[] SOUND_EDGES = {BOUND, -BOUND, 0.0, -0.0, Double.MIN_VALUE, -1e149};

    @Test
    void theBuildRunsTheVectorScanUnlessItIsTurnedOff() {
        // surefire resolves the module (argLine in the root pom), as the launcher does; a lost flag fails here
        boolean turnedOff = "false".equalsIgnoreCase(System.getProperty(SoundnessScan.VECTOR_PROPERTY));
        assertThat(SoundnessScan.vectorized()).isEqualTo(!turnedOff);
        assertThat(SoundnessScan.describe()).startsWith(turnedOff ? "plain" : "vector");
    }

    @Test
    void theScanFindsThePlainLoopsFirstUnsoundIndexOnSeededArrays() {
        SeededCases.forSeeds(3000, SoundnessScanTest::checkCase);
    }

    @Test
    void theScanFindsThePlainLoopsIndexForBoundsOfEveryKind() {
        // zero, infinite, negative and NaN bounds, and values at and next to the bound, where the block test's bit
        // order must agree with the magnitude compare
        double[] bounds = {0.0, 1.0, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, -1.0, Double.NaN};
        SeededCases.forSeeds(2000, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            double bound = bounds[rng.nextInt(bounds.length)];
            int n = rng.nextInt(3000);
            double[] a = new double[n];
            double scale = Double.isFinite(bound) && bound > 0 ? bound : 1.0;
            for (int i = 0; i < n; i++) {
                a[i] = switch (rng.nextInt(8)) {
                    case 0 -> bound;
                    case 1 -> -bound;
                    case 2 -> Math.nextUp(Math.abs(bound));
                    case 3 -> UNSOUND[rng.nextInt(UNSOUND.length)];
                    default -> (rng.nextDouble() - 0.5) * scale;
                };
            }
            // mostly sound stretches, so that whole blocks pass before the first unsound element
            int soundUpTo = rng.nextInt(n + 1);
            for (int i = 0; i < soundUpTo; i++) {
                if (!(Math.abs(a[i]) <= bound)) {
                    a[i] = 0.0;
                }
            }
            int from = n == 0 ? 0 : rng.nextInt(n + 1);
            int to = from + (n == from ? 0 : rng.nextInt(n - from + 1));
            assertThat(SoundnessScan.firstUnsound(a, from, to, bound)).as("bound %s, n=%d [%d, %d)", bound, n, from, to)
                    .isEqualTo(SoundnessScan.firstUnsoundPlain(a, from, to, bound));
        });
    }

    private static void checkCase(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rng.nextInt(4) == 0 ? rng.nextInt(40) : rng.nextInt(5000);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(20) == 0 ? SOUND_EDGES[rng.nextInt(SOUND_EDGES.length)] : rng.nextGaussian() * 1e3;
        }
        int bad = rng.nextInt(4);
        for (int k = 0; k < bad && n > 0; k++) {
            a[rng.nextInt(n)] = UNSOUND[rng.nextInt(UNSOUND.length)];
        }
        int from = n == 0 ? 0 : rng.nextInt(n + 1);
        int to = from + (n == from ? 0 : rng.nextInt(n - from + 1));
        int expected = SoundnessScan.firstUnsoundPlain(a, from, to, BOUND);
        int plain = -1;
        for (int i = from; i < to && plain < 0; i++) {
            plain = Double.isNaN(a[i]) || Math.abs(a[i]) > BOUND ? i : -1;
        }
        assertThat(expected).as("plain loop, n=%d [%d, %d)", n, from, to).isEqualTo(plain);
        assertThat(SoundnessScan.firstUnsound(a, from, to, BOUND)).as("n=%d [%d, %d)", n, from, to).isEqualTo(expected);
    }
}
