package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.GaussianData;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * A data distribution as suite data ({@code {"type": "gaussian", "dim": 64, ...}}) together with how
 * the report obtains exact or reference answers for it. Adding a data family is one record here
 * plus its {@link ProblemInstance}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DataSpec.Gaussian.class, name = "gaussian")
})
public sealed interface DataSpec {

    /** @return the dimension of one sample */
    int dim();

    /**
     * Builds the problem: data, exact model, initial states, and their reference solutions.
     *
     * @param problem the problem this data belongs to
     * @param sampleSeeds one seed per batch of initial states
     * @param batchSize rows per batch
     * @return the instance
     */
    ProblemInstance instantiate(ProblemSpec problem, long[] sampleSeeds, int batchSize);

    /**
     * An ill-conditioned Gaussian {@code N(mu, U diag(s^2) U^T)}: covariance eigenvalues {@code s_k^2}
     * log-spaced from {@code eigMin} to {@code eigMax}, {@code U} a random orthogonal matrix (QR of a
     * Gaussian matrix drawn from {@code seed}), {@code mu ~ meanScale N(0, I)} from the same seed.
     * Exact everything: model, probability-flow map and output law (MATH.md section 12).
     *
     * @param dim dimension, at least 1
     * @param eigMin smallest covariance eigenvalue, {@code > 0}
     * @param eigMax largest covariance eigenvalue, {@code >= eigMin}
     * @param meanScale scale of the random mean, {@code >= 0}
     * @param seed seed of the basis and the mean (part of the problem, not of the run)
     */
    record Gaussian(int dim, double eigMin, double eigMax, double meanScale, long seed) implements DataSpec {

        /** Validates. */
        public Gaussian {
            Checks.requirePositive(dim, "dim");
            Checks.requirePositive(eigMin, "eigMin");
            Checks.requireInRange(eigMax, eigMin, Double.MAX_VALUE, "eigMax");
            Checks.requireNonNegative(meanScale, "meanScale");
        }

        /** @return the data distribution */
        public GaussianData data() {
            SplittableRandom rng = new SplittableRandom(seed);
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
                throw new IllegalStateException("QR of the random basis failed");
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

        @Override
        public ProblemInstance instantiate(ProblemSpec problem, long[] sampleSeeds, int batchSize) {
            return new GaussianProblem(problem, data(), sampleSeeds, batchSize);
        }
    }
}
