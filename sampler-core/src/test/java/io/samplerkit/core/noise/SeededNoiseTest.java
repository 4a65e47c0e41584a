package io.samplerkit.core.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SeededNoiseTest {

    @Test
    void rowsDoNotDependOnFillOrderStreamOrderOrThreads() throws Exception {
        SeededNoise noise = new SeededNoise(1234);
        int size = 16;
        int dim = 7;
        long[] streams = {0, 1, 2, 1L << 40, -5};
        List<Batch> expected = new ArrayList<>();
        for (long s : streams) {
            Batch b = Batch.zeros(size, dim);
            noise.standardNormal(s, b);
            expected.add(b);
        }
        // streams requested in another order, rows filled in a shuffled order
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < streams.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(5));
        for (int which : order) {
            Batch b = Batch.zeros(size, dim);
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                rows.add(r);
            }
            Collections.shuffle(rows, new Random(which));
            for (int r : rows) {
                noise.fillRow(streams[which], r, b.data(), r * dim, dim);
            }
            assertThat(b.data()).as("stream %d", streams[which]).containsExactly(expected.get(which).data());
        }
        // rows split among threads
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int which = 0; which < streams.length; which++) {
                Batch b = Batch.zeros(size, dim);
                long stream = streams[which];
                List<Future<?>> jobs = new ArrayList<>();
                for (int part = 0; part < 3; part++) {
                    int first = part;
                    jobs.add(pool.submit(() -> {
                        for (int r = first; r < size; r += 3) {
                            noise.fillRow(stream, r, b.data(), r * dim, dim);
                        }
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
                assertThat(b.data()).as("threads, stream %d", stream).containsExactly(expected.get(which).data());
            }
        } finally {
            pool.shutdown();
        }
        // a larger batch shares its first rows with the smaller one
        Batch bigger = Batch.zeros(size + 5, dim);
        noise.standardNormal(streams[2], bigger);
        for (int i = 0; i < size * dim; i++) {
            assertThat(bigger.data()[i]).isEqualTo(expected.get(2).data()[i]);
        }
    }

    @Test
    void drawsAreStandardNormalAndStreamsDiffer() {
        SeededNoise noise = new SeededNoise(7);
        Batch a = Batch.zeros(200, 100);
        Batch b = Batch.zeros(200, 100);
        noise.standardNormal(3, a);
        noise.standardNormal(4, b);
        int n = a.data().length;
        double mean = 0;
        double square = 0;
        double cross = 0;
        for (int i = 0; i < n; i++) {
            mean += a.data()[i];
            square += a.data()[i] * a.data()[i];
            cross += a.data()[i] * b.data()[i];
        }
        mean /= n;
        square /= n;
        cross /= n;
        // 5 standard errors: mean ~ 1/sqrt(n), variance ~ sqrt(2/n), correlation ~ 1/sqrt(n)
        assertThat(Math.abs(mean)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(square - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
        assertThat(Math.abs(cross)).isLessThan(5 / Math.sqrt(n));
        Batch again = Batch.zeros(200, 100);
        new SeededNoise(7).standardNormal(3, again);
        assertThat(again.data()).containsExactly(a.data());
        new SeededNoise(8).standardNormal(3, again);
        assertThat(again.data()[0]).isNotEqualTo(a.data()[0]);
    }
}
