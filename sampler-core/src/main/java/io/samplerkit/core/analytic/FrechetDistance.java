package io.samplerkit.core.analytic;

import io.samplerkit.core.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet (2-Wasserstein) distance between two Gaussians (Dowson and Landau 1982,
 * doi:10.1016/0047-259X(82)90077-X; the statistic behind FID, Heusel et al. 2017, arXiv:1706.08500):
 * <pre>
 *   FD^2 = |m1 - m2|^2 + Tr(P1 + P2 - 2 (P1^(1/2) P2 P1^(1/2))^(1/2)).
 * </pre>
 * When {@code P1} and {@code P2} share an eigenbasis, with eigenvalues {@code p1_k}, {@code p2_k} paired
 * by eigenvector, this is {@code |m1 - m2|^2 + sum_k (sqrt(p1_k) - sqrt(p2_k))^2}, evaluated without
 * cancellation. The general formula uses two symmetric eigendecompositions (EJML); its trace term loses
 * about {@code 1e-16 (Tr P1 + Tr P2)} absolutely to cancellation, so prefer the shared-basis form for
 * nearly equal laws (the outputs of every sampler on a {@link GaussianData} problem share the data's
 * eigenbasis when started from an isotropic {@code x_T}).
 *
 * <p>Thread-safe: stateless.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /**
     * {@code FD^2} for covariances sharing an eigenbasis.
     *
     * @param mean1 first mean
     * @param variances1 first covariance's eigenvalues, each {@code >= 0}
     * @param mean2 second mean
     * @param variances2 second covariance's eigenvalues, paired with {@code variances1} by eigenvector
     * @return {@code |m1 - m2|^2 + sum_k (sqrt(p1_k) - sqrt(p2_k))^2}
     */
    public static double squaredSharedEigenbasis(double[] mean1, double[] variances1, double[] mean2,
            double[] variances2) {
        GaussianMoments a = new GaussianMoments(mean1, variances1);
        GaussianMoments b = new GaussianMoments(mean2, variances2);
        return squaredSharedEigenbasis(a, b);
    }

    /**
     * {@code FD^2} between two laws given in the same eigenbasis.
     *
     * @param a first law
     * @param b second law (same dimension, same eigenbasis)
     * @return the squared Fréchet distance
     */
    public static double squaredSharedEigenbasis(GaussianMoments a, GaussianMoments b) {
        double[] m1 = a.mean();
        double[] m2 = b.mean();
        double[] p1 = a.variances();
        double[] p2 = b.variances();
        requireSameLength(m1.length, m2.length);
        double sum = 0;
        for (int i = 0; i < m1.length; i++) {
            double dm = m1[i] - m2[i];
            double ds = Math.sqrt(p1[i]) - Math.sqrt(p2[i]);
            sum += dm * dm + ds * ds;
        }
        return sum;
    }

    /**
     * {@code FD^2} for general covariances; slightly negative round-off is returned as 0.
     *
     * @param mean1 first mean
     * @param covariance1 first covariance, symmetric positive semi-definite
     * @param mean2 second mean
     * @param covariance2 second covariance, symmetric positive semi-definite
     * @return the squared Fréchet distance, {@code >= 0}
     */
    public static double squared(double[] mean1, double[][] covariance1, double[] mean2, double[][] covariance2) {
        int d = Checks.requireAllFinite(mean1, "mean1").length;
        requireSameLength(d, Checks.requireAllFinite(mean2, "mean2").length);
        DMatrixRMaj p1 = GaussianData.symmetricMatrix(covariance1, d, "covariance1");
        DMatrixRMaj p2 = GaussianData.symmetricMatrix(covariance2, d, "covariance2");
        DMatrixRMaj root1 = symmetricSquareRoot(p1);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj middle = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root1, p2, tmp);
        CommonOps_DDRM.mult(tmp, root1, middle);
        double crossTrace = 0;
        for (double lambda : symmetricEigenvalues(middle)) {
            crossTrace += Math.sqrt(Math.max(0.0, lambda));
        }
        double sum = CommonOps_DDRM.trace(p1) + CommonOps_DDRM.trace(p2) - 2 * crossTrace;
        for (int i = 0; i < d; i++) {
            double dm = mean1[i] - mean2[i];
            sum += dm * dm;
        }
        return Math.max(0.0, sum);
    }

    /**
     * {@code FD^2} between the Gaussian fitted to a sample (mean, and covariance with divisor {@code n - 1}, as FID
     * implementations fit it) and a given Gaussian: a sample-based (biased upwards at small {@code n}) distance to
     * a reference law, e.g. of classifier features of generated images to those of real ones.
     *
     * @param rows {@code n >= 2} rows of length d
     * @param mean2 the reference mean
     * @param covariance2 the reference covariance
     * @return the squared Fréchet distance, {@code >= 0}
     */
    public static double squaredOfSample(double[][] rows, double[] mean2, double[][] covariance2) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("a sample needs at least 2 rows, got " + n);
        }
        int d = mean2.length;
        for (double[] row : rows) {
            requireSameLength(d, row.length);
        }
        double[] mean = SampleMoments.mean(rows);
        double[][] cov = SampleMoments.covariance(rows, mean, n - 1);
        return squared(mean, cov, mean2, covariance2);
    }

    /**
     * The Fréchet distance itself.
     *
     * @param mean1 first mean
     * @param covariance1 first covariance
     * @param mean2 second mean
     * @param covariance2 second covariance
     * @return {@code sqrt(FD^2)}
     */
    public static double distance(double[] mean1, double[][] covariance1, double[] mean2, double[][] covariance2) {
        return Math.sqrt(squared(mean1, covariance1, mean2, covariance2));
    }

    private static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(Checks.format("second dimension must be %d, got %d", a, b));
        }
    }

    /** Symmetric part's eigenvalues (the product S P S is symmetric up to rounding). */
    private static double[] symmetricEigenvalues(DMatrixRMaj m) {
        int d = m.numRows;
        DMatrixRMaj sym = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                sym.set(i, j, 0.5 * (m.get(i, j) + m.get(j, i)));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(sym)) {
            throw new IllegalArgumentException("eigendecomposition failed");
        }
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        return values;
    }

    /** {@code V diag(sqrt(max(0, lambda))) V^T} of a symmetric matrix. */
    private static DMatrixRMaj symmetricSquareRoot(DMatrixRMaj m) {
        int d = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(m.copy())) {
            throw new IllegalArgumentException("eigendecomposition failed");
        }
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        // on the backing row-major array: the same sums (over k, ascending) as element-wise adds, without a call each
        double[] r = root.data;
        for (int k = 0; k < d; k++) {
            double s = Math.sqrt(Math.max(0.0, eig.getEigenvalue(k).getReal()));
            double[] v = eig.getEigenVector(k).data;
            for (int i = 0; i < d; i++) {
                double svi = s * v[i];
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    r[row + j] += svi * v[j];
                }
            }
        }
        return root;
    }
}
