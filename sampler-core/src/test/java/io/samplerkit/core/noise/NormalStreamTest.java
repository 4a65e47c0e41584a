package io.samplerkit.core.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.kernel.BlockSource;
import io.samplerkit.core.state.Batch;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block-wise stream gives the bits of {@link SeededNoise#standardNormal} however the flat sequence is cut (odd
 * and even row lengths, blocks splitting Box–Muller pairs and rows, sample offsets), and so do its readers at any
 * position, on any thread. Seeded generator: every case prints its seed on failure.
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
    void readersGiveTheBitsOfTheWholeDrawAtAnyPosition() {
        for (long seed = 1; seed <= 300; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int size = 1 + rng.nextInt(4);
            int dim = 1 + rng.nextInt(rng.nextBoolean() ? 9 : 3000);
            SeededNoise source = new SeededNoise(rng.nextLong(), rng.nextInt(1000), NoiseMode.FRESH);
            NormalStream normals = source.normalStream(dim);
            BlockSource.Reader reader = normals.reader();
            // two draws through the same reader: it follows the stream to the new draw
            for (int draw = 0; draw < 2; draw++) {
                long stream = rng.nextLong();
                Batch expected = Batch.zeros(size, dim);
                source.standardNormal(stream, expected);
                normals.start(stream);
                // the sequential position must not matter: deliver part of the draw in order first
                normals.next(new double[dim], 0, rng.nextInt(dim + 1));
                int n = size * dim;
                for (int read = 0; read < 12; read++) {
                    int index = rng.nextInt(n);
                    int length = Math.min(n - index, rng.nextInt(1 + rng.nextInt(2 * dim + 1)));
                    double[] got = new double[length + 2];
                    reader.read(index, got, 1, length);
                    double[] want = new double[length + 2];
                    System.arraycopy(expected.data(), index, want, 1, length);
                    assertThat(got).as("seed %d, %dx%d, draw %d, [%d, +%d)", seed, size, dim, draw, index, length)
                            .isEqualTo(want);
                    // and the read that continues it
                    int rest = Math.min(n - index - length, rng.nextInt(dim + 1));
                    double[] next = new double[rest];
                    reader.read(index + length, next, 0, rest);
                    assertThat(next).as("seed %d: continued read", seed)
                            .isEqualTo(Arrays.copyOfRange(expected.data(), index + length,
                                    index + length + rest));
                }
            }
        }
    }

    @Test
    void readersOfOneDrawReadAtOnceOnSeveralThreads() throws Exception {
        int size = 3;
        int dim = 40_001;
        SeededNoise source = new SeededNoise(17, 5, NoiseMode.FRESH);
        Batch expected = Batch.zeros(size, dim);
        source.standardNormal(9, expected);
        NormalStream normals = source.normalStream(dim);
        normals.start(9);
        double[] got = new double[size * dim];
        int parts = 7;
        int part = (got.length + parts - 1) / parts;
        Thread[] threads = new Thread[parts];
        for (int k = 0; k < parts; k++) {
            BlockSource.Reader reader = normals.reader();
            int from = k * part;
            int to = Math.min(got.length, from + part);
            threads[k] = new Thread(() -> {
                for (int i = from; i < to; i += 1000) {
                    reader.read(i, got, i, Math.min(1000, to - i));
                }
            });
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(got).isEqualTo(expected.data());
    }

    @Test
    void aRowLengthBelowOneIsRefused() {
        assertThatThrownBy(() -> new SeededNoise(1).normalStream(0)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).path()).isEqualTo("dim"));
    }
}
