package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet (2-Wasserstein) distance between two Gaussian laws (Dowson and Landau 1982; the
 * FID formula of Heusel et al. 2017, arXiv:1706.08500, eq. 6):
 * <pre>
 *   FD^2 = |m1 - m2|^2 + Tr(P1 + P2 - 2 (P1^{1/2} P2 P1^{1/2})^{1/2}).
 * </pre>
 * Square roots of symmetric positive semi-definite matrices come from EJML's symmetric
 * eigendecomposition (negative round-off eigenvalues clamped to 0). The trace term cancels, so
 * the distance has an absolute floor of about {@code sqrt(1e-15 Tr P)}.
 *
 * <p>An instance holds the first law with its square root precomputed, for many comparisons
 * against it. Immutable and thread-safe.
 */
public final class FrechetDistance {

    private final GaussianLaw reference;
    private final DMatrixRMaj sqrtReference;
    private final double traceReference;

    private FrechetDistance(GaussianLaw reference) {
        this.reference = reference;
        DMatrixRMaj p = toMatrix(reference.covariance());
        this.sqrtReference = sqrtPsd(p);
        this.traceReference = CommonOps_DDRM.trace(p);
    }

    /**
     * @param reference first law
     * @return a distance to {@code reference}
     */
    public static FrechetDistance to(GaussianLaw reference) {
        Checks.requireNonNull(reference, "reference");
        return new FrechetDistance(reference);
    }

    /**
     * @param a first law
     * @param b second law
     * @return {@code FD(a, b)}
     */
    public static double distance(GaussianLaw a, GaussianLaw b) {
        return to(a).distance(b);
    }

    /**
     * @param other second law, same dimension
     * @return {@code FD(reference, other)}, {@code >= 0}
     */
    public double distance(GaussianLaw other) {
        int d = reference.dim();
        if (other.dim() != d) {
            throw new IllegalArgumentException(Checks.format("law dimension must be %d, got %d", d, other.dim()));
        }
        double meanPart = 0;
        for (int i = 0; i < d; i++) {
            double diff = reference.mean()[i] - other.mean()[i];
            meanPart += diff * diff;
        }
        DMatrixRMaj p2 = toMatrix(other.covariance());
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(sqrtReference, p2, tmp);
        CommonOps_DDRM.mult(tmp, sqrtReference, a);
        symmetrize(a);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(a)) {
            throw new IllegalStateException("eigendecomposition failed in the Frechet distance");
        }
        double traceSqrt = 0;
        for (int k = 0; k < d; k++) {
            traceSqrt += Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
        }
        double fd2 = meanPart + traceReference + CommonOps_DDRM.trace(p2) - 2 * traceSqrt;
        return Math.sqrt(Math.max(0, fd2));
    }

    /**
     * Square root of a symmetric positive semi-definite matrix.
     *
     * @param p the matrix. Not modified.
     * @return {@code V diag(sqrt(max(lambda, 0))) V^T}
     */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj p) {
        int d = p.numRows;
        DMatrixRMaj s = p.copy();
        symmetrize(s);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(s)) {
            throw new IllegalStateException("eigendecomposition failed in a matrix square root");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                double vi = r * v.get(i, 0);
                for (int j = 0; j < d; j++) {
                    out.add(i, j, vi * v.get(j, 0));
                }
            }
        }
        return out;
    }

    private static void symmetrize(DMatrixRMaj a) {
        int d = a.numRows;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, m);
                a.set(j, i, m);
            }
        }
    }

    private static DMatrixRMaj toMatrix(double[][] rows) {
        return new DMatrixRMaj(rows);
    }
}
