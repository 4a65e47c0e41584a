package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds Gaussian-mixture problems: exact model, and a high-accuracy reference solution of the
 * probability-flow ODE ({@link GaussianMixtureData#referenceFlow}, Dormand–Prince 8(5,3) at relative
 * tolerance 1e-12: relative error below 1e-10 as measured against closed forms). Initial states are
 * drawn from the exact marginal at {@code tStart}: a component by weight, then
 * {@code alpha mu_k + U_k diag(sqrt(alpha^2 s_k^2 + sigma^2)) z}; batch {@code b} uses a
 * {@link SplittableRandom} seeded with {@code sampleSeeds[b]}.
 */
final class MixtureProblem {

    /**
     * Absolute error floor of the reference solutions: relative error below 1e-10 on data of scale up
     * to about 10.
     */
    static final double REFERENCE_FLOOR = 1e-9;

    private MixtureProblem() {
    }

    /**
     * @param spec the problem
     * @param data its data
     * @param sampleSeeds one seed per batch of initial states
     * @param batchSize rows per batch
     * @return the instance, with reference solutions
     */
    static ProblemInstance build(ProblemSpec spec, GaussianMixtureData data, long[] sampleSeeds, int batchSize) {
        NoiseSchedule schedule = spec.schedule().create();
        int d = data.dim();
        double alpha = schedule.alpha(spec.tStart());
        double sigma = schedule.sigma(spec.tStart());
        Batch initial = Batch.zeros(sampleSeeds.length * batchSize, d);
        for (int b = 0; b < sampleSeeds.length; b++) {
            draw(data, alpha, sigma, new SplittableRandom(sampleSeeds[b]), batchSize, initial.data(), b * batchSize * d);
        }
        Batch reference = initial.like();
        data.referenceFlow(initial, schedule, spec.tStart(), spec.tEnd(), reference);
        return new ProblemInstance(spec, schedule, data.model(schedule, spec.prediction()), initial, reference,
                Optional.empty());
    }

    /**
     * Draws rows from the marginal of a mixture at {@code (alpha, sigma)} ({@code (1, 0)}: the data law itself): a
     * component by weight, then {@code alpha mu_k + U_k diag(sqrt(alpha^2 s_k^2 + sigma^2)) z}.
     *
     * @param data the mixture
     * @param alpha signal scale
     * @param sigma noise scale
     * @param rng the random source
     * @param rows rows to draw
     * @param x destination, row-major
     * @param offset first index written in {@code x}
     */
    static void draw(GaussianMixtureData data, double alpha, double sigma, SplittableRandom rng, int rows, double[] x,
            int offset) {
        int d = data.dim();
        for (int r = 0; r < rows; r++) {
            GaussianData c = data.component(pick(data, rng.nextDouble()));
            double[] m = c.marginalMean(alpha);
            double[] v = c.marginalCovarianceEigenvalues(alpha, sigma);
            double[][] u = c.eigenvectors();
            double[] z = new double[d];
            for (int k = 0; k < d; k++) {
                z[k] = Math.sqrt(v[k]) * rng.nextGaussian();
            }
            int row = offset + r * d;
            for (int i = 0; i < d; i++) {
                double value = m[i];
                for (int k = 0; k < d; k++) {
                    value += u[i][k] * z[k];
                }
                x[row + i] = value;
            }
        }
    }

    private static int pick(GaussianMixtureData data, double u) {
        double cumulative = 0;
        for (int k = 0; k < data.components(); k++) {
            cumulative += data.weight(k);
            if (u < cumulative) {
                return k;
            }
        }
        return data.components() - 1;
    }
}
