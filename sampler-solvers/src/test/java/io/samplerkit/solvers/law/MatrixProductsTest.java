package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MatrixProducts}: the same bits as the plain triple loops (each entry summed over its inner index in ascending
 * order from 0.0), on seeded random matrices of sizes 1 to 40 with entries over many orders of magnitude.
 */
class MatrixProductsTest {

    @Test
    void rowWiseLoopsGiveThePlainLoopsBits() {
        for (long seed = 0; seed < 60; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 1 + rng.nextInt(40);
            double[][] a = random(rng, d);
            double[][] b = random(rng, d);
            double[][] times = new double[d][d];
            double[][] transposeTimes = new double[d][d];
            double[][] timesTranspose = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int l = 0; l < d; l++) {
                        s1 += a[i][l] * b[l][k];
                        s2 += a[l][i] * b[l][k];
                        s3 += a[i][l] * b[k][l];
                    }
                    times[i][k] = s1;
                    transposeTimes[i][k] = s2;
                    timesTranspose[i][k] = s3;
                }
            }
            assertThat(MatrixProducts.times(a, b)).as("seed %d", seed).isDeepEqualTo(times);
            assertThat(MatrixProducts.transposeTimes(a, b)).as("seed %d", seed).isDeepEqualTo(transposeTimes);
            assertThat(MatrixProducts.timesTranspose(a, b)).as("seed %d", seed).isDeepEqualTo(timesTranspose);
        }
    }

    private static double[][] random(SplittableRandom rng, int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = rng.nextDouble(-1, 1) * Math.pow(10, rng.nextInt(-8, 9));
            }
        }
        return m;
    }
}
