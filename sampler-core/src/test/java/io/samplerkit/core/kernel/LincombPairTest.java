package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#lincombPair}: each destination has the bits of {@link Kernels#lincomb} with its coefficients, the
 * terms are read once, and a pending evaluation is checked as by the other kernels. Seeded generator: every case
 * prints its seed on failure.
 */
class LincombPairTest {

    @Test
    void eachDestinationHasTheBitsOfItsOwnLincomb() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(3 * FusedEvaluation.BLOCK);
            Combination c = Combination.random(rng, n);
            int count = c.count();
            Batch[] terms = c.terms();
            double[] a = c.a();
            double[] b = c.b();
            boolean inPlace = rng.nextBoolean();
            Batch expectedA = Batch.zeros(1, n);
            Batch expectedB = Batch.zeros(1, n);
            Kernels.lincomb(expectedA, count, a, terms);
            Kernels.lincomb(expectedB, count, b, terms);
            Batch out = inPlace ? terms[0] : Batch.zeros(1, n);
            Batch out2 = Batch.zeros(1, n);
            List<String> passes = new ArrayList<>();
            KernelTraffic.install(new KernelTraffic.Recorder() {
                @Override
                public void read(double[] array) {
                    passes.add("r");
                }

                @Override
                public void write(double[] array) {
                    passes.add("w");
                }
            });
            try {
                Kernels.lincombPair(out, a, out2, b, count, terms);
            } finally {
                KernelTraffic.install(null);
            }
            assertThat(out.data()).as("seed %d", seed).isEqualTo(expectedA.data());
            assertThat(out2.data()).as("seed %d", seed).isEqualTo(expectedB.data());
            assertThat(passes).as("seed %d", seed).hasSize(count + 2);
        }
    }

    /**
     * On threads from one element on, in chunks of any size, with or without a pending evaluation among the terms
     * (unsound in some cases, the second destination being the evaluated state in half of them): the bits, or the
     * exception and its index, of the one-thread call, and the call ran in chunks.
     */
    @Test
    void onThreadsTheSameBitsAndTheSameFailureAsOnOne() {
        KernelWorkers pool = new KernelWorkers(2);
        try {
            for (long seed = 1; seed <= 200; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                int n = 1 + rng.nextInt(4 * FusedEvaluation.BLOCK);
                Combination c = Combination.random(rng, n);
                Batch[] terms = c.terms();
                boolean inPlace = rng.nextBoolean();
                int evaluated = rng.nextBoolean() ? rng.nextInt(c.count()) : -1;
                boolean overwritesState = rng.nextBoolean();
                Batch state = random(rng, n);
                if (evaluated >= 0 && rng.nextInt(3) == 0) {
                    terms[evaluated].data()[rng.nextInt(n)] = Double.POSITIVE_INFINITY;
                }
                if (overwritesState && rng.nextInt(3) == 0) {
                    state.data()[rng.nextInt(n)] = Double.NaN;
                }
                ParallelKernels threads = new ParallelKernels(pool, 1, 1 + rng.nextInt(3 * FusedEvaluation.BLOCK));
                String label = "seed " + seed + ", n " + n + ", count " + c.count() + ", chunk " + threads.chunkSize();
                Object one = pairOnce(null, c, inPlace, evaluated, overwritesState, state);
                Object two = pairOnce(threads, c, inPlace, evaluated, overwritesState, state);
                if (one instanceof SamplingException e1) {
                    assertThat(two).as(label).isInstanceOf(SamplingException.class);
                    SamplingException e2 = (SamplingException) two;
                    assertThat(e2.kind()).as(label).isEqualTo(e1.kind());
                    assertThat(e2.index()).as(label).isEqualTo(e1.index());
                    assertThat(e2.getMessage()).as(label).isEqualTo(e1.getMessage());
                } else {
                    double[][] r1 = (double[][]) one;
                    double[][] r2 = (double[][]) two;
                    assertThat(r2[0]).as(label).isEqualTo(r1[0]);
                    assertThat(r2[1]).as(label).isEqualTo(r1[1]);
                    assertThat(threads.pairCalls()).as(label).isEqualTo(1);
                }
            }
        } finally {
            pool.close();
        }
    }

    /**
     * One {@link Kernels#lincombPair} call on copies of the inputs inside an open {@link FusedEvaluation} with these
     * threads: the two destinations, or the exception.
     */
    private static Object pairOnce(ParallelKernels threads, Combination c, boolean inPlace, int evaluated,
            boolean overwritesState, Batch state) {
        Batch[] terms = c.terms();
        int n = terms[0].data().length;
        Batch[] t = new Batch[terms.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = terms[k].copy();
        }
        Batch s = state.copy();
        Batch out = inPlace ? t[0] : Batch.zeros(1, n);
        Batch out2 = overwritesState ? s : Batch.zeros(1, n);
        FusedEvaluation f = new FusedEvaluation();
        f.useThreads(threads);
        f.open();
        try {
            if (evaluated >= 0) {
                f.defer(s, t[evaluated], "pair", 2, 0.5);
            }
            Kernels.lincombPair(out, c.a(), out2, c.b(), t.length, t);
            f.close();
            return new double[][] {out.data(), out2.data()};
        } catch (SamplingException e) {
            return e;
        } finally {
            f.release();
        }
    }

    /**
     * The second destination over a later term (the oldest model output of a fused multistep step): the bits of the two
     * separate combinations of the original terms, on one thread and in chunks of any size, across the kernel's
     * sub-blocks.
     */
    @Test
    void theSecondDestinationMayOverwriteALaterTerm() {
        KernelWorkers pool = new KernelWorkers(2);
        try {
            for (long seed = 1; seed <= 200; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                int n = 1 + rng.nextInt(3 * FusedEvaluation.BLOCK);
                Combination d = Combination.random(rng, n, 2);
                int count = d.count();
                Batch expectedA = Batch.zeros(1, n);
                Batch expectedB = Batch.zeros(1, n);
                Kernels.lincomb(expectedA, count, d.a(), d.terms());
                Kernels.lincomb(expectedB, count, d.b(), d.terms());
                int aliased = 1 + rng.nextInt(count - 1);
                boolean inPlace = rng.nextBoolean();
                ParallelKernels threads = rng.nextBoolean() ? null
                        : new ParallelKernels(pool, 1, 1 + rng.nextInt(3 * FusedEvaluation.BLOCK));
                Batch[] t = new Batch[count];
                for (int k = 0; k < count; k++) {
                    t[k] = d.terms()[k].copy();
                }
                Batch out = inPlace ? t[0] : Batch.zeros(1, n);
                FusedEvaluation f = new FusedEvaluation();
                f.useThreads(threads);
                f.open();
                try {
                    Kernels.lincombPair(out, d.a(), t[aliased], d.b(), count, t);
                    f.close();
                } finally {
                    f.release();
                }
                String label = "seed " + seed + ", n " + n + ", count " + count + ", aliased " + aliased
                        + (threads == null ? ", one thread" : ", chunk " + threads.chunkSize());
                assertThat(out.data()).as(label).isEqualTo(expectedA.data());
                assertThat(t[aliased].data()).as(label).isEqualTo(expectedB.data());
                if (threads != null) {
                    assertThat(threads.pairCalls()).as(label).isEqualTo(1);
                }
            }
        } finally {
            pool.close();
        }
    }

    /**
     * Both loops that can write the second destination over a later term, called directly on random sub-ranges: the
     * vector loop (two stores per iteration) and the scratch path of a JVM without the Vector API, each with the bits
     * of the two separate combinations and nothing outside the range touched.
     */
    @Test
    void theVectorLoopAndTheScratchPathGiveTheSameBitsOverATerm() {
        for (long seed = 1; seed <= 300; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 1 + rng.nextInt(3000);
            Combination d = Combination.random(rng, n, 2);
            int count = d.count();
            int from = rng.nextInt(n);
            int to = from + rng.nextInt(n - from + 1);
            int aliased = 1 + rng.nextInt(count - 1);
            boolean inPlace = rng.nextBoolean();
            Batch expectedA = inPlace ? d.terms()[0].copy() : Batch.zeros(1, n);
            Batch expectedB = d.terms()[aliased].copy();
            double[][] t = new double[5][];
            for (int k = 0; k < count; k++) {
                t[k] = d.terms()[k].data();
            }
            for (int i = from; i < to; i++) {
                double sa = d.a()[0] * t[0][i];
                double sb = d.b()[0] * t[0][i];
                for (int k = 1; k < count; k++) {
                    sa += d.a()[k] * t[k][i];
                    sb += d.b()[k] * t[k][i];
                }
                expectedA.data()[i] = sa;
                expectedB.data()[i] = sb;
            }
            for (boolean vector : new boolean[] {true, false}) {
                double[][] c = new double[5][];
                for (int k = 0; k < count; k++) {
                    c[k] = t[k].clone();
                }
                double[] o = inPlace ? c[0] : new double[n];
                double[] p = c[aliased];
                if (vector) {
                    VectorPairKernel.pair(o, d.a(), p, d.b(), count, c[0], c[1], c[2], c[3], c[4], from, to);
                } else {
                    Kernels.pairInSubBlocks(o, d.a(), p, d.b(), count, c[0], c[1], c[2], c[3], c[4], from, to);
                }
                String label = "seed " + seed + ", n " + n + ", [" + from + ", " + to + "), count " + count
                        + ", aliased " + aliased + (vector ? ", vector" : ", scratch");
                assertThat(o).as(label).isEqualTo(expectedA.data());
                assertThat(p).as(label).isEqualTo(expectedB.data());
            }
        }
    }

    @Test
    void aPendingEvaluationIsCheckedBeforeItsStateIsOverwritten() {
        int n = 3 * FusedEvaluation.BLOCK;
        Batch x = Batch.zeros(1, n);
        Batch state = Batch.zeros(1, n);
        Batch output = Batch.zeros(1, n);
        output.data()[2 * FusedEvaluation.BLOCK + 5] = Double.POSITIVE_INFINITY;
        FusedEvaluation f = new FusedEvaluation();
        f.open();
        try {
            f.defer(state, output, "pair", 2, 0.5);
            assertThatThrownBy(() -> Kernels.lincombPair(x, new double[] {1, 1}, state, new double[] {1, 2}, 2,
                    new BatchView[] {x, output})).isInstanceOf(SamplingException.class)
                    .hasMessageContaining(Integer.toString(2 * FusedEvaluation.BLOCK + 5));
        } finally {
            f.release();
        }
    }

    @Test
    void theSecondDestinationMustNotAliasATerm() {
        Batch x = Batch.zeros(1, 4);
        Batch y = Batch.zeros(1, 4);
        assertThatThrownBy(() -> Kernels.lincombPair(x, new double[] {1, 1}, x, new double[] {1, 1}, 2,
                new BatchView[] {x, y})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kernels.lincombPair(y, new double[] {1, 1}, x, new double[] {1, 1}, 2,
                new BatchView[] {x, y})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kernels.lincombPair(y, new double[6], Batch.zeros(1, 4), new double[6], 6,
                new BatchView[] {x, x, x, x, x, x})).isInstanceOf(IllegalArgumentException.class);
    }

    /** One to five random terms of {@code n} elements and the coefficients of the two destinations. */
    private record Combination(int count, Batch[] terms, double[] a, double[] b) {
        static Combination random(SplittableRandom rng, int n) {
            return random(rng, n, 1);
        }

        static Combination random(SplittableRandom rng, int n, int minCount) {
            int count = minCount + rng.nextInt(6 - minCount);
            Batch[] terms = new Batch[count];
            double[] a = new double[count];
            double[] b = new double[count];
            for (int k = 0; k < count; k++) {
                terms[k] = LincombPairTest.random(rng, n);
                a[k] = rng.nextDouble(-2, 2);
                b[k] = rng.nextDouble(-2, 2);
            }
            return new Combination(count, terms, a, b);
        }
    }

    private static Batch random(SplittableRandom rng, int n) {
        Batch b = Batch.zeros(1, n);
        for (int i = 0; i < n; i++) {
            b.data()[i] = rng.nextDouble(-3, 3);
        }
        return b;
    }
}
