package io.samplerkit.core.kernel;

import static io.samplerkit.core.analytic.GaussianFixtures.firstBitDifference;
import static io.samplerkit.core.analytic.GaussianFixtures.normalBatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParallelKernelsTest {

    private static KernelsTest.Kernel[] parallel(ParallelKernels p) {
        return new KernelsTest.Kernel[] {
            (o, c, in) -> p.scale(o, c[0], in[0]),
            (o, c, in) -> p.lincomb2(o, c[0], in[0], c[1], in[1]),
            (o, c, in) -> p.lincomb3(o, c[0], in[0], c[1], in[1], c[2], in[2]),
            (o, c, in) -> p.lincomb4(o, c[0], in[0], c[1], in[1], c[2], in[2], c[3], in[3]),
            (o, c, in) -> p.lincomb5(o, c[0], in[0], c[1], in[1], c[2], in[2], c[3], in[3], c[4], in[4]),
            (o, c, in) -> p.lincomb(o, 6, c, new BatchView[] {in[0], in[1], in[2], in[3], in[4], in[5]}),
            (o, c, in) -> p.lerp(o, in[0], c[0], in[1]),
        };
    }

    private static void assertBitIdentical(ParallelKernels p, int size, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] c = new double[6];
        Batch[] in = new Batch[6];
        for (int k = 0; k < 6; k++) {
            c[k] = rng.nextDouble(-3, 3);
            in[k] = normalBatch(rng, size, dim, 1);
        }
        KernelsTest.Kernel[] threaded = parallel(p);
        for (int kernel = 0; kernel < threaded.length; kernel++) {
            Batch single = Batch.zeros(size, dim);
            Batch multi = Batch.zeros(size, dim);
            KernelsTest.KERNELS[kernel].apply(single, c, in);
            threaded[kernel].apply(multi, c, in);
            assertThat(firstBitDifference(multi.data(), single.data()))
                    .as("seed=%d kernel=%d n=%d chunk=%d", seed, kernel, size * dim, p.chunkSize())
                    .isEqualTo(-1);
            Batch aliased = in[0].copy();
            Batch[] copy = in.clone();
            copy[0] = aliased;
            threaded[kernel].apply(aliased, c, copy);
            assertThat(firstBitDifference(aliased.data(), single.data()))
                    .as("aliased seed=%d kernel=%d", seed, kernel).isEqualTo(-1);
        }
    }

    @Test
    void smallChunksOnADedicatedPoolGiveTheSameBits() {
        KernelWorkers pool = new KernelWorkers(3);
        try {
            for (long seed = 0; seed < 10; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                int chunk = 1 + rng.nextInt(50);
                ParallelKernels p = new ParallelKernels(pool, 1, chunk);
                assertBitIdentical(p, 1 + rng.nextInt(20), 1 + rng.nextInt(40), seed);
            }
        } finally {
            pool.close();
        }
    }

    @Test
    void defaultFacadeAboveItsThresholdGivesTheSameBits() {
        ParallelKernels p = new ParallelKernels(KernelWorkers.shared(), ParallelKernels.DEFAULT_THRESHOLD,
                ParallelKernels.DEFAULT_CHUNK_SIZE);
        assertBitIdentical(p, 3, (1 << 16) + 7, 99);
        assertBitIdentical(p, 2, 100, 100); // below the threshold: the single-thread path
    }
}
