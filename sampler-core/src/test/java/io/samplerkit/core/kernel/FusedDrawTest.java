package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A draw left to the kernel that reads it last ({@link FusedEvaluation#drawLater}) gives the bits of drawing into the
 * array first, with or without a pending model evaluation in the same kernel, costs no pass over the draw's array,
 * and is run into its array by anything else that touches it. Seeded generator: every case prints its seed on
 * failure.
 */
class FusedDrawTest {

    /**
     * A deterministic flat sequence: value {@code k} of the draw is {@code f(seed, k)}; with readers (counting their
     * reads) or without.
     */
    private static final class Sequence implements BlockSource {
        private final long seed;
        private final boolean readable;
        private final AtomicInteger positionedReads = new AtomicInteger();
        private long position;

        Sequence(long seed) {
            this(seed, false);
        }

        Sequence(long seed, boolean readable) {
            this.seed = seed;
            this.readable = readable;
        }

        @Override
        public Reader reader() {
            if (!readable) {
                return null;
            }
            return (index, dest, offset, length) -> {
                positionedReads.incrementAndGet();
                for (int i = 0; i < length; i++) {
                    dest[offset + i] = value(seed, index + i);
                }
            };
        }

        static double value(long seed, long k) {
            return new SplittableRandom(seed ^ (k * 0x9e3779b97f4a7c15L)).nextGaussian();
        }

        @Override
        public void next(double[] dest, int offset, int length) {
            for (int i = 0; i < length; i++) {
                dest[offset + i] = value(seed, position++);
            }
        }
    }

    @FunctionalInterface
    private interface Consumer {
        void run(Batch out, Batch x, Batch d, Batch z);
    }

    private static final List<Consumer> CONSUMERS = List.of(
            (out, x, d, z) -> Kernels.lincomb2(out, 0.5, x, -0.3, z),
            (out, x, d, z) -> Kernels.lincomb3(out, 0.5, x, 1.25, d, 0.7, z),
            (out, x, d, z) -> Kernels.lincomb4(out, 0.5, x, 1.25, d, -2.0, x, 0.7, z),
            (out, x, d, z) -> Kernels.lincomb5(out, 0.5, x, 1.25, d, -2.0, x, 0.1, d, 0.7, z),
            (out, x, d, z) -> Kernels.lincomb(out, 3, new double[] {0.5, 1.25, 0.7}, new Batch[] {x, d, z}));

    @Test
    void sameBitsAsDrawingFirstAndNoPassOverTheDraw() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(4 * FusedEvaluation.BLOCK);
            Batch x = random(rng, n);
            Batch d = random(rng, n);
            Consumer k = CONSUMERS.get(rng.nextInt(CONSUMERS.size()));
            boolean inPlace = rng.nextBoolean();
            boolean pendingEvaluation = rng.nextBoolean();
            double[] expected = drawnFirst(seed, k, inPlace, x, d);
            // fused
            Batch zf = Batch.zeros(1, n);
            Batch xf = x.copy();
            Batch of = Batch.zeros(1, n);
            List<double[]> passes = new ArrayList<>();
            FusedEvaluation f = new FusedEvaluation();
            f.open();
            KernelTraffic.install(new KernelTraffic.Recorder() {
                @Override
                public void read(double[] a) {
                    passes.add(a);
                }

                @Override
                public void write(double[] a) {
                    passes.add(a);
                }
            });
            try {
                if (pendingEvaluation) {
                    f.defer(xf, d, "test", 3, 0.5);
                }
                f.drawLater(zf, new Sequence(seed));
                k.run(inPlace ? xf : of, xf, d, zf);
                f.close();
            } finally {
                KernelTraffic.install(null);
                f.release();
            }
            String label = "seed " + seed + ", n " + n;
            assertThat(inPlace ? xf.data() : of.data()).as(label).isEqualTo(expected);
            assertThat(passes).as(label).noneMatch(a -> a == zf.data());
            assertThat(zf.data()).as(label).containsOnly(0.0);
        }
    }

    /**
     * On threads from one element on, in chunks of any size: a source with readers is drawn by the chunks (the reads
     * are counted), one without is drawn in order on the calling thread; same bits as drawing first, no pass over the
     * draw, and a pending evaluation in the same kernel fails with the separate scan's index.
     */
    @Test
    void threadedChunksDrawWithReadersAndGiveTheSameBits() {
        KernelWorkers pool = new KernelWorkers(2);
        try {
            for (long seed = 1; seed <= 200; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                int n = 1 + rng.nextInt(4 * FusedEvaluation.BLOCK);
                ParallelKernels threads = new ParallelKernels(pool, 1, 1 + rng.nextInt(3 * FusedEvaluation.BLOCK));
                Batch x = random(rng, n);
                Batch d = random(rng, n);
                int kernel = rng.nextInt(CONSUMERS.size());
                Consumer k = CONSUMERS.get(kernel);
                boolean inPlace = rng.nextBoolean();
                boolean pendingEvaluation = rng.nextBoolean();
                boolean readable = rng.nextInt(4) != 0;
                int bad = pendingEvaluation && rng.nextInt(4) == 0 ? rng.nextInt(n) : -1;
                if (bad >= 0) {
                    d.data()[bad] = Double.NaN;
                }
                double[] expected = drawnFirst(seed, k, inPlace, x, d);
                Batch zf = Batch.zeros(1, n);
                Batch xf = x.copy();
                Batch of = Batch.zeros(1, n);
                Sequence source = new Sequence(seed, readable);
                FusedEvaluation f = new FusedEvaluation();
                f.useThreads(threads);
                f.open();
                String label = "seed " + seed + ", n " + n + ", chunk " + threads.chunkSize() + ", kernel " + kernel
                        + (readable ? "" : ", no readers");
                try {
                    if (pendingEvaluation) {
                        f.defer(xf, d, "test", 3, 0.5);
                    }
                    f.drawLater(zf, source);
                    if (bad >= 0) {
                        int expectedBad = bad;
                        // the kernel that reads the output, or the end of the step when the kernel does not
                        assertThatThrownBy(() -> {
                            k.run(inPlace ? xf : of, xf, d, zf);
                            f.close();
                        }).as(label)
                                .isInstanceOfSatisfying(SamplingException.class,
                                        e -> assertThat(e.index()).isEqualTo(expectedBad));
                        continue;
                    }
                    k.run(inPlace ? xf : of, xf, d, zf);
                    f.close();
                } finally {
                    f.release();
                }
                assertThat(inPlace ? xf.data() : of.data()).as(label).isEqualTo(expected);
                assertThat(zf.data()).as(label).containsOnly(0.0);
                assertThat(source.positionedReads.get() > 0).as(label).isEqualTo(readable);
                assertThat(threads.drawCalls()).as(label).isEqualTo(readable ? 1 : 0);
            }
        } finally {
            pool.close();
        }
    }

    /** A public method of the threaded facade consumes a draw left to it as {@link Kernels} does: fused, in chunks. */
    @Test
    void theThreadedFacadeConsumesAPendingDrawInItsChunks() {
        int n = 10_000;
        Batch x = random(new SplittableRandom(4), n);
        Batch z = Batch.zeros(1, n);
        new Sequence(8).next(z.data(), 0, n);
        Batch expected = Batch.zeros(1, n);
        Kernels.lincomb2(expected, 0.5, x, 0.25, z);
        KernelWorkers pool = new KernelWorkers(1);
        FusedEvaluation f = new FusedEvaluation();
        try {
            ParallelKernels threads = new ParallelKernels(pool, 1, 999);
            Batch zf = Batch.zeros(1, n);
            Batch out = Batch.zeros(1, n);
            Sequence source = new Sequence(8, true);
            f.open();
            f.drawLater(zf, source);
            threads.lincomb2(out, 0.5, x, 0.25, zf);
            f.close();
            assertThat(out.data()).isEqualTo(expected.data());
            assertThat(zf.data()).containsOnly(0.0);
            assertThat(threads.drawCalls()).isEqualTo(1);
            assertThat(source.positionedReads.get()).isGreaterThanOrEqualTo(n / 999);
        } finally {
            f.release();
            pool.close();
        }
    }

    /**
     * The run's facade keeps the readers of the last two sources: drawing from three in turn (each draw evicting the
     * readers of the one drawn longest ago, which the next round asks for again), and from two in turn, every draw
     * still has the bits of its source and runs in chunks.
     */
    @Test
    void drawsFromSeveralSourcesInTurnKeepTheirBits() {
        KernelWorkers pool = new KernelWorkers(2);
        try {
            for (int sources = 2; sources <= 3; sources++) {
                int n = 3 * FusedEvaluation.BLOCK + 17;
                ParallelKernels threads = new ParallelKernels(pool, 1, FusedEvaluation.BLOCK);
                Sequence[] s = new Sequence[sources];
                for (int k = 0; k < sources; k++) {
                    s[k] = new Sequence(100 + k, true);
                }
                Batch z = Batch.zeros(1, n);
                FusedEvaluation f = new FusedEvaluation();
                f.useThreads(threads);
                f.open();
                try {
                    for (int round = 0; round < 4 * sources; round++) {
                        int k = round % sources;
                        double[] expected = new double[n];
                        new Sequence(100 + k).next(expected, 0, n);
                        Kernels.draw(z, s[k]);
                        assertThat(z.data()).as("%d sources, draw %d from source %d", sources, round, k)
                                .isEqualTo(expected);
                    }
                    f.close();
                } finally {
                    f.release();
                }
                assertThat(threads.drawCalls()).as("%d sources", sources).isEqualTo(4L * sources);
            }
        } finally {
            pool.close();
        }
    }

    /**
     * {@link Kernels#draw} writes the source's values in order, in chunks on the run's threads when the source has
     * readers.
     */
    @Test
    void aDrawWrittenIntoItsArrayIsSplitAmongTheChunksWithTheSameBits() {
        KernelWorkers pool = new KernelWorkers(2);
        try {
            for (long seed = 1; seed <= 40; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                int n = 1 + rng.nextInt(4 * FusedEvaluation.BLOCK);
                boolean readable = rng.nextBoolean();
                ParallelKernels threads = new ParallelKernels(pool, 1, 1 + rng.nextInt(3 * FusedEvaluation.BLOCK));
                double[] expected = new double[n];
                new Sequence(seed).next(expected, 0, n);
                Batch z = random(rng, n);
                Sequence source = new Sequence(seed, readable);
                FusedEvaluation f = new FusedEvaluation();
                f.useThreads(threads);
                f.open();
                try {
                    Kernels.draw(z, source);
                    f.close();
                } finally {
                    f.release();
                }
                String label = "seed " + seed + ", n " + n + ", chunk " + threads.chunkSize();
                assertThat(z.data()).as(label).isEqualTo(expected);
                assertThat(threads.drawCalls()).as(label).isEqualTo(readable ? 1 : 0);
                assertThat(source.positionedReads.get() > 0).as(label).isEqualTo(readable);
            }
        } finally {
            pool.close();
        }
    }

    @Test
    void aPendingEvaluationIsStillCheckedByTheKernelThatDraws() {
        Batch x = Batch.zeros(1, 3000);
        Batch d = Batch.zeros(1, 3000);
        d.data()[2500] = Double.NaN;
        Batch z = Batch.zeros(1, 3000);
        FusedEvaluation f = new FusedEvaluation();
        f.open();
        try {
            f.defer(x, d, "test", 4, 0.25);
            f.drawLater(z, new Sequence(1));
            assertThatThrownBy(() -> Kernels.lincomb3(x, 1, x, 1, d, 1, z)).isInstanceOf(SamplingException.class)
                    .hasMessageContaining("2500");
        } finally {
            f.release();
        }
    }

    @Test
    void anyOtherUseRunsTheDrawIntoItsArrayFirst() {
        int n = 5000;
        double[] expected = new double[n];
        new Sequence(7).next(expected, 0, n);
        Batch x = Batch.zeros(1, n);
        Batch z = Batch.zeros(1, n);
        FusedEvaluation f = new FusedEvaluation();
        f.open();
        try {
            // read other than as the last term: drawn first
            f.drawLater(z, new Sequence(7));
            Kernels.lincomb2(x, 1.0, z, 0.0, x);
            assertThat(z.data()).isEqualTo(expected);
            assertThat(x.data()).isEqualTo(expected);
            // never read in the step: close draws it
            Batch z2 = Batch.zeros(1, n);
            f.drawLater(z2, new Sequence(7));
            f.close();
            assertThat(z2.data()).isEqualTo(expected);
        } finally {
            f.release();
        }
    }

    @Test
    void aConsumedDrawCannotBeReadAgainUntilWritten() {
        Batch x = Batch.zeros(1, 100);
        Batch z = Batch.zeros(1, 100);
        FusedEvaluation f = new FusedEvaluation();
        f.open();
        try {
            f.drawLater(z, new Sequence(3));
            Kernels.lincomb2(x, 1.0, x, 1.0, z);
            assertThatThrownBy(() -> Kernels.lincomb2(x, 1.0, x, 1.0, z)).isInstanceOf(IllegalStateException.class);
            Kernels.scale(z, 0.0, x);
            Kernels.lincomb2(x, 1.0, x, 1.0, z);
        } finally {
            f.release();
        }
    }

    @Test
    void drawingLaterNeedsTheInstanceOpen() {
        FusedEvaluation f = new FusedEvaluation();
        assertThatThrownBy(() -> f.drawLater(Batch.zeros(1, 4), new Sequence(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The kernel's result when the draw of {@code seed} is written into its array first. */
    private static double[] drawnFirst(long seed, Consumer k, boolean inPlace, Batch x, Batch d) {
        int n = x.data().length;
        Batch z = Batch.zeros(1, n);
        new Sequence(seed).next(z.data(), 0, n);
        Batch xe = x.copy();
        Batch oe = Batch.zeros(1, n);
        k.run(inPlace ? xe : oe, xe, d, z);
        return inPlace ? xe.data() : oe.data();
    }

    private static Batch random(SplittableRandom rng, int n) {
        Batch b = Batch.zeros(1, n);
        for (int i = 0; i < n; i++) {
            b.data()[i] = rng.nextDouble(-3, 3);
        }
        return b;
    }
}
