package io.samplerkit.core.analytic;

import io.samplerkit.core.Checks;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Gaussian data {@code x0 ~ N(mu, Sigma)}, {@code Sigma = U diag(s_k^2) U^T}: the exact ground truth
 * for every sampler. For {@code x_t = alpha x0 + sigma eps} with {@code C_t = alpha^2 Sigma + sigma^2 I}
 * (eigenvalues {@code v_k = alpha^2 s_k^2 + sigma^2}):
 * <ul>
 * <li>marginal {@code p_t = N(alpha mu, C_t)}, score {@code -C_t^{-1}(x - alpha mu)};</li>
 * <li>posterior mean {@code E[x0|x_t] = mu + alpha Sigma C_t^{-1}(x - alpha mu)},
 *     noise {@code epshat = sigma C_t^{-1}(x - alpha mu)};</li>
 * <li>exact probability-flow map between any two noise levels
 *     {@code x_t = alpha_t mu + U diag(sqrt(v_{t,k}/v_{s,k})) U^T (x_s - alpha_s mu)}
 *     ({@code y = x - alpha mu} obeys {@code dy/dt = (v'/(2v)) y} in each eigen-coordinate).</li>
 * </ul>
 * Everything is evaluated in the eigenbasis (EJML symmetric eigendecomposition).
 *
 * <p>Immutable and thread-safe.
 */
public final class GaussianData {

    private final int dim;
    private final double[] mean;
    /** Eigenvalues {@code s_k^2} of Sigma. */
    private final double[] eigenvalues;
    /** Eigenvectors as columns, row-major {@code u[i * dim + k] = U[i][k]}. */
    private final double[] u;

    private GaussianData(double[] mean, double[] eigenvalues, double[] u) {
        this.dim = mean.length;
        this.mean = mean;
        this.eigenvalues = eigenvalues;
        this.u = u;
    }

    /**
     * From a mean and a symmetric positive semi-definite covariance.
     *
     * @param mean {@code mu}, length d
     * @param covariance {@code Sigma}, d x d symmetric
     * @return the data model
     */
    public static GaussianData of(double[] mean, double[][] covariance) {
        int d = Checks.requireAllFinite(mean, "mean").length;
        Checks.requirePositive(d, "mean.length");
        if (covariance.length != d) {
            throw new IllegalArgumentException(Checks.format("covariance must be %dx%d, got %d rows", d, d,
                    covariance.length));
        }
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d) {
                throw new IllegalArgumentException(Checks.format("covariance[%d] must have %d entries, got %d",
                        i, d, covariance[i].length));
            }
            for (int j = 0; j < d; j++) {
                double a = Checks.requireFinite(covariance[i][j], "covariance[" + i + "][" + j + "]");
                double b = covariance[j][i];
                if (Math.abs(a - b) > 1e-12 * (Math.abs(a) + Math.abs(b) + 1e-300)) {
                    throw new IllegalArgumentException(Checks.format(
                            "covariance must be symmetric, got [%d][%d]=%s and [%d][%d]=%s", i, j, a, j, i, b));
                }
                c.set(i, j, 0.5 * (a + b));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(c)) {
            throw new IllegalArgumentException("covariance eigendecomposition failed");
        }
        double[] values = new double[d];
        double[] vectors = new double[d * d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                vectors[i * d + k] = v.get(i, 0);
            }
        }
        return ofEigen(mean, values, toRows(vectors, d));
    }

    /**
     * From a mean and an eigendecomposition {@code Sigma = V diag(values) V^T}.
     *
     * @param mean {@code mu}
     * @param eigenvalues eigenvalues of Sigma, each {@code >= 0} (tiny negative round-off is clamped to 0)
     * @param eigenvectors {@code V}, eigenvectors as columns: {@code eigenvectors[i][k] = V[i][k]}
     * @return the data model
     */
    public static GaussianData ofEigen(double[] mean, double[] eigenvalues, double[][] eigenvectors) {
        int d = Checks.requireAllFinite(mean, "mean").length;
        Checks.requireAllFinite(eigenvalues, "eigenvalues");
        if (eigenvalues.length != d || eigenvectors.length != d) {
            throw new IllegalArgumentException(Checks.format(
                    "eigenvalues and eigenvectors must have dimension %d, got %d and %d", d, eigenvalues.length,
                    eigenvectors.length));
        }
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            if (!(eigenvalues[k] >= -1e-12 * Math.max(1, Math.abs(eigenvalues[k])))) {
                throw new IllegalArgumentException(Checks.format("eigenvalues[%d] must be >= 0, got %s", k,
                        eigenvalues[k]));
            }
            values[k] = Math.max(0, eigenvalues[k]);
        }
        double[] vectors = new double[d * d];
        for (int i = 0; i < d; i++) {
            if (eigenvectors[i].length != d) {
                throw new IllegalArgumentException(Checks.format("eigenvectors[%d] must have %d entries, got %d",
                        i, d, eigenvectors[i].length));
            }
            for (int k = 0; k < d; k++) {
                vectors[i * d + k] = Checks.requireFinite(eigenvectors[i][k], "eigenvectors");
            }
        }
        return new GaussianData(mean.clone(), values, vectors);
    }

    /**
     * Diagonal covariance {@code diag(variances)}.
     *
     * @param mean {@code mu}
     * @param variances diagonal of Sigma
     * @return the data model
     */
    public static GaussianData diagonal(double[] mean, double[] variances) {
        int d = mean.length;
        double[][] id = new double[d][d];
        for (int i = 0; i < d; i++) {
            id[i][i] = 1;
        }
        return ofEigen(mean, variances, id);
    }

    private static double[][] toRows(double[] flat, int d) {
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(flat, i * d, r[i], 0, d);
        }
        return r;
    }

    /** @return dimension d */
    public int dim() {
        return dim;
    }

    /** @return a copy of the mean */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the covariance eigenvalues {@code s_k^2} */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** @return a copy of the eigenvectors, as columns: {@code [i][k]} */
    public double[][] eigenvectors() {
        return toRows(u, dim);
    }

    /** @return the covariance matrix {@code U diag(s^2) U^T} */
    public double[][] covariance() {
        double[][] c = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    s += u[i * dim + k] * eigenvalues[k] * u[j * dim + k];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /**
     * The exact model of this data for a schedule, in the given parameterization.
     *
     * @param schedule schedule whose time the model takes
     * @param prediction what the model returns
     * @return a thread-safe model
     */
    public DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(prediction, "prediction");
        return new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return prediction;
            }

            @Override
            public void evaluate(BatchView x, double t, Batch out) {
                double a = schedule.alpha(t);
                double s = schedule.sigma(t);
                if (prediction == Prediction.NOISE) {
                    noise(x, a, s, out);
                } else {
                    denoise(x, a, s, out);
                    if (prediction != Prediction.DATA) {
                        NoiseLevel level = prediction == Prediction.FLOW ? NoiseLevel.of(schedule, t)
                                : NoiseLevel.of(a, s);
                        PredictionConversion.convert(Prediction.DATA, prediction, x, out, level, out);
                    }
                }
            }

            @Override
            public String toString() {
                return "GaussianData(d=" + dim + ")." + prediction + " on " + schedule.describe();
            }
        };
    }

    /**
     * Posterior mean {@code E[x0 | x_t = x]} for {@code x_t = alpha x0 + sigma eps}.
     *
     * @param x states. Not modified.
     * @param alpha signal scale
     * @param sigma noise scale
     * @param out destination. Modified (may alias {@code x}).
     */
    public void denoise(BatchView x, double alpha, double sigma, Batch out) {
        double[] gain = new double[dim];
        for (int k = 0; k < dim; k++) {
            double v = alpha * alpha * eigenvalues[k] + sigma * sigma;
            gain[k] = v > 0 ? alpha * eigenvalues[k] / v : 0.0;
        }
        // x0 = mu + U diag(gain) U^T (x - alpha mu)
        applyInEigenbasis(x, alpha, gain, mean, out);
    }

    /**
     * Exact noise prediction {@code sigma C^{-1}(x - alpha mu)}.
     *
     * @param x states. Not modified.
     * @param alpha signal scale
     * @param sigma noise scale, {@code > 0}
     * @param out destination. Modified (may alias {@code x}).
     */
    public void noise(BatchView x, double alpha, double sigma, Batch out) {
        double[] gain = new double[dim];
        for (int k = 0; k < dim; k++) {
            gain[k] = sigma / (alpha * alpha * eigenvalues[k] + sigma * sigma);
        }
        applyInEigenbasis(x, alpha, gain, null, out);
    }

    /**
     * Exact score {@code -C^{-1}(x - alpha mu)}.
     *
     * @param x states. Not modified.
     * @param alpha signal scale
     * @param sigma noise scale, {@code > 0}
     * @param out destination. Modified (may alias {@code x}).
     */
    public void score(BatchView x, double alpha, double sigma, Batch out) {
        double[] gain = new double[dim];
        for (int k = 0; k < dim; k++) {
            gain[k] = -1.0 / (alpha * alpha * eigenvalues[k] + sigma * sigma);
        }
        applyInEigenbasis(x, alpha, gain, null, out);
    }

    /**
     * Exact probability-flow map from noise level {@code (alphaS, sigmaS)} to {@code (alphaT, sigmaT)};
     * either level may be the clean end {@code sigma = 0} provided the covariance is non-singular there.
     *
     * @param x states at the first level. Not modified.
     * @param alphaS first alpha
     * @param sigmaS first sigma
     * @param alphaT second alpha
     * @param sigmaT second sigma
     * @param out states at the second level. Modified (may alias {@code x}).
     */
    public void flow(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT, Batch out) {
        double[] gain = new double[dim];
        for (int k = 0; k < dim; k++) {
            double vs = alphaS * alphaS * eigenvalues[k] + sigmaS * sigmaS;
            double vt = alphaT * alphaT * eigenvalues[k] + sigmaT * sigmaT;
            gain[k] = Math.sqrt(vt / vs);
        }
        double[] shift = new double[dim];
        for (int i = 0; i < dim; i++) {
            shift[i] = alphaT * mean[i];
        }
        applyInEigenbasis(x, alphaS, gain, shift, out);
    }

    /**
     * Exact probability-flow map between two times of a schedule.
     *
     * @param x states at {@code s}. Not modified.
     * @param schedule schedule
     * @param s first time
     * @param t second time
     * @param out states at {@code t}. Modified.
     */
    public void flow(BatchView x, NoiseSchedule schedule, double s, double t, Batch out) {
        flow(x, schedule.alpha(s), schedule.sigma(s), schedule.alpha(t), schedule.sigma(t), out);
    }

    /**
     * {@code out = shift + U diag(gain) U^T (x - alpha mu)} row by row ({@code shift} null means 0).
     */
    private void applyInEigenbasis(BatchView x, double alpha, double[] gain, double[] shift, Batch out) {
        if (x.dim() != dim) {
            throw new IllegalArgumentException(Checks.format("x.dim must be %d, got %d", dim, x.dim()));
        }
        if (out.size() != x.size() || out.dim() != dim) {
            throw new IllegalArgumentException(Checks.format("out must be %dx%d, got %dx%d", x.size(), dim,
                    out.size(), out.dim()));
        }
        double[] xs = x.data();
        double[] o = out.data();
        double[] y = new double[dim];
        double[] c = new double[dim];
        for (int r = 0; r < x.size(); r++) {
            int off = r * dim;
            for (int i = 0; i < dim; i++) {
                y[i] = xs[off + i] - alpha * mean[i];
            }
            for (int k = 0; k < dim; k++) {
                double sum = 0;
                for (int i = 0; i < dim; i++) {
                    sum += u[i * dim + k] * y[i];
                }
                c[k] = gain[k] * sum;
            }
            for (int i = 0; i < dim; i++) {
                double sum = 0;
                for (int k = 0; k < dim; k++) {
                    sum += u[i * dim + k] * c[k];
                }
                o[off + i] = (shift == null ? 0.0 : shift[i]) + sum;
            }
        }
    }
}
