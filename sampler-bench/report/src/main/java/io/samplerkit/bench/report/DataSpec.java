package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.Checks;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * A data distribution as suite data ({@code {"type": "gaussian", "dim": 64, ...}}) together with how
 * the report obtains exact or reference answers for it. Adding a data family is one record here
 * plus its {@link ProblemInstance}. Random structure (bases, means, weights) comes from the spec's own
 * {@code seed}: it is part of the problem, not of the run.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DataSpec.Gaussian.class, name = "gaussian"),
    @JsonSubTypes.Type(value = DataSpec.RingMixture.class, name = "ring-mixture"),
    @JsonSubTypes.Type(value = DataSpec.RandomMixture.class, name = "random-mixture")
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
     * Absolute accuracy of the reference solutions: errors below it are not resolved and are left
     * out of order fits (0 for exact references, whose floor is round-off).
     *
     * @return the error floor of the reference
     */
    default double referenceFloor() {
        return 0;
    }

    /**
     * An ill-conditioned Gaussian {@code N(mu, U diag(s^2) U^T)}: covariance eigenvalues {@code s_k^2}
     * log-spaced from {@code eigMin} to {@code eigMax}, {@code U} a random orthogonal matrix (QR of a
     * Gaussian matrix), {@code mu ~ meanScale N(0, I)}. Exact everything: model, probability-flow map
     * and output law (docs/math.md section 11).
     *
     * @param dim dimension, at least 1
     * @param eigMin smallest covariance eigenvalue, {@code > 0}
     * @param eigMax largest covariance eigenvalue, {@code >= eigMin}
     * @param meanScale scale of the random mean, {@code >= 0}
     * @param seed seed of the basis and the mean
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
            return randomGaussian(new SplittableRandom(seed), dim, eigMin, eigMax, meanScale);
        }

        @Override
        public ProblemInstance instantiate(ProblemSpec problem, long[] sampleSeeds, int batchSize) {
            return GaussianProblem.build(problem, data(), sampleSeeds, batchSize);
        }
    }

    /**
     * A 2-D mixture of {@code modes} equally weighted isotropic Gaussians of standard deviation
     * {@code std} centred on a circle of radius {@code radius}. No closed-form flow: the reference is
     * {@link GaussianMixtureData#referenceFlow} (Dormand–Prince 8(5,3), relative tolerance 1e-12).
     *
     * @param modes number of components, at least 1
     * @param radius circle radius, {@code > 0}
     * @param std component standard deviation, {@code > 0}
     */
    record RingMixture(int modes, double radius, double std) implements DataSpec {

        /** Validates. */
        public RingMixture {
            Checks.requirePositive(modes, "modes");
            Checks.requirePositive(radius, "radius");
            Checks.requirePositive(std, "std");
        }

        @Override
        public int dim() {
            return 2;
        }

        /** @return the data distribution */
        public GaussianMixtureData data() {
            GaussianData[] parts = new GaussianData[modes];
            double[] weights = new double[modes];
            for (int k = 0; k < modes; k++) {
                double a = 2 * Math.PI * k / modes;
                parts[k] = GaussianData.diagonal(new double[] {radius * Math.cos(a), radius * Math.sin(a)},
                        new double[] {std * std, std * std});
                weights[k] = 1.0 / modes;
            }
            return GaussianMixtureData.of(weights, parts);
        }

        @Override
        public ProblemInstance instantiate(ProblemSpec problem, long[] sampleSeeds, int batchSize) {
            return MixtureProblem.build(problem, data(), sampleSeeds, batchSize);
        }

        @Override
        public double referenceFloor() {
            return MixtureProblem.REFERENCE_FLOOR;
        }
    }

    /**
     * A mixture of {@code components} anisotropic Gaussians in {@code dim} dimensions: means
     * {@code ~ meanScale N(0, I)}, each covariance with eigenvalues log-spaced over
     * {@code [eigMin, eigMax]} in its own random orthogonal basis, weights uniform in
     * {@code [0.5, 1.5]} (normalized). Reference as for {@link RingMixture}.
     *
     * @param dim dimension, at least 1
     * @param components number of components, at least 1
     * @param meanScale scale of the random means
     * @param eigMin smallest covariance eigenvalue, {@code > 0}
     * @param eigMax largest covariance eigenvalue, {@code >= eigMin}
     * @param seed seed of means, bases and weights
     */
    record RandomMixture(int dim, int components, double meanScale, double eigMin, double eigMax, long seed)
            implements DataSpec {

        /** Validates. */
        public RandomMixture {
            Checks.requirePositive(dim, "dim");
            Checks.requirePositive(components, "components");
            Checks.requireNonNegative(meanScale, "meanScale");
            Checks.requirePositive(eigMin, "eigMin");
            Checks.requireInRange(eigMax, eigMin, Double.MAX_VALUE, "eigMax");
        }

        /** @return the data distribution */
        public GaussianMixtureData data() {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData[] parts = new GaussianData[components];
            double[] weights = new double[components];
            for (int k = 0; k < components; k++) {
                parts[k] = randomGaussian(rng, dim, eigMin, eigMax, meanScale);
                weights[k] = rng.nextDouble(0.5, 1.5);
            }
            double total = java.util.Arrays.stream(weights).sum();
            for (int k = 0; k < components; k++) {
                weights[k] /= total;
            }
            return GaussianMixtureData.of(weights, parts);
        }

        @Override
        public ProblemInstance instantiate(ProblemSpec problem, long[] sampleSeeds, int batchSize) {
            return MixtureProblem.build(problem, data(), sampleSeeds, batchSize);
        }

        @Override
        public double referenceFloor() {
            return MixtureProblem.REFERENCE_FLOOR;
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
    private static GaussianData randomGaussian(SplittableRandom rng, int dim, double eigMin, double eigMax,
            double meanScale) {
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
