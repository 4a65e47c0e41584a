package io.samplerkit.solvers.law;

/**
 * Dense products of square matrices (and the affine map {@code c + m v}) for the exact laws, with every entry summed over its inner index in ascending
 * order from 0.0 (the rounding of the plain triple loop {@code sum += a[i][l] * b[l][k]}), but with the loops
 * ordered so that the innermost one runs along rows: at {@code d = 1024} the plain order, which walks a column of
 * {@code b} for every entry, spent most of a law's 35 s in cache misses.
 */
final class MatrixProducts {

    private MatrixProducts() {
    }

    /** {@code c + m v}, each entry {@code c_i} plus the terms {@code m_ik v_k} in ascending {@code k}. */
    static double[] affine(double[] c, double[][] m, double[] v) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            double sum = c[i];
            double[] mi = m[i];
            for (int k = 0; k < v.length; k++) {
                sum += mi[k] * v[k];
            }
            out[i] = sum;
        }
        return out;
    }

    /** {@code a b}. */
    static double[][] times(double[][] a, double[][] b) {
        int d = a.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            double[] row = out[i];
            for (int l = 0; l < d; l++) {
                double ail = a[i][l];
                double[] bl = b[l];
                for (int k = 0; k < d; k++) {
                    row[k] += ail * bl[k];
                }
            }
        }
        return out;
    }

    /** {@code a^T b}. */
    static double[][] transposeTimes(double[][] a, double[][] b) {
        int d = a.length;
        double[][] out = new double[d][d];
        for (int r = 0; r < d; r++) {
            double[] row = out[r];
            for (int i = 0; i < d; i++) {
                double air = a[i][r];
                double[] bi = b[i];
                for (int k = 0; k < d; k++) {
                    row[k] += air * bi[k];
                }
            }
        }
        return out;
    }

    /** {@code a b^T} (both operands walked along rows already). */
    static double[][] timesTranspose(double[][] a, double[][] b) {
        int d = a.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += a[i][k] * b[j][k];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }
}
