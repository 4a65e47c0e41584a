package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;

/**
 * Solves the tiny dense linear systems of multistep coefficient formulas (UniPC's {@code R rho = b},
 * at most 4 x 4) in place by Gaussian elimination with partial pivoting (Golub and Van Loan,
 * "Matrix Computations", 4th ed., Algorithm 3.4.1). Nothing is allocated: the caller owns the arrays
 * and reuses them every step.
 *
 * <p>Thread-safe: stateless.
 */
public final class SmallLinearSystem {

    private SmallLinearSystem() {
    }

    /**
     * Solves {@code a x = b} for the leading {@code n x n} block, overwriting both arguments.
     *
     * @param n system size, 1 to {@code a.length}
     * @param a matrix, row-major; its leading block is destroyed. Modified.
     * @param b right-hand side; on return the solution {@code x} in {@code b[0..n-1]}. Modified.
     * @throws ArithmeticException if the matrix is singular to working precision
     */
    public static void solveInPlace(int n, double[][] a, double[] b) {
        Checks.requireInRange(n, 1, Math.min(a.length, b.length), "n");
        for (int k = 0; k < n; k++) {
            int pivot = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) {
                    pivot = i;
                }
            }
            if (!(Math.abs(a[pivot][k]) > 0)) {
                throw new ArithmeticException(Checks.format("singular %dx%d system at column %d", n, n, k));
            }
            if (pivot != k) {
                double[] row = a[pivot];
                a[pivot] = a[k];
                a[k] = row;
                double t = b[pivot];
                b[pivot] = b[k];
                b[k] = t;
            }
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k + 1; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
                b[i] -= f * b[k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * b[j];
            }
            b[i] = s / a[i][i];
        }
    }
}
