package io.samplerkit.core.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.junit.jupiter.api.Test;

/**
 * The generator gives Commons RNG's xoroshiro128++ outputs, and a jump of {@code k} outputs lands on the state that
 * {@code k} steps reach. Seeded generator: every case prints its seed on failure.
 */
class Xoroshiro128Test {

    @Test
    void sameOutputsAsCommonsRng() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int c = 0; c < 20; c++) {
            long a = rng.nextLong();
            long b = rng.nextLong();
            Xoroshiro128 ours = new Xoroshiro128();
            ours.seed(a, b);
            XoRoShiRo128PlusPlus theirs = new XoRoShiRo128PlusPlus(a, b);
            for (int i = 0; i < 100; i++) {
                assertThat(ours.nextLong()).as("case %d output %d", c, i).isEqualTo(theirs.nextLong());
            }
        }
    }

    @Test
    void aJumpLandsWhereTheStepsLand() {
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            long a = rng.nextLong();
            long b = rng.nextLong();
            // small jumps, and every few cases one of up to 2^21 outputs (every bit of the table up to there)
            int steps = seed % 10 == 0 ? rng.nextInt(1 << 21) : rng.nextInt(5000);
            Xoroshiro128 stepped = new Xoroshiro128();
            stepped.seed(a, b);
            for (int i = 0; i < steps; i++) {
                stepped.nextLong();
            }
            Xoroshiro128 jumped = new Xoroshiro128();
            jumped.seed(a, b);
            jumped.jump(steps);
            for (int i = 0; i < 4; i++) {
                assertThat(jumped.nextLong()).as("seed %d, %d steps", seed, steps).isEqualTo(stepped.nextLong());
            }
        }
    }

    @Test
    void jumpsCompose() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int c = 0; c < 20; c++) {
            long a = rng.nextLong();
            long b = rng.nextLong();
            int first = rng.nextInt(1 << 30);
            int second = rng.nextInt(1 << 30);
            Xoroshiro128 twice = new Xoroshiro128();
            twice.seed(a, b);
            twice.jump(first);
            twice.jump(second);
            Xoroshiro128 once = new Xoroshiro128();
            once.seed(a, b);
            once.jump(first + second);
            assertThat(twice.nextLong()).as("case %d", c).isEqualTo(once.nextLong());
        }
    }
}
