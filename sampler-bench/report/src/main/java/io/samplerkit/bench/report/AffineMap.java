package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import io.samplerkit.core.state.BatchView;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The affine map {@code x_out = c + M x_T} that a deterministic sampler applies to its initial state
 * when the model is affine in {@code x} (Gaussian data: every model output, hence every step, is an
 * affine function of the state; docs/math.md section 11). It is read off one run on the {@code d + 1}
 * inputs {@code 0, e_1, ..., e_d}: {@code c = out(0)}, {@code M e_k = out(e_k) - c}. The output law
 * for {@code x_T ~ N(m, P)} is then {@code N(c + M m, M P M^T)}.
 *
 * <p>When every step combines the state and model outputs with scalar coefficients, {@code M} is a
 * polynomial in the model's matrices, all diagonal in the data's eigenbasis {@code U}, so
 * {@code M = U diag(g) U^T} and the output covariance is {@code U diag(g^2 p) U^T}:
 * {@link #eigenGains} reads {@code g} off and checks that assumption.
 *
 * <p>Immutable and thread-safe.
 */
final class AffineMap {

    private final double[] c;
    private final DMatrixRMaj m;

    private AffineMap(double[] c, DMatrixRMaj m) {
        this.c = c;
        this.m = m;
    }

    /**
     * Writes the probe inputs {@code 0, e_1, ..., e_d} into rows {@code 0..d} of {@code x}.
     *
     * @param x flat row-major destination with at least {@code d + 1} rows of width {@code d}. Modified.
     * @param d dimension
     */
    static void writeProbeRows(double[] x, int d) {
        java.util.Arrays.fill(x, 0, (d + 1) * d, 0.0);
        for (int k = 0; k < d; k++) {
            x[(k + 1) * d + k] = 1.0;
        }
    }

    /**
     * Reads the map from the outputs of the probe rows.
     *
     * @param out sampler outputs; rows {@code 0..d} are the images of {@code 0, e_1, ..., e_d}. Not modified.
     * @return the map
     */
    static AffineMap fromProbeOutputs(BatchView out) {
        int d = out.dim();
        if (out.size() < d + 1) {
            throw new IllegalArgumentException(Checks.format("out must have at least %d rows, got %d", d + 1,
                    out.size()));
        }
        double[] o = out.data();
        double[] c = java.util.Arrays.copyOf(o, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                m.set(i, k, o[(k + 1) * d + i] - c[i]);
            }
        }
        return new AffineMap(c, m);
    }

    /**
     * Largest {@code |c + M x - y|} over the rows from {@code fromRow}: zero up to round-off when the
     * sampler is affine and treats rows independently.
     *
     * @param x inputs. Not modified.
     * @param y outputs. Not modified.
     * @param fromRow first row to check
     * @return the largest deviation
     */
    double maxDeviation(BatchView x, BatchView y, int fromRow) {
        int d = c.length;
        double worst = 0;
        for (int r = fromRow; r < x.size(); r++) {
            for (int i = 0; i < d; i++) {
                double v = c[i];
                for (int k = 0; k < d; k++) {
                    v += m.get(i, k) * x.get(r, k);
                }
                worst = Math.max(worst, Math.abs(v - y.get(r, i)));
            }
        }
        return worst;
    }

    /**
     * @param mean mean of {@code x_T}
     * @return {@code c + M mean}
     */
    double[] mean(double[] mean) {
        int d = c.length;
        double[] out = c.clone();
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                out[i] += m.get(i, k) * mean[k];
            }
        }
        return out;
    }

    /**
     * @param covariance covariance {@code P} of {@code x_T}
     * @return {@code M P M^T}, symmetrized
     */
    double[][] covariance(double[][] covariance) {
        int d = c.length;
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(m, new DMatrixRMaj(covariance), tmp);
        CommonOps_DDRM.multTransB(tmp, m, cov);
        double[][] rows = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = 0.5 * (cov.get(i, j) + cov.get(j, i));
            }
        }
        return rows;
    }

    /**
     * The diagonal of {@code U^T M U}, provided its off-diagonal part is negligible.
     *
     * @param u orthogonal basis, eigenvectors as columns ({@code u[i][k]})
     * @param tolerance largest off-diagonal magnitude allowed, relative to the largest diagonal one
     * @return {@code g}, or null when {@code M} is not diagonal in {@code U}
     */
    double[] eigenGains(double[][] u, double tolerance) {
        int d = c.length;
        DMatrixRMaj basis = new DMatrixRMaj(u);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(m, basis, tmp);
        CommonOps_DDRM.multTransA(basis, tmp, g);
        double[] diag = new double[d];
        double largest = 0;
        double offDiagonal = 0;
        for (int i = 0; i < d; i++) {
            diag[i] = g.get(i, i);
            largest = Math.max(largest, Math.abs(diag[i]));
            for (int j = 0; j < d; j++) {
                if (i != j) {
                    offDiagonal = Math.max(offDiagonal, Math.abs(g.get(i, j)));
                }
            }
        }
        return offDiagonal <= tolerance * largest ? diag : null;
    }
}
