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
            int count = 1 + rng.nextInt(5);
            Batch[] terms = new Batch[count];
            double[] a = new double[count];
            double[] b = new double[count];
            for (int k = 0; k < count; k++) {
                terms[k] = random(rng, n);
                a[k] = rng.nextDouble(-2, 2);
                b[k] = rng.nextDouble(-2, 2);
            }
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

    private static Batch random(SplittableRandom rng, int n) {
        Batch b = Batch.zeros(1, n);
        for (int i = 0; i < n; i++) {
            b.data()[i] = rng.nextDouble(-3, 3);
        }
        return b;
    }
}
