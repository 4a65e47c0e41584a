package io.samplerkit.solvers.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.solvers.internal.LagrangeWeights;
import io.samplerkit.solvers.internal.ModelSide;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SaSolverWeights} against two independent computations: adaptive quadrature of the weighted Lagrange
 * basis ({@link LagrangeWeights}), and the closed forms in absolute {@code lambda} that the paper's appendix and
 * diffusers' {@code get_coefficients_exponential_positive} (data side) and {@code _negative} (noise side) use
 * ({@code int e^{k lambda} lambda^m dlambda} by repeated integration by parts), including diffusers' added two-node
 * term (data side only; the noise side ignores the flag).
 */
class SaSolverWeightsTest {

    @Test
    void weightsAreTheWeightedIntegralsOfTheLagrangeBasis() {
        SplittableRandom rng = new SplittableRandom(12);
        SaSolverWeights weights = new SaSolverWeights();
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(4);
            boolean corrector = rng.nextBoolean();
            double[] nodes = nodes(rng, n, corrector);
            double bigH = Math.exp(rng.nextDouble(-6, 2.5));
            double[] w = new double[n];
            weights.weights(nodes, n, ModelSide.DATA, bigH, false, w);
            double[] q = new double[n];
            LagrangeWeights.integrate(nodes, n, 0, 1, u -> bigH * Math.exp(-bigH * (1 - u)), q);
            for (int i = 0; i < n; i++) {
                assertThat(w[i]).as("trial %d n=%d H=%s i=%d", trial, n, bigH, i)
                        .isCloseTo(q[i], within(1e-13 * (1 + Math.abs(q[i]))));
            }
            double h = Math.min(bigH, 3.0);
            weights.weights(nodes, n, ModelSide.NOISE, h, true, w);
            LagrangeWeights.integrate(nodes, n, 0, 1, u -> h * Math.exp(h * (1 - u)), q);
            for (int i = 0; i < n; i++) {
                assertThat(w[i]).as("noise side, trial %d n=%d h=%s i=%d", trial, n, h, i)
                        .isCloseTo(q[i], within(1e-13 * (1 + Math.abs(q[i]))));
            }
        }
    }

    @Test
    void weightsMatchTheAbsoluteLambdaClosedFormsAndDiffusersSecondOrderTerm() {
        SplittableRandom rng = new SplittableRandom(3);
        SaSolverWeights weights = new SaSolverWeights();
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + rng.nextInt(4);
            boolean corrector = rng.nextBoolean();
            double tau = rng.nextDouble(0, 1.5);
            double k = 1 + tau * tau;
            double lambdaS = rng.nextDouble(-1, 1);
            double h = rng.nextDouble(0.05, 0.6);
            double lambdaT = lambdaS + h;
            double[] u = nodes(rng, n, corrector);
            double[] lambda = new double[n];
            for (int j = 0; j < n; j++) {
                lambda[j] = lambdaS + u[j] * h;
            }
            double[] expected = absoluteForm(lambda, n, lambdaS, lambdaT, k);
            double[] w = new double[n];
            weights.weights(u, n, ModelSide.DATA, k * h, false, w);
            for (int i = 0; i < n; i++) {
                assertThat(w[i]).as("trial %d i=%d", trial, i).isCloseTo(expected[i], within(1e-9));
            }
            // noise side: diffusers' exp(-lambda) integrals, scaled by e^{lambda_t} (alpha_t c_i = sigma_t w_i)
            double[] negative = absoluteForm(lambda, n, lambdaS, lambdaT, -1);
            weights.weights(u, n, ModelSide.NOISE, h, false, w);
            for (int i = 0; i < n; i++) {
                assertThat(w[i]).as("noise side, trial %d i=%d", trial, i).isCloseTo(-negative[i], within(1e-9));
            }
            if (n == 2) {
                // diffusers' added term, in its own form (predictor: divided by lambda_s - lambda_prev)
                double added = corrector
                        ? k * (h / 2 - (h * k - 1 + Math.exp(-k * h)) / (k * k * h))
                        : k * (h * h / 2 - (h * k - 1 + Math.exp(-k * h)) / (k * k)) / (lambdaS - lambda[1]);
                double[] d = new double[2];
                weights.weights(u, n, ModelSide.DATA, k * h, true, d);
                assertThat(d[0]).isCloseTo(expected[0] + added, within(1e-9));
                assertThat(d[1]).isCloseTo(expected[1] - added, within(1e-9));
            }
        }
    }

    /** Predictor nodes {@code 0, -r_1, -r_1 - r_2, ...}; corrector nodes {@code 1, 0, -r_1, ...}. */
    private static double[] nodes(SplittableRandom rng, int n, boolean corrector) {
        double[] u = new double[n];
        double next = 0;
        for (int j = 0; j < n; j++) {
            if (corrector && j == 0) {
                u[j] = 1;
                continue;
            }
            u[j] = next;
            next -= rng.nextDouble(0.3, 2.0);
        }
        return u;
    }

    /**
     * {@code k e^{-k lambda_t} sum_m a_{i,m} G_m} with the basis expanded in absolute lambda and
     * {@code G_m = int_{lambda_s}^{lambda_t} e^{k lambda} lambda^m dlambda = [e^{k l} sum_j (-1)^j m!/(m-j)! l^{m-j}/k^{j+1}]}.
     */
    private static double[] absoluteForm(double[] lambda, int n, double lambdaS, double lambdaT, double k) {
        double[] g = new double[n];
        for (int m = 0; m < n; m++) {
            g[m] = antiderivative(m, lambdaT, k) - antiderivative(m, lambdaS, k);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double[] poly = {1, 0, 0, 0};
            double denominator = 1;
            int degree = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                denominator *= lambda[i] - lambda[j];
                for (int m = degree + 1; m >= 1; m--) {
                    poly[m] = poly[m - 1] - lambda[j] * poly[m];
                }
                poly[0] *= -lambda[j];
                degree++;
            }
            double sum = 0;
            for (int m = 0; m < n; m++) {
                sum += poly[m] / denominator * g[m];
            }
            out[i] = k * Math.exp(-k * lambdaT) * sum;
        }
        return out;
    }

    private static double antiderivative(int m, double l, double k) {
        double s = 0;
        double falling = 1;
        for (int j = 0; j <= m; j++) {
            s += (j % 2 == 0 ? 1 : -1) * falling * Math.pow(l, m - j) / Math.pow(k, j + 1);
            falling *= m - j;
        }
        return Math.exp(k * l) * s;
    }
}
