package io.samplerkit.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#lincombPair} when its second destination is also a later term: one loop that loads every term's
 * vector once and stores both destinations from it, so each store goes to a line the loop has just read (no read for
 * ownership, no scratch copy). HotSpot C2 (JDK 17) does not vectorize a loop with two stores; the Vector API states
 * it directly. Lane-wise multiplies and adds in the order of {@link Kernels#lincomb} (no fused multiply-add), so the
 * bits are those of the two separate combinations. Loaded only when the Vector API module is resolved
 * ({@link SoundnessScan#vectorized()}).
 */
final class VectorPairKernel {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorPairKernel() {
    }

    /**
     * {@code o = sum_k a_k t_k}, {@code p = sum_k b_k t_k} on {@code [from, to)}, element by element; {@code o} may
     * alias {@code t0} and {@code p} a later term.
     */
    static void pair(double[] o, double[] a, double[] p, double[] b, int count, double[] t0, double[] t1,
            double[] t2, double[] t3, double[] t4, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        int i = switch (count) {
            case 2 -> pair2(o, a, p, b, t0, t1, from, end);
            case 3 -> pair3(o, a, p, b, t0, t1, t2, from, end);
            case 4 -> pair4(o, a, p, b, t0, t1, t2, t3, from, end);
            case 5 -> pair5(o, a, p, b, t0, t1, t2, t3, t4, from, end);
            default -> throw new IllegalArgumentException("count must be in [2, 5] when out2 is a term, got " + count);
        };
        for (; i < to; i++) {
            double x0 = t0[i];
            double x1 = t1[i];
            double x2 = count > 2 ? t2[i] : 0;
            double x3 = count > 3 ? t3[i] : 0;
            double x4 = count > 4 ? t4[i] : 0;
            p[i] = sum(b, count, x0, x1, x2, x3, x4);
            o[i] = sum(a, count, x0, x1, x2, x3, x4);
        }
    }

    private static double sum(double[] c, int count, double x0, double x1, double x2, double x3, double x4) {
        double s = c[0] * x0 + c[1] * x1;
        if (count > 2) {
            s += c[2] * x2;
        }
        if (count > 3) {
            s += c[3] * x3;
        }
        if (count > 4) {
            s += c[4] * x4;
        }
        return s;
    }

    private static int pair2(double[] o, double[] a, double[] p, double[] b, double[] t0, double[] t1, int from,
            int end) {
        double a0 = a[0];
        double a1 = a[1];
        double b0 = b[0];
        double b1 = b[1];
        int i = from;
        for (; i < end; i += SPECIES.length()) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, t0, i);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, t1, i);
            v0.mul(b0).add(v1.mul(b1)).intoArray(p, i);
            v0.mul(a0).add(v1.mul(a1)).intoArray(o, i);
        }
        return i;
    }

    private static int pair3(double[] o, double[] a, double[] p, double[] b, double[] t0, double[] t1, double[] t2,
            int from, int end) {
        double a0 = a[0];
        double a1 = a[1];
        double a2 = a[2];
        double b0 = b[0];
        double b1 = b[1];
        double b2 = b[2];
        int i = from;
        for (; i < end; i += SPECIES.length()) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, t0, i);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, t1, i);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, t2, i);
            v0.mul(b0).add(v1.mul(b1)).add(v2.mul(b2)).intoArray(p, i);
            v0.mul(a0).add(v1.mul(a1)).add(v2.mul(a2)).intoArray(o, i);
        }
        return i;
    }

    private static int pair4(double[] o, double[] a, double[] p, double[] b, double[] t0, double[] t1, double[] t2,
            double[] t3, int from, int end) {
        double a0 = a[0];
        double a1 = a[1];
        double a2 = a[2];
        double a3 = a[3];
        double b0 = b[0];
        double b1 = b[1];
        double b2 = b[2];
        double b3 = b[3];
        int i = from;
        for (; i < end; i += SPECIES.length()) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, t0, i);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, t1, i);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, t2, i);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, t3, i);
            v0.mul(b0).add(v1.mul(b1)).add(v2.mul(b2)).add(v3.mul(b3)).intoArray(p, i);
            v0.mul(a0).add(v1.mul(a1)).add(v2.mul(a2)).add(v3.mul(a3)).intoArray(o, i);
        }
        return i;
    }

    private static int pair5(double[] o, double[] a, double[] p, double[] b, double[] t0, double[] t1, double[] t2,
            double[] t3, double[] t4, int from, int end) {
        double a0 = a[0];
        double a1 = a[1];
        double a2 = a[2];
        double a3 = a[3];
        double a4 = a[4];
        double b0 = b[0];
        double b1 = b[1];
        double b2 = b[2];
        double b3 = b[3];
        double b4 = b[4];
        int i = from;
        for (; i < end; i += SPECIES.length()) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, t0, i);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, t1, i);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, t2, i);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, t3, i);
            DoubleVector v4 = DoubleVector.fromArray(SPECIES, t4, i);
            v0.mul(b0).add(v1.mul(b1)).add(v2.mul(b2)).add(v3.mul(b3)).add(v4.mul(b4)).intoArray(p, i);
            v0.mul(a0).add(v1.mul(a1)).add(v2.mul(a2)).add(v3.mul(a3)).add(v4.mul(a4)).intoArray(o, i);
        }
        return i;
    }
}
