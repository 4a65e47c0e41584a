package io.samplerkit.core.analytic;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
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
 * for every sampler. For {@code x_t = alpha x0 + sigma eps} with {@code C = alpha^2 Sigma + sigma^2 I},
 * eigenvalues {@code v_k = alpha^2 s_k^2 + sigma^2}, and {@code y = x - alpha mu}:
 * <ul>
 * <li>marginal {@code p_t = N(alpha mu, C)}, score {@code -C^{-1} y};</li>
 * <li>posterior mean {@code E[x0|x_t] = mu + alpha Sigma C^{-1} y}, noise {@code epshat = sigma C^{-1} y};
 *     every prediction {@code p = A_p x0 + B_p eps} ({@link PredictionConversion#dataWeight}) is therefore
 *     {@code A_p mu + U diag((A_p alpha s_k^2 + B_p sigma)/v_k) U^T y}, evaluated directly (no conversion);</li>
 * <li>exact probability-flow map between any two noise levels
 *     {@code x_t = alpha_t mu + U diag(sqrt(v_{t,k}/v_{s,k})) U^T (x_s - alpha_s mu)}
 *     ({@code y} obeys {@code dy/dt = (v'/(2v)) y} in each eigen-coordinate);</li>
 * <li>the exact marginals of the reverse SDE family and the exact one-step reverse transition
 *     (see {@link #reverseSdeMarginal} and {@link #reverseTransitionMean}).</li>
 * </ul>
 * Everything is evaluated in the eigenbasis (EJML symmetric eigendecomposition), row by row; each call
 * allocates {@code O(d)} scratch. docs/math.md section 11; Lu et al. 2022 (DPM-Solver, arXiv:2206.00927)
 * and Karras et al. 2022 (arXiv:2206.00364) use such problems as analytic test beds.
 *
 * <p><b>Sizes.</b> A diagonal covariance ({@link #diagonal}) is stored as its diagonal: validated in
 * {@code O(d)}, {@code O(d)} memory and {@code O(d)} work per row, for any {@code d}. A dense covariance
 * ({@link #of}, {@link #ofEigen}) stores a {@code d x d} basis, costs {@code O(d^3)} to decompose and check
 * and {@code O(d^2)} per row; it is refused above {@link #MAX_DENSE_DIM} before anything of size
 * {@code d^2} is allocated.
 *
 * <p>Immutable and thread-safe.
 */
public final class GaussianData {

    /**
     * Largest dimension of a dense covariance: {@code 1024^2} doubles are 8 MB per matrix, and the
     * decomposition and orthonormality check ({@code O(d^3)}) take about a second there on one core.
     */
    public static final int MAX_DENSE_DIM = 1024;

    /** Relative tolerance of the symmetry and orthonormality checks. */
    private static final double STRUCTURE_TOLERANCE = 1e-10;

    private final int dim;
    private final double[] mean;
    /** Eigenvalues {@code s_k^2} of Sigma. */
    private final double[] eigenvalues;
    /** Eigenvectors as columns, row-major {@code u[i * dim + k] = U[i][k]}; {@code null} for the identity. */
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
     * @param covariance {@code Sigma}, d x d symmetric (to a relative 1e-10 of its largest entry),
     *     {@code d <= MAX_DENSE_DIM}
     * @return the data model
     * @throws InvalidInputException if {@code d > MAX_DENSE_DIM}
     */
    public static GaussianData of(double[] mean, double[][] covariance) {
        int d = Checks.requireAllFinite(mean, "mean").length;
        Checks.requirePositive(d, "mean.length");
        requireDenseDim(d, "covariance");
        DMatrixRMaj c = symmetricMatrix(covariance, d, "covariance");
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(c)) {
            throw new IllegalArgumentException("covariance eigendecomposition failed");
        }
        double[] values = new double[d];
        double[][] vectors = new double[d][d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                vectors[i][k] = v.get(i, 0);
            }
        }
        return ofEigen(mean, values, vectors);
    }

    /**
     * Copies a square array into a matrix, checking shape, finiteness and symmetry (relative to the
     * largest entry) and symmetrizing exactly.
     *
     * @param m the array
     * @param d expected order
     * @param name field name for messages
     * @return {@code (m + m^T)/2}
     */
    static DMatrixRMaj symmetricMatrix(double[][] m, int d, String name) {
        Checks.requireNonNull(m, name);
        if (m.length != d) {
            throw new IllegalArgumentException(Checks.format("%s must be %dx%d, got %d rows", name, d, d, m.length));
        }
        double scale = 0;
        for (int i = 0; i < d; i++) {
            Checks.requireNonNull(m[i], name + "[" + i + "]");
            if (m[i].length != d) {
                throw new IllegalArgumentException(Checks.format("%s[%d] must have %d entries, got %d",
                        name, i, d, m[i].length));
            }
            for (int j = 0; j < d; j++) {
                scale = Math.max(scale, Math.abs(Checks.requireFinite(m[i][j], name + "[" + i + "][" + j + "]")));
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double a = m[i][j];
                double b = m[j][i];
                if (Math.abs(a - b) > STRUCTURE_TOLERANCE * scale) {
                    throw new IllegalArgumentException(Checks.format(
                            "%s must be symmetric, got [%d][%d]=%s and [%d][%d]=%s", name, i, j, a, j, i, b));
                }
                c.set(i, j, 0.5 * (a + b));
            }
        }
        return c;
    }

    /**
     * From a mean and an eigendecomposition {@code Sigma = V diag(values) V^T}.
     *
     * @param mean {@code mu}, length d at least 1
     * @param eigenvalues eigenvalues of Sigma, each {@code >= 0}; round-off negatives down to
     *     {@code -1e-12 max|values|} are clamped to 0
     * @param eigenvectors {@code V}, orthonormal eigenvectors as columns: {@code eigenvectors[i][k] = V[i][k]}
     *     ({@code V^T V = I} to 1e-10)
     * @return the data model
     */
    public static GaussianData ofEigen(double[] mean, double[] eigenvalues, double[][] eigenvectors) {
        int d = Checks.requireAllFinite(mean, "mean").length;
        Checks.requirePositive(d, "mean.length");
        requireDenseDim(d, "eigenvectors");
        Checks.requireNonNull(eigenvectors, "eigenvectors");
        double[] values = nonNegative(eigenvalues, d, "eigenvalues");
        if (eigenvectors.length != d) {
            throw new IllegalArgumentException(Checks.format("eigenvectors must have dimension %d, got %d", d,
                    eigenvectors.length));
        }
        double[] vectors = new double[d * d];
        for (int i = 0; i < d; i++) {
            Checks.requireNonNull(eigenvectors[i], "eigenvectors[" + i + "]");
            if (eigenvectors[i].length != d) {
                throw new IllegalArgumentException(Checks.format("eigenvectors[%d] must have %d entries, got %d",
                        i, d, eigenvectors[i].length));
            }
            for (int k = 0; k < d; k++) {
                vectors[i * d + k] = Checks.requireFinite(eigenvectors[i][k],
                        "eigenvectors[" + i + "][" + k + "]");
            }
        }
        requireOrthonormalColumns(vectors, d);
        return new GaussianData(mean.clone(), values, vectors);
    }

    private static void requireDenseDim(int d, String name) {
        if (d > MAX_DENSE_DIM) {
            throw new InvalidInputException(name, d + " x " + d,
                    "at most " + MAX_DENSE_DIM + " x " + MAX_DENSE_DIM + " (a dense covariance costs O(d^2) memory and "
                            + "O(d^3) time; use a diagonal covariance for larger d)");
        }
    }

    /**
     * Checks eigenvalues or variances: finite, length {@code d}, each {@code >= 0}; round-off negatives down to
     * {@code -1e-12 max|values|} are clamped to 0.
     */
    private static double[] nonNegative(double[] given, int d, String name) {
        Checks.requireAllFinite(given, name);
        if (given.length != d) {
            throw new IllegalArgumentException(Checks.format("%s must have dimension %d, got %d", name, d,
                    given.length));
        }
        double largest = 0;
        for (double v : given) {
            largest = Math.max(largest, Math.abs(v));
        }
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            if (!(given[k] >= -1e-12 * largest)) {
                throw new IllegalArgumentException(Checks.format("%s[%d] must be >= 0, got %s", name, k, given[k]));
            }
            values[k] = Math.max(0, given[k]);
        }
        return values;
    }

    private static void requireOrthonormalColumns(double[] v, int d) {
        // the Gram matrix V^T V, each entry summed over the rows in ascending order, accumulated row by row (a walk
        // down the columns for every entry spent most of a 1024-dimensional spec's load time in cache misses)
        double[][] gram = new double[d][d];
        for (int i = 0; i < d; i++) {
            int row = i * d;
            for (int a = 0; a < d; a++) {
                double via = v[row + a];
                double[] g = gram[a];
                for (int b = a; b < d; b++) {
                    g[b] += via * v[row + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double dot = gram[a][b];
                double expected = a == b ? 1.0 : 0.0;
                if (!(Math.abs(dot - expected) <= STRUCTURE_TOLERANCE)) {
                    throw new IllegalArgumentException(Checks.format(
                            "eigenvectors must be orthonormal columns, got column %d . column %d = %s", a, b, dot));
                }
            }
        }
    }

    /**
     * Diagonal covariance {@code diag(variances)} (eigenbasis = identity), stored as its diagonal: validated in
     * {@code O(d)}, evaluated in {@code O(d)} per row, for any {@code d}.
     *
     * @param mean {@code mu}, length d at least 1
     * @param variances diagonal of Sigma, each {@code >= 0} (round-off negatives as in {@link #ofEigen})
     * @return the data model
     */
    public static GaussianData diagonal(double[] mean, double[] variances) {
        int d = Checks.requireAllFinite(mean, "mean").length;
        Checks.requirePositive(d, "mean.length");
        return new GaussianData(mean.clone(), nonNegative(variances, d, "variances"), null);
    }

    /** @return whether the covariance is diagonal (stored without a basis, see {@link #diagonal}) */
    public boolean isDiagonal() {
        return u == null;
    }

    private static double[][] toRows(double[] flat, int d) {
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            if (flat == null) {
                r[i][i] = 1;
            } else {
                System.arraycopy(flat, i * d, r[i], 0, d);
            }
        }
        return r;
    }

    /** {@code U[i][k]}. */
    private double basis(int i, int k) {
        return u == null ? (i == k ? 1.0 : 0.0) : u[i * dim + k];
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

    /** @return a copy of the eigenvectors, as columns: {@code [i][k]} (a new {@code d x d} array) */
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
                    s += basis(i, k) * eigenvalues[k] * basis(j, k);
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /**
     * The exact model of this data for a schedule, in the given parameterization. Each parameterization
     * is evaluated by its own closed form (see the class comment), not by converting another one.
     *
     * @param schedule schedule whose time the model takes
     * @param prediction what the model returns
     * @return a thread-safe model
     */
    public DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(prediction, "prediction");
        return new AnalyticModel("GaussianData(d=" + dim + ")", schedule, prediction, this::predict);
    }

    /**
     * The exact prediction {@code p = A_p E[x0|x] + B_p E[eps|x]} at a noise level:
     * {@code A_p mu + U diag((A_p alpha s_k^2 + B_p sigma)/v_k) U^T (x - alpha mu)}.
     *
     * @param prediction parameterization
     * @param level alpha, sigma (and derivatives for FLOW)
     * @param x states. Not modified.
     * @param out destination. Modified (may alias {@code x}).
     */
    public void predict(Prediction prediction, NoiseLevel level, BatchView x, Batch out) {
        double[] gain = new double[dim];
        double shiftScale = predictionGains(prediction, level, gain);
        applyInEigenbasis(x, level.alpha(), gain, shiftScale, out);
    }

    /**
     * Fills the eigen-coordinate gains of a prediction and returns its multiple of {@code mu}.
     *
     * @param prediction parameterization
     * @param level noise level
     * @param gain destination, length d. Modified.
     * @return {@code A_p}
     */
    double predictionGains(Prediction prediction, NoiseLevel level, double[] gain) {
        double a = level.alpha();
        double s = level.sigma();
        double dataWeight = PredictionConversion.dataWeight(prediction, level);
        double noiseWeight = PredictionConversion.noiseWeight(prediction, level);
        for (int k = 0; k < dim; k++) {
            double v = a * a * eigenvalues[k] + s * s;
            double numerator = dataWeight * a * eigenvalues[k] + noiseWeight * s;
            // v = 0 only for sigma = 0 on a degenerate direction, where x0 = mu exactly
            gain[k] = v > 0 ? numerator / v : 0.0;
        }
        return dataWeight;
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
        predict(Prediction.DATA, NoiseLevel.of(alpha, sigma), x, out);
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
        predict(Prediction.NOISE, NoiseLevel.of(alpha, sigma), x, out);
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
        predict(Prediction.SCORE, NoiseLevel.of(alpha, sigma), x, out);
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
        double[] vs = marginalCovarianceEigenvalues(alphaS, sigmaS);
        double[] vt = marginalCovarianceEigenvalues(alphaT, sigmaT);
        double[] gain = new double[dim];
        for (int k = 0; k < dim; k++) {
            gain[k] = Math.sqrt(vt[k] / vs[k]);
        }
        applyInEigenbasis(x, alphaS, gain, alphaT, out);
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
     * Mean of the marginal {@code p_t}.
     *
     * @param alpha signal scale
     * @return {@code alpha mu}
     */
    public double[] marginalMean(double alpha) {
        double[] m = new double[dim];
        for (int i = 0; i < dim; i++) {
            m[i] = alpha * mean[i];
        }
        return m;
    }

    /**
     * Eigenvalues of the marginal covariance {@code C = alpha^2 Sigma + sigma^2 I} (eigenvectors those of Sigma).
     *
     * @param alpha signal scale
     * @param sigma noise scale
     * @return {@code v_k = alpha^2 s_k^2 + sigma^2}, in the order of {@link #eigenvalues()}
     */
    public double[] marginalCovarianceEigenvalues(double alpha, double sigma) {
        double[] v = new double[dim];
        for (int k = 0; k < dim; k++) {
            v[k] = alpha * alpha * eigenvalues[k] + sigma * sigma;
        }
        return v;
    }

    /**
     * The marginal {@code p_t = N(alpha mu, U diag(v) U^T)}.
     *
     * @param alpha signal scale
     * @param sigma noise scale
     * @return its moments
     */
    public GaussianMoments marginal(double alpha, double sigma) {
        return new GaussianMoments(marginalMean(alpha), marginalCovarianceEigenvalues(alpha, sigma));
    }

    /**
     * Exact law at level {@code (alphaTo, sigmaTo)} of the reverse SDE family
     * {@code dx = [f x - ((1+eta^2)/2) g^2 s] dt + eta g dw'} with the exact score of this data, started
     * from {@code N(meanFrom, U diag(variancesFrom) U^T)} at level {@code (alphaFrom, sigmaFrom)}
     * (docs/math.md section 11). Per eigen-coordinate, with {@code c = (1+eta^2)/2}:
     * <pre>
     *   kappa = (v_to/v_from)^c (alpha_from/alpha_to)^(2c-1)
     *   mean  = alpha_to mu + U diag(kappa) U^T (meanFrom - alpha_from mu)
     *   var   = v_to + kappa^2 (varFrom - v_from)
     * </pre>
     * (The centred state {@code y = x - alpha mu} obeys {@code dy = (c v'/v + (1-2c) f) y dt + eta g dw'},
     * and {@code P = v} solves its variance equation.) {@code eta = 1}: Anderson's SDE,
     * {@code kappa = v_to alpha_from/(v_from alpha_to)}; {@code eta = 0}: the PF-ODE, mean factor
     * {@code sqrt(v_to/v_from)} and variance {@code (v_to/v_from) varFrom}. Started from the marginal
     * itself, every member returns the marginal. The result depends only on the two levels, not on the
     * schedule between them.
     *
     * @param eta noise scale of the family, {@code >= 0}
     * @param alphaFrom alpha of the starting level
     * @param sigmaFrom sigma of the starting level, {@code > 0}
     * @param alphaTo alpha of the final level
     * @param sigmaTo sigma of the final level
     * @param meanFrom starting mean, original coordinates
     * @param variancesFrom starting variances per eigen-coordinate (order of {@link #eigenvalues()})
     * @return the exact law at the final level
     */
    public GaussianMoments reverseSdeMarginal(double eta, double alphaFrom, double sigmaFrom, double alphaTo,
            double sigmaTo, double[] meanFrom, double[] variancesFrom) {
        Checks.requireNonNegative(eta, "eta");
        requireLength(meanFrom, "meanFrom");
        requireLength(variancesFrom, "variancesFrom");
        double c = 0.5 * (1 + eta * eta);
        double[] vFrom = marginalCovarianceEigenvalues(alphaFrom, sigmaFrom);
        double[] vTo = marginalCovarianceEigenvalues(alphaTo, sigmaTo);
        double[] kappa = new double[dim];
        double[] variances = new double[dim];
        double alphaLog = Math.log(alphaFrom / alphaTo);
        for (int k = 0; k < dim; k++) {
            kappa[k] = Math.exp(c * Math.log(vTo[k] / vFrom[k]) + (2 * c - 1) * alphaLog);
            variances[k] = vTo[k] + kappa[k] * kappa[k] * (variancesFrom[k] - vFrom[k]);
        }
        Batch m = Batch.wrap(1, dim, meanFrom.clone());
        applyInEigenbasis(m, alphaFrom, kappa, alphaTo, m);
        return new GaussianMoments(m.data(), variances);
    }

    /**
     * Mean of the exact one-step reverse transition {@code x_t | x_s} (from the noisier level s to the
     * cleaner level t) of the forward process with this data (docs/math.md section 11). With
     * {@code a = alpha_s/alpha_t}, {@code q^2 = sigma_s^2 - a^2 sigma_t^2} (the forward kernel
     * {@code x_s | x_t ~ N(a x_t, q^2)}), Bayes' rule gives per eigen-coordinate
     * {@code c^2 = (1/v_t + a^2/q^2)^{-1} = v_t q^2/v_s} and
     * <pre>
     *   m = c^2 (alpha_t mu/v_t + a x_s/q^2) = alpha_t mu + U diag(a v_t/v_s) U^T (x_s - alpha_s mu).
     * </pre>
     *
     * @param x states at level s. Not modified.
     * @param alphaS alpha at s
     * @param sigmaS sigma at s
     * @param alphaT alpha at t
     * @param sigmaT sigma at t
     * @param out conditional means at level t. Modified (may alias {@code x}).
     */
    public void reverseTransitionMean(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT,
            Batch out) {
        double[] vs = marginalCovarianceEigenvalues(alphaS, sigmaS);
        double[] vt = marginalCovarianceEigenvalues(alphaT, sigmaT);
        double a = alphaS / alphaT;
        double[] gain = new double[dim];
        for (int k = 0; k < dim; k++) {
            gain[k] = a * vt[k] / vs[k];
        }
        applyInEigenbasis(x, alphaS, gain, alphaT, out);
    }

    /**
     * Variances (per eigen-coordinate) of the exact one-step reverse transition {@code x_t | x_s}:
     * {@code c_k^2 = v_{t,k} q^2 / v_{s,k}}, {@code q^2 = sigma_s^2 (1 - r)(1 + r)},
     * {@code r = alpha_s sigma_t/(alpha_t sigma_s)} (see {@link #reverseTransitionMean}).
     *
     * @param alphaS alpha at s
     * @param sigmaS sigma at s, {@code > 0}
     * @param alphaT alpha at t
     * @param sigmaT sigma at t ({@code <} the SNR-equivalent of s)
     * @return {@code c_k^2}, order of {@link #eigenvalues()}
     */
    public double[] reverseTransitionVariances(double alphaS, double sigmaS, double alphaT, double sigmaT) {
        double[] vs = marginalCovarianceEigenvalues(alphaS, sigmaS);
        double[] vt = marginalCovarianceEigenvalues(alphaT, sigmaT);
        double r = alphaS * sigmaT / (alphaT * sigmaS);
        double q2 = sigmaS * sigmaS * (1 - r) * (1 + r);
        double[] c2 = new double[dim];
        for (int k = 0; k < dim; k++) {
            c2[k] = vt[k] * q2 / vs[k];
        }
        return c2;
    }

    /**
     * Draws from the exact one-step reverse transition: {@code out = m(x) + U diag(c) U^T z}.
     *
     * @param x states at level s. Not modified.
     * @param z standard normal draws of the same shape. Not modified.
     * @param alphaS alpha at s
     * @param sigmaS sigma at s
     * @param alphaT alpha at t
     * @param sigmaT sigma at t
     * @param out samples at level t; must not alias {@code z}. Modified.
     */
    public void reverseTransitionSample(BatchView x, BatchView z, double alphaS, double sigmaS, double alphaT,
            double sigmaT, Batch out) {
        if (out == z) {
            throw new IllegalArgumentException("out must not be the same batch as z");
        }
        reverseTransitionMean(x, alphaS, sigmaS, alphaT, sigmaT, out);
        double[] std = reverseTransitionVariances(alphaS, sigmaS, alphaT, sigmaT);
        for (int k = 0; k < dim; k++) {
            std[k] = Math.sqrt(std[k]);
        }
        double[] c = new double[dim];
        double[] zs = z.data();
        double[] o = out.data();
        for (int r = 0; r < z.size(); r++) {
            int off = r * dim;
            projectCentered(zs, off, 0.0, c);
            for (int k = 0; k < dim; k++) {
                c[k] *= std[k];
            }
            for (int i = 0; i < dim; i++) {
                o[off + i] += rotateBack(c, i);
            }
        }
    }

    /**
     * Log density of the marginal {@code N(alpha mu, C)} at one point.
     *
     * @param x point, length d. Not modified.
     * @param alpha signal scale
     * @param sigma noise scale
     * @return {@code log N(x; alpha mu, alpha^2 Sigma + sigma^2 I)}
     */
    public double logDensity(double[] x, double alpha, double sigma) {
        requireLength(x, "x");
        double[] c = new double[dim];
        projectCentered(x, 0, alpha, c);
        return logDensityOfCoordinates(c, marginalCovarianceEigenvalues(alpha, sigma));
    }

    /**
     * {@code -1/2 sum_k (log(2 pi v_k) + c_k^2/v_k)} for eigen-coordinates {@code c} of the centred point.
     *
     * @param c eigen-coordinates of {@code x - alpha mu}
     * @param v marginal covariance eigenvalues
     * @return the log density
     */
    static double logDensityOfCoordinates(double[] c, double[] v) {
        double sum = 0;
        for (int k = 0; k < c.length; k++) {
            sum += Math.log(2 * Math.PI * v[k]) + c[k] * c[k] / v[k];
        }
        return -0.5 * sum;
    }

    private void requireLength(double[] a, String name) {
        Checks.requireAllFinite(a, name);
        if (a.length != dim) {
            throw new IllegalArgumentException(Checks.format("%s.length must be %d, got %d", name, dim, a.length));
        }
    }

    /**
     * Eigen-coordinates {@code c = U^T (x[off, off + d) - alpha mu)} of one row.
     *
     * @param x flat rows. Not modified.
     * @param off first index of the row
     * @param alpha multiple of the mean to subtract
     * @param c destination, length d. Modified.
     */
    void projectCentered(double[] x, int off, double alpha, double[] c) {
        if (u == null) {
            for (int k = 0; k < dim; k++) {
                c[k] = x[off + k] - alpha * mean[k];
            }
            return;
        }
        for (int k = 0; k < dim; k++) {
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += u[i * dim + k] * (x[off + i] - alpha * mean[i]);
            }
            c[k] = sum;
        }
    }

    /**
     * Component {@code i} of {@code U c}.
     *
     * @param c eigen-coordinates
     * @param i original coordinate
     * @return {@code sum_k U[i][k] c[k]}
     */
    double rotateBack(double[] c, int i) {
        if (u == null) {
            return c[i];
        }
        double sum = 0;
        for (int k = 0; k < dim; k++) {
            sum += u[i * dim + k] * c[k];
        }
        return sum;
    }

    /** @return {@code mu[i]} */
    double meanAt(int i) {
        return mean[i];
    }

    /**
     * {@code out = shiftScale mu + U diag(gain) U^T (x - alpha mu)} row by row.
     */
    private void applyInEigenbasis(BatchView x, double alpha, double[] gain, double shiftScale, Batch out) {
        if (x.dim() != dim) {
            throw new IllegalArgumentException(Checks.format("x.dim must be %d, got %d", dim, x.dim()));
        }
        if (out.size() != x.size() || out.dim() != dim) {
            throw new IllegalArgumentException(Checks.format("out must be %dx%d, got %dx%d", x.size(), dim,
                    out.size(), out.dim()));
        }
        double[] xs = x.data();
        double[] o = out.data();
        double[] c = new double[dim];
        for (int r = 0; r < x.size(); r++) {
            int off = r * dim;
            projectCentered(xs, off, alpha, c);
            for (int k = 0; k < dim; k++) {
                c[k] *= gain[k];
            }
            for (int i = 0; i < dim; i++) {
                o[off + i] = shiftScale * mean[i] + rotateBack(c, i);
            }
        }
    }
}
