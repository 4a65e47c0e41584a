package io.samplerkit.core.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.state.Batch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block-wise stream gives the bits of {@link SeededNoise#standardNormal} however the flat sequence is cut (odd
 * and even row lengths, blocks splitting Box–Muller pairs and rows, sample offsets). Seeded generator: every case
 * prints its seed on failure.
 */
class NormalStreamTest {

    @Test
    void sameBitsAsTheWholeDrawForAnyCut() {
        for (long seed = 1; seed <= 300; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int size = 1 + rng.nextInt(4);
            int dim = 1 + rng.nextInt(rng.nextBoolean() ? 9 : 3000);
            long stream = rng.nextLong();
            SeededNoise source = new SeededNoise(rng.nextLong(), rng.nextInt(1000), NoiseMode.FRESH);
            Batch expected = Batch.zeros(size, dim);
            source.standardNormal(stream, expected);
            NormalStream normals = source.normalStream(dim);
            double[] got = new double[size * dim];
            // twice: start re-arms the stream
            for (int pass = 0; pass < 2; pass++) {
                normals.start(stream);
                for (int from = 0; from < got.length;) {
                    int length = Math.min(got.length - from, rng.nextInt(1 + rng.nextInt(2 * dim + 1)));
                    normals.next(got, from, length);
                    from += length;
                }
                assertThat(got).as("seed %d, %dx%d", seed, size, dim).isEqualTo(expected.data());
            }
        }
    }

    @Test
    void aRowLengthBelowOneIsRefused() {
        assertThatThrownBy(() -> new SeededNoise(1).normalStream(0)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).path()).isEqualTo("dim"));
    }
}
