package io.samplerkit.core.kernel;

import static io.samplerkit.core.analytic.GaussianFixtures.maxAbs;
import static io.samplerkit.core.analytic.GaussianFixtures.maxAbsDiff;
import static io.samplerkit.core.analytic.GaussianFixtures.normalBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelsTest {

    /** A kernel with k inputs, applied through the public facade. */
    interface Kernel {
        void apply(Batch out, double[] c, Batch[] in);
    }

    static final Kernel[] KERNELS = {
        (o, c, in) -> Kernels.scale(o, c[0], in[0]),
        (o, c, in) -> Kernels.lincomb2(o, c[0], in[0], c[1], in[1]),
        (o, c, in) -> Kernels.lincomb3(o, c[0], in[0], c[1], in[1], c[2], in[2]),
        (o, c, in) -> Kernels.lincomb4(o, c[0], in[0], c[1], in[1], c[2], in[2], c[3], in[3]),
        (o, c, in) -> Kernels.lincomb5(o, c[0], in[0], c[1], in[1], c[2], in[2], c[3], in[3], c[4], in[4]),
        (o, c, in) -> Kernels.lincomb(o, 6, c, new BatchView[] {in[0], in[1], in[2], in[3], in[4], in[5]}),
        (o, c, in) -> Kernels.lerp(o, in[0], c[0], in[1]),
    };
    static final int[] ARITY = {1, 2, 3, 4, 5, 6, 2};

    private static double[] reference(int kernel, double[] c, Batch[] in, int i) {
        double[] r = new double[1];
        if (kernel == 6) {
            double x = in[0].data()[i];
            r[0] = x + c[0] * (in[1].data()[i] - x);
            return r;
        }
        for (int k = 0; k < ARITY[kernel]; k++) {
            r[0] += c[k] * in[k].data()[i];
        }
        return r;
    }

    @Test
    void kernelsComputeTheirFormulaAndAreLinearInEachInput() {
        for (long seed = 0; seed < 40; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int size = 1 + rng.nextInt(4);
            int dim = 1 + rng.nextInt(9);
            for (int kernel = 0; kernel < KERNELS.length; kernel++) {
                int n = ARITY[kernel];
                double[] c = new double[6];
                Batch[] in = new Batch[6];
                Batch[] other = new Batch[6];
                Batch[] combined = new Batch[6];
                double lambda = rng.nextDouble(-2, 2);
                for (int k = 0; k < 6; k++) {
                    c[k] = rng.nextDouble(-3, 3);
                    in[k] = normalBatch(rng, size, dim, 1);
                    other[k] = normalBatch(rng, size, dim, 1);
                    combined[k] = in[k].like();
                    Kernels.lincomb2(combined[k], 1.0, in[k], lambda, other[k]);
                }
                Batch a = Batch.zeros(size, dim);
                Batch b = Batch.zeros(size, dim);
                Batch ab = Batch.zeros(size, dim);
                KERNELS[kernel].apply(a, c, in);
                for (int i = 0; i < a.data().length; i++) {
                    assertThat(a.data()[i]).as("seed=%d kernel=%d i=%d", seed, kernel, i)
                            .isCloseTo(reference(kernel, c, in, i)[0],
                                    org.assertj.core.data.Offset.offset(1e-14 * (1 + maxAbs(a.data()))));
                }
                if (kernel == 6) {
                    continue; // lerp is affine, not linear, in its inputs as a whole
                }
                KERNELS[kernel].apply(b, c, other);
                KERNELS[kernel].apply(ab, c, combined);
                double[] expected = new double[a.data().length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = a.data()[i] + lambda * b.data()[i];
                }
                assertThat(maxAbsDiff(ab.data(), expected)).as("seed=%d kernel=%d arity=%d", seed, kernel, n)
                        .isLessThanOrEqualTo(1e-13 * (1 + maxAbs(expected)));
            }
        }
    }

    @Test
    void outputMayAliasAnyInputOfTheFixedArityKernels() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int kernel = 0; kernel < KERNELS.length; kernel++) {
            int n = ARITY[kernel];
            int aliasable = kernel == 5 ? 1 : n; // lincomb(count, ...) documents aliasing of terms[0] only
            double[] c = new double[6];
            Batch[] in = new Batch[6];
            for (int k = 0; k < 6; k++) {
                c[k] = rng.nextDouble(-3, 3);
                in[k] = normalBatch(rng, 3, 5, 1);
            }
            Batch expected = Batch.zeros(3, 5);
            KERNELS[kernel].apply(expected, c, in);
            for (int alias = 0; alias < aliasable; alias++) {
                Batch[] copy = in.clone();
                copy[alias] = in[alias].copy();
                KERNELS[kernel].apply(copy[alias], c, copy);
                assertThat(copy[alias].data()).as("kernel=%d out aliases input %d", kernel, alias)
                        .containsExactly(expected.data());
            }
        }
    }

    @Test
    void shapesAndAliasingAreChecked() {
        Batch a = Batch.zeros(2, 3);
        Batch b = Batch.zeros(3, 2);
        assertThatThrownBy(() -> Kernels.lincomb2(a, 1, a, 1, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x3");
        assertThatThrownBy(() -> Kernels.lincomb(a, 2, new double[] {1, 1}, new BatchView[] {a.like(), a}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("terms[1]");
    }

    @Test
    void genericLincombUpToFiveTermsIsTheFusedKernelBitForBit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(20261206L);
        for (int count = 1; count <= 5; count++) {
            BatchView[] terms = new BatchView[count];
            double[] c = new double[count];
            for (int k = 0; k < count; k++) {
                Batch t = Batch.zeros(3, 17);
                for (int i = 0; i < t.data().length; i++) {
                    t.data()[i] = rng.nextDouble(-1e3, 1e3) * Math.pow(10, rng.nextInt(-8, 8));
                }
                terms[k] = t;
                c[k] = rng.nextDouble(-2, 2) * Math.pow(10, rng.nextInt(-4, 4));
            }
            Batch fused = Batch.zeros(3, 17);
            Kernels.lincomb(fused, count, c, terms);
            double[] multiPass = new double[fused.data().length];
            Kernels.lincomb(multiPass, count, c, terms, 0, multiPass.length);
            for (int i = 0; i < multiPass.length; i++) {
                org.assertj.core.api.Assertions.assertThat(Double.doubleToRawLongBits(fused.data()[i]))
                        .as("count %d, index %d", count, i).isEqualTo(Double.doubleToRawLongBits(multiPass[i]));
            }
        }
    }
}
