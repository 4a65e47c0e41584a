package io.samplerkit.core.noise;

import static io.samplerkit.core.analytic.GaussianFixtures.maxAbs;
import static io.samplerkit.core.analytic.GaussianFixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.KernelWorkers;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.state.Batch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtualBrownianTreeTest {

    private static final int SIZE = 50;
    private static final int DIM = 80;
    private static final int N = SIZE * DIM;

    private static VirtualBrownianTree tree(long seed) {
        return VirtualBrownianTree.of(seed, 0.0, 2.0, SIZE, DIM);
    }

    private static double[] moments(double[] v) {
        double mean = 0;
        double square = 0;
        for (double x : v) {
            mean += x;
            square += x * x;
        }
        mean /= v.length;
        return new double[] {mean, square / v.length - mean * mean};
    }

    /**
     * Inside a run with kernel threads the nodes' normals are drawn in chunks on them (the facade counts threaded
     * draws), alternating with another source as a run's step noise would: every value keeps the bits of the same tree
     * outside any run, for chunks of any length. Seeded generator: the label names the seed.
     */
    @Test
    void onARunsKernelThreadsTheValuesKeepTheirBits() {
        KernelWorkers pool = new KernelWorkers(2);
        try {
            for (long seed = 1; seed <= 12; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                int size = 1 + rng.nextInt(3);
                int dim = 1 + rng.nextInt(700);
                String label = "seed " + seed + ", " + size + " x " + dim;
                VirtualBrownianTree plain = VirtualBrownianTree.of(seed, 0, 1, size, dim);
                VirtualBrownianTree threaded = VirtualBrownianTree.of(seed, 0, 1, size, dim);
                ParallelKernels threads = new ParallelKernels(pool, 1, 1 + rng.nextInt(size * dim));
                NormalStream other = new SeededNoise(seed + 100).normalStream(dim);
                Batch otherDraw = Batch.zeros(size, dim);
                FusedEvaluation f = new FusedEvaluation();
                f.useThreads(threads);
                f.open();
                try {
                    for (int k = 0; k < 3; k++) {
                        double tau = rng.nextDouble();
                        Batch expected = Batch.zeros(size, dim);
                        plain.value(tau, expected);
                        Batch actual = Batch.zeros(size, dim);
                        threaded.value(tau, actual);
                        assertThat(actual.data()).as(label + ", tau " + tau).isEqualTo(expected.data());
                        other.start(k);
                        Kernels.draw(otherDraw, other);
                    }
                    f.close();
                } finally {
                    f.release();
                }
                assertThat(threads.drawCalls()).as(label).isGreaterThan(3 * 2 + 3);
            }
        } finally {
            pool.close();
        }
    }

    @Test
    void incrementsHaveMeanZeroAndVarianceEqualToTheTimeStep() {
        double[][] intervals = {{0, 2}, {0.2, 0.7}, {1.5, 1.5 + 1e-3}, {0.3337, 0.3341}, {1.9, 0.1}};
        for (long seed = 0; seed < 3; seed++) {
            VirtualBrownianTree w = tree(seed);
            for (double[] iv : intervals) {
                Batch inc = Batch.zeros(SIZE, DIM);
                w.increment(iv[0], iv[1], inc);
                double dt = Math.abs(iv[1] - iv[0]);
                double[] m = moments(inc.data());
                // 5 standard errors of the sample mean and variance of N draws with variance dt
                assertThat(Math.abs(m[0])).as("seed=%d [%s, %s] mean", seed, iv[0], iv[1])
                        .isLessThan(5 * Math.sqrt(dt / N));
                assertThat(Math.abs(m[1] - dt)).as("seed=%d [%s, %s] variance", seed, iv[0], iv[1])
                        .isLessThan(5 * dt * Math.sqrt(2.0 / N));
            }
        }
    }

    @Test
    void disjointIncrementsAreUncorrelated() {
        VirtualBrownianTree w = tree(4);
        Batch a = Batch.zeros(SIZE, DIM);
        Batch b = Batch.zeros(SIZE, DIM);
        w.increment(0.1, 0.45, a);
        w.increment(0.45, 1.3, b);
        double cross = 0;
        for (int i = 0; i < N; i++) {
            cross += a.data()[i] * b.data()[i];
        }
        double correlation = cross / N / Math.sqrt(0.35 * 0.85);
        assertThat(Math.abs(correlation)).isLessThan(5 / Math.sqrt(N));
    }

    @Test
    void incrementsAddUpAcrossStepSizes() {
        VirtualBrownianTree w = tree(8);
        Batch whole = Batch.zeros(SIZE, DIM);
        w.increment(1.7, 0.05, whole);
        Batch sum = Batch.zeros(SIZE, DIM);
        Batch part = Batch.zeros(SIZE, DIM);
        int steps = 13;
        for (int i = 0; i < steps; i++) {
            double s = 1.7 + (0.05 - 1.7) * i / steps;
            double t = i + 1 == steps ? 0.05 : 1.7 + (0.05 - 1.7) * (i + 1) / steps;
            w.increment(s, t, part);
            for (int j = 0; j < N; j++) {
                sum.data()[j] += part.data()[j];
            }
        }
        assertThat(maxAbsDiff(sum.data(), whole.data())).isLessThan(1e-13 * (1 + maxAbs(whole.data())));
    }

    @Test
    void valuesDoNotDependOnQueryOrder() {
        double[] times = {0.3, 1.99, 0.0, 2.0, 1.0, 0.30000001, 0.7};
        VirtualBrownianTree forward = tree(21);
        Batch[] first = new Batch[times.length];
        for (int i = 0; i < times.length; i++) {
            first[i] = Batch.zeros(SIZE, DIM);
            forward.value(times[i], first[i]);
        }
        VirtualBrownianTree backward = tree(21);
        Batch v = Batch.zeros(SIZE, DIM);
        for (int i = times.length - 1; i >= 0; i--) {
            backward.value(times[i], v);
            assertThat(v.data()).as("tau=%s", times[i]).containsExactly(first[i].data());
        }
        assertThat(maxAbs(first[2].data())).isZero();
        // nearby times give nearby values (continuity of the path)
        assertThat(maxAbsDiff(first[0].data(), first[5].data())).isLessThan(1e-2);
    }

    @Test
    void bridgeAtTheMidpointHasTheBrownianBridgeVariance() {
        // Var(W(1) - (W(0) + W(2))/2) = 1/2 for a Brownian motion on [0, 2]
        VirtualBrownianTree w = tree(31);
        Batch end = Batch.zeros(SIZE, DIM);
        Batch mid = Batch.zeros(SIZE, DIM);
        w.value(2.0, end);
        w.value(1.0, mid);
        double[] residual = new double[N];
        for (int i = 0; i < N; i++) {
            residual[i] = mid.data()[i] - 0.5 * end.data()[i];
        }
        double[] m = moments(residual);
        assertThat(Math.abs(m[1] - 0.5)).isLessThan(5 * 0.5 * Math.sqrt(2.0 / N));
    }

    @Test
    void incrementsThatReuseThePreviousEndsEqualThoseComputedFromScratch() {
        // a grid walked downwards (a sampler's steps), a retry from the same time (a rejected adaptive attempt),
        // a jump back and an increment with equal ends
        double[][] queries = {{1.5, 2.0}, {1.0, 1.5}, {0.5, 1.0}, {0.75, 1.0}, {0.6, 0.75}, {1.2, 1.9}, {0.6, 0.75},
            {0.3, 0.3}, {0.0, 0.3}};
        VirtualBrownianTree walked = tree(33);
        Batch inc = Batch.zeros(SIZE, DIM);
        Batch s = Batch.zeros(SIZE, DIM);
        Batch t = Batch.zeros(SIZE, DIM);
        for (double[] q : queries) {
            walked.increment(q[0], q[1], inc);
            VirtualBrownianTree fresh = tree(33);
            fresh.value(q[0], s);
            fresh.value(q[1], t);
            double[] expected = t.data().clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] -= s.data()[i];
            }
            assertThat(inc.data()).as("[%s, %s]", q[0], q[1]).containsExactly(expected);
        }
    }

    @Test
    void invalidQueriesAreRejected() {
        VirtualBrownianTree w = tree(1);
        assertThatThrownBy(() -> w.increment(-0.1, 1, Batch.zeros(SIZE, DIM)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tau");
        assertThatThrownBy(() -> w.increment(0, 1, Batch.zeros(2, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VirtualBrownianTree(1, 1, 1, 2, 2, 1e-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t1");
        assertThat(w.depth()).isEqualTo(30);
    }
}
