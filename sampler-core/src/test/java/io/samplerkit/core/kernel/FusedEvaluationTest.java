package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The guard fused into the kernels throws exactly what the separate scan
 * ({@link SamplingException#requireSoundEvaluation}) throws, and otherwise leaves the kernels' results bit for bit.
 * Seeded generator: every case prints its seed on failure.
 */
class FusedEvaluationTest {

    private static final double[] BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5e150,
        -1e200};
    private static final int CASES = 800;
    /**
     * The scan-ahead limit of half the cases: small, so that sizes above it (the block path, the state scanned per
     * block) stay fast; the default {@link FusedEvaluation#SCAN_AHEAD} takes the same code path below it.
     */
    private static final int SCAN_AHEAD_HERE = 1 << 15;

    /** One kernel that reads the output {@code d} and the state {@code x}, writing {@code out}. */
    @FunctionalInterface
    private interface Consumer {
        void run(Batch out, Batch x, Batch d, Batch h);
    }

    private static final List<Consumer> CONSUMERS = List.of(
            (out, x, d, h) -> Kernels.lincomb2(out, 0.5, x, -0.25, d),
            (out, x, d, h) -> Kernels.lincomb3(out, 0.5, x, 1e-160, d, 2.0, h),
            (out, x, d, h) -> Kernels.lincomb4(out, 0.5, x, 0.0, d, 2.0, h, 1.0, h),
            (out, x, d, h) -> Kernels.lincomb5(out, 0.5, h, 0.25, x, 0.125, h, 2.0, d, 1.0, h),
            (out, x, d, h) -> Kernels.lincomb(out, 2, new double[] {0.5, 3.0}, new Batch[] {x, d}),
            (out, x, d, h) -> Kernels.lincomb(out, 7, new double[] {1, 2, 3, 4, 5, 6, 7},
                    new Batch[] {x, h, h, h, h, h, d}),
            (out, x, d, h) -> Kernels.scale(out, 1e-200, d),
            (out, x, d, h) -> Kernels.copy(out, d),
            (out, x, d, h) -> Kernels.lerp(out, x, 0.3, d),
            (out, x, d, h) -> new ParallelKernels(KernelWorkers.shared(), 1, 1000).lincomb2(out, 0.5, x, 2.0, d));

    @Test
    void sameExceptionAndSameBitsAsTheSeparateScan() {
        SeededCases.forSeeds(CASES, FusedEvaluationTest::checkCase);
    }

    private static void checkCase(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        // up to 5 blocks, or (one case in four) beyond the whole-output scan's limit of these cases, where the state is
        // scanned per block
        int n = rng.nextInt(4) == 0 ? SCAN_AHEAD_HERE + 1 + rng.nextInt(2 * FusedEvaluation.BLOCK)
                : 1 + rng.nextInt(5 * FusedEvaluation.BLOCK);
        Batch x = random(rng, n);
        Batch d = random(rng, n);
        Batch h = random(rng, n);
        // up to two unsound elements in the output and the state each, anywhere
        for (Batch b : new Batch[] {d, d, x, x}) {
            if (rng.nextInt(3) == 0) {
                b.data()[rng.nextInt(n)] = BAD[rng.nextInt(BAD.length)];
            }
        }
        Consumer kernel = CONSUMERS.get(rng.nextInt(CONSUMERS.size()));
        boolean inPlace = rng.nextBoolean();
        // half the cases also leave a conversion target = cx x + cout d pending, which the kernel reads instead of d
        boolean convert = rng.nextBoolean();
        // and half of those convert over the output itself (the target is d), block by block after each block's check
        boolean overOutput = convert && rng.nextBoolean();
        double cx = rng.nextDouble(-2, 2);
        double cout = rng.nextDouble(-2, 2);
        // half the cases run the kernels on threads from one element on, in chunks of any size: each chunk checks its
        // blocks and the calling thread settles the stopped ones
        ParallelKernels threads = rng.nextBoolean()
                ? new ParallelKernels(KernelWorkers.shared(), 1, 1 + rng.nextInt(3 * FusedEvaluation.BLOCK)) : null;

        Batch xRef = x.copy();
        Batch outRef = inPlace ? xRef : Batch.zeros(1, n);
        SamplingException expected = null;
        try {
            SamplingException.requireSoundEvaluation(xRef, d, "s", 3, 0.25);
        } catch (SamplingException e) {
            expected = e;
        }
        Batch targetRef = Batch.zeros(1, n);
        if (expected == null) {
            if (convert) {
                Kernels.lincomb2(targetRef, cx, xRef, cout, d);
            }
            kernel.run(outRef, xRef, convert ? targetRef : d, h);
        }

        Batch out = inPlace ? x : Batch.zeros(1, n);
        d = overOutput ? d.copy() : d;
        Batch target = overOutput ? d : Batch.zeros(1, n);
        FusedEvaluation guard = new FusedEvaluation();
        // half the cases check block by block at every size, half scan the output ahead (every kernel on the calling
        // thread; on the chunks when threaded, an in-place kernel only)
        guard.scanAheadUpTo(rng.nextBoolean() ? 0 : SCAN_AHEAD_HERE);
        guard.useThreads(threads);
        guard.open();
        SamplingException actual = null;
        try {
            guard.defer(x, d, "s", 3, 0.25);
            if (convert) {
                guard.convertLater(target, cx, cout);
            }
            assertThat(guard.pending()).isTrue();
            kernel.run(out, x, convert ? target : d, h);
            assertThat(guard.pending()).as("checked by the kernel").isFalse();
            guard.close();
        } catch (SamplingException e) {
            actual = e;
        } finally {
            guard.release();
        }
        assertThat(FusedEvaluation.current()).isNull();
        if (expected == null) {
            assertThat(actual).isNull();
            assertThat(out.data()).isEqualTo(outRef.data());
            assertThat(target.data()).as("target, over the output: %s", overOutput).isEqualTo(targetRef.data());
            return;
        }
        assertThat(actual).isNotNull();
        assertThat(actual.kind()).isEqualTo(expected.kind());
        assertThat(actual.index()).isEqualTo(expected.index());
        assertThat(actual.step()).isEqualTo(3);
        assertThat(actual.time()).isEqualTo(0.25);
        assertThat(actual.solver()).isEqualTo("s");
        assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
    }

    @Test
    void aKernelThatOverwritesTheStateWithoutReadingTheOutputRunsTheScanFirst() {
        Batch x = Batch.zeros(1, 10);
        Batch d = Batch.zeros(1, 10);
        Batch other = Batch.zeros(1, 10);
        d.data()[4] = Double.NaN;
        x.data()[7] = Double.POSITIVE_INFINITY;
        FusedEvaluation guard = new FusedEvaluation();
        guard.open();
        try {
            guard.defer(x, d, "s", 1, 0.5);
            Kernels.lincomb2(other, 1, other, 1, other);
            assertThat(guard.pending()).as("an unrelated kernel leaves the check pending").isTrue();
            assertThatThrownBy(() -> Kernels.scale(x, 0.0, other)).isInstanceOfSatisfying(SamplingException.class,
                    e -> {
                        assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_STATE);
                        assertThat(e.index()).isEqualTo(7);
                    });
            assertThat(x.data()[7]).as("the state is checked before it is overwritten").isInfinite();
        } finally {
            guard.release();
        }
    }

    @Test
    void theConversionFusedIntoTheUpdateReportsTheBytesItMoves() {
        Batch x = Batch.zeros(1, 6);
        Batch d = Batch.zeros(1, 6);
        Batch h = Batch.zeros(1, 6);
        Batch target = Batch.zeros(1, 6);
        List<String> passes = new ArrayList<>();
        KernelTraffic.install(new KernelTraffic.Recorder() {
            @Override
            public void read(double[] array) {
                passes.add("r" + name(array));
            }

            @Override
            public void write(double[] array) {
                passes.add("w" + name(array));
            }

            private String name(double[] a) {
                return a == x.data() ? "x" : a == d.data() ? "d" : a == h.data() ? "h" : "t";
            }
        });
        FusedEvaluation fused = new FusedEvaluation();
        fused.open();
        try {
            fused.defer(x, d, "s", 0, 1.0);
            fused.convertLater(target, 2.0, -1.0);
            Kernels.lincomb3(x, 1, x, 0.5, target, 0.25, h);
            fused.defer(x, d, "s", 0, 1.0);
            fused.convertLater(target, 2.0, -1.0);
            Kernels.scale(h, 3.0, target);
        } finally {
            fused.release();
            KernelTraffic.install(null);
        }
        // read x, the output (instead of the target), h; write x and the target; then the state is read for the
        // conversion of a kernel that does not read it
        assertThat(passes).containsExactly("rx", "rd", "rh", "wx", "wt", "rd", "wh", "rx", "wt");
    }

    @Test
    void closeScansWhatNoKernelRead() {
        Batch x = Batch.zeros(1, 5);
        Batch d = Batch.zeros(1, 5);
        d.data()[2] = 1e151;
        FusedEvaluation guard = new FusedEvaluation();
        guard.open();
        try {
            guard.defer(x, d, "s", 2, 0.75);
            assertThatThrownBy(guard::close).isInstanceOfSatisfying(SamplingException.class, e -> {
                assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
                assertThat(e.index()).isEqualTo(2);
                assertThat(e.step()).isEqualTo(2);
            });
        } finally {
            guard.release();
        }
        assertThat(FusedEvaluation.current()).isNull();
    }

    @Test
    void aConversionOverTheOutputThatNoKernelReadIsDoneAtCloseWithTheSameBitsOrTheSameException() {
        SeededCases.forSeeds(200, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(3 * FusedEvaluation.BLOCK);
            Batch x = random(rng, n);
            Batch d = random(rng, n);
            boolean unsound = rng.nextBoolean();
            if (unsound) {
                d.data()[rng.nextInt(n)] = BAD[rng.nextInt(BAD.length)];
            }
            double cx = rng.nextDouble(-2, 2);
            double cout = rng.nextDouble(-2, 2);
            Batch expected = Batch.zeros(1, n);
            Kernels.lincomb2(expected, cx, x, cout, d);
            int firstBad = SamplingException.firstUnsound(d.data(), 0, n);
            FusedEvaluation guard = new FusedEvaluation();
            guard.open();
            try {
                guard.defer(x, d, "s", 1, 0.5);
                guard.convertLater(d, cx, cout);
                if (firstBad < 0) {
                    guard.close();
                    assertThat(d.data()).isEqualTo(expected.data());
                } else {
                    assertThatThrownBy(guard::close).isInstanceOfSatisfying(SamplingException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
                        assertThat(e.index()).isEqualTo(firstBad);
                    });
                }
            } finally {
                guard.release();
            }
        });
    }

    @Test
    void aConversionOverTheStateIsRefused() {
        Batch x = Batch.zeros(1, 4);
        Batch d = Batch.zeros(1, 4);
        FusedEvaluation guard = new FusedEvaluation();
        guard.open();
        try {
            guard.defer(x, d, "s", 1, 0.5);
            assertThatThrownBy(() -> guard.convertLater(x, 1.0, 1.0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("state");
            guard.close();
        } finally {
            guard.release();
        }
    }

    @Test
    void guardsNestAndTheCountedTrafficHasNoScanPass() {
        FusedEvaluation outer = new FusedEvaluation();
        FusedEvaluation inner = new FusedEvaluation();
        outer.open();
        try {
            inner.open();
            assertThat(FusedEvaluation.current()).isSameAs(inner);
            inner.close();
            assertThat(FusedEvaluation.current()).isSameAs(outer);
            Batch x = Batch.zeros(1, 6);
            Batch d = Batch.zeros(1, 6);
            List<String> passes = new ArrayList<>();
            KernelTraffic.install(new KernelTraffic.Recorder() {
                @Override
                public void read(double[] array) {
                    passes.add(array == x.data() ? "rx" : "rd");
                }

                @Override
                public void write(double[] array) {
                    passes.add("w");
                }
            });
            try {
                outer.defer(x, d, "s", 0, 1.0);
                Kernels.lincomb2(x, 1, x, 1, d);
            } finally {
                KernelTraffic.install(null);
            }
            assertThat(passes).containsExactly("rx", "rd", "w");
        } finally {
            outer.release();
        }
        assertThat(FusedEvaluation.current()).isNull();
    }

    private static Batch random(SplittableRandom rng, int n) {
        Batch b = Batch.zeros(1, n);
        for (int i = 0; i < n; i++) {
            b.data()[i] = rng.nextDouble(-3, 3);
        }
        return b;
    }
}
