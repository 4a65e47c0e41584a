package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A low-dimensional section of a problem with Gaussian data: the same schedule, parameterization and time interval
 * on the law of {@code y = H V_k^T x}, where {@code x} follows the problem's data law {@code N(m, U diag(s²) U^T)},
 * {@code V_k} holds {@code k} of its eigenvectors spread evenly over the sorted spectrum (the smallest and the
 * largest eigenvalue included, so the section keeps the data's conditioning), and {@code H = I − 2 u u^T / (u^T u)}
 * with {@code u = (1, 2, …, k)} is the Householder reflection across the hyperplane orthogonal to {@code u}.
 * {@code y} is Gaussian with mean {@code H V_k^T m} and covariance {@code H diag(s_k²) H}: the selected eigenvalues
 * in a basis that is not the coordinate one (no off-diagonal entry of {@code H} is 0), so a solver that scales its error per
 * coordinate meets a non-diagonal covariance, as on the full problem. With {@code k >= d} every eigenpair is kept
 * and the section is the data in the reflected basis.
 */
final class GaussianSection {

    private GaussianSection() {
    }

    /**
     * @param problem a problem with Gaussian data
     * @param k dimension of the section, at least 2
     * @return the problem on the section, its id {@code <id>-d<k>}
     * @throws InvalidInputException if the problem's data are not Gaussian of dimension at least 2, or
     *     {@code k < 2}
     */
    static ProblemSpec of(ProblemSpec problem, int k) {
        if (k < 2) {
            throw new InvalidInputException("dimension", k, "at least 2 (a section needs a non-diagonal covariance)");
        }
        GaussianData data = problem.model().analytic().flatMap(a -> a.gaussian()).orElseThrow(
                () -> new InvalidInputException("model", problem.id(), "a problem with Gaussian data"));
        int d = data.dim();
        if (d < 2) {
            throw new InvalidInputException("model", problem.id() + " (dimension 1)",
                    "Gaussian data of dimension at least 2");
        }
        int n = Math.min(k, d);
        double[] values = data.eigenvalues();
        double[][] vectors = data.eigenvectors();
        double[] mean = data.mean();
        int[] sorted = IntStream.range(0, d).boxed().sorted(Comparator.comparingDouble(i -> values[i]))
                .mapToInt(Integer::intValue).toArray();
        double[] s = new double[n];
        double[] projected = new double[n];
        for (int j = 0; j < n; j++) {
            int e = sorted[(int) Math.round((double) j * (d - 1) / (n - 1))];
            s[j] = values[e];
            for (int i = 0; i < d; i++) {
                projected[j] += vectors[i][e] * mean[i];
            }
        }
        double[][] h = reflection(n);
        double[] m = new double[n];
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i] += h[i][j] * projected[j];
                for (int l = 0; l < n; l++) {
                    c[i][j] += h[i][l] * s[l] * h[j][l];
                }
            }
        }
        String title = String.format(Locale.ROOT, "%d-d section of %s's data (eigenvalues %.3g..%.3g of its "
                + "spectrum, reflected basis)", n, problem.id(), s[0], s[n - 1]);
        return new ProblemSpec(problem.id() + "-d" + n, title, new ModelSpec.Gaussian(m, c, null),
                problem.schedule(), problem.prediction(), problem.tStart(), problem.tEnd());
    }

    /** {@code I − 2 u u^T / (u^T u)} with {@code u = (1, …, n)}: symmetric and orthogonal. */
    private static double[][] reflection(int n) {
        double norm = n * (n + 1.0) * (2 * n + 1.0) / 6;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1.0 : 0.0) - 2.0 * (i + 1) * (j + 1) / norm;
            }
        }
        return h;
    }
}
