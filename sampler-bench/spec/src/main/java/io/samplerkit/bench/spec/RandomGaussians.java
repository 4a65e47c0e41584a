package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** The random Gaussians of {@code random-gaussian} and {@code random-mixture} models, and their checks. */
final class RandomGaussians {

    private RandomGaussians() {
    }

    /**
     * @param dim dimension
     * @param eigMin smallest eigenvalue
     * @param eigMax largest eigenvalue
     * @param meanScale scale of the mean
     * @throws InvalidInputException naming the first bad field
     */
    static void validate(int dim, double eigMin, double eigMax, double meanScale) {
        if (dim < 1 || dim > InputLimits.MAX_DIM) {
            throw new InvalidInputException("dim", dim, "an integer in [1, " + InputLimits.MAX_DIM + "]");
        }
        requireScale(eigMin, "eigMin");
        if (!(eigMax >= eigMin)) {
            throw new InvalidInputException("eigMax", eigMax, "at least eigMin = " + eigMin);
        }
        if (!(meanScale >= 0)) {
            throw new InvalidInputException("meanScale", meanScale, "in [0, inf)");
        }
    }

    /**
     * @param x a positive scale
     * @param field its field name
     * @throws InvalidInputException if it is not positive
     */
    static void requireScale(double x, String field) {
        if (!(x > 0)) {
            throw new InvalidInputException(field, x, "in (0, inf)");
        }
    }

    /**
     * {@code N(meanScale z, U diag(s^2) U^T)}: {@code s^2} log-spaced over {@code [eigMin, eigMax]},
     * {@code U} from the QR decomposition of a Gaussian matrix.
     *
     * @param rng source of the mean and the basis
     * @param dim dimension
     * @param eigMin smallest eigenvalue
     * @param eigMax largest eigenvalue
     * @param meanScale scale of the mean
     * @return the Gaussian
     */
    static GaussianData draw(SplittableRandom rng, int dim, double eigMin, double eigMax, double meanScale) {
        double[] mean = new double[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = meanScale * rng.nextGaussian();
        }
        DMatrixRMaj g = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < dim * dim; i++) {
            g.data[i] = rng.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(dim, dim);
        if (!qr.decompose(g)) {
            throw new IllegalStateException("QR of a random basis failed");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        double[][] basis = new double[dim][dim];
        double[] values = new double[dim];
        for (int k = 0; k < dim; k++) {
            double f = dim == 1 ? 0 : (double) k / (dim - 1);
            values[k] = Math.exp(Math.log(eigMin) + f * (Math.log(eigMax) - Math.log(eigMin)));
            for (int i = 0; i < dim; i++) {
                basis[i][k] = q.get(i, k);
            }
        }
        return GaussianData.ofEigen(mean, values, basis);
    }
}
