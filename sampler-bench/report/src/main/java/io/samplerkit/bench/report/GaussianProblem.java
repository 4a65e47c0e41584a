package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMoments;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;

/**
 * Builds Gaussian-data problems: the model, the probability-flow map and the output law are all exact
 * ({@link GaussianData}, docs/math.md section 11). Initial states are drawn from the exact marginal
 * {@code N(alpha_T mu, U diag(alpha_T^2 s^2 + sigma_T^2) U^T)} at {@code tStart}; batch {@code b}
 * uses {@code SeededNoise(sampleSeeds[b])}, stream 0.
 */
final class GaussianProblem {

    private GaussianProblem() {
    }

    /**
     * @param spec the problem
     * @param data its data
     * @param sampleSeeds one seed per batch of initial states
     * @param batchSize rows per batch
     * @return the instance, with exact solutions and Gaussian targets
     */
    static ProblemInstance build(ProblemSpec spec, GaussianData data, long[] sampleSeeds, int batchSize) {
        NoiseSchedule schedule = spec.schedule().create();
        int d = data.dim();
        double[][] u = data.eigenvectors();
        GaussianMoments prior = data.marginal(schedule.alpha(spec.tStart()), schedule.sigma(spec.tStart()));
        double[] v = prior.variances();
        double[] m = prior.mean();
        GaussianTargets targets = new GaussianTargets(data, prior, GaussianTargets.fullCovariance(u, v),
                data.marginal(schedule.alpha(spec.tEnd()), schedule.sigma(spec.tEnd())));

        Batch initial = Batch.zeros(sampleSeeds.length * batchSize, d);
        Batch z = Batch.zeros(batchSize, d);
        double[] x = initial.data();
        for (int b = 0; b < sampleSeeds.length; b++) {
            new SeededNoise(sampleSeeds[b]).standardNormal(0, z);
            for (int r = 0; r < batchSize; r++) {
                int row = (b * batchSize + r) * d;
                for (int i = 0; i < d; i++) {
                    double value = m[i];
                    for (int k = 0; k < d; k++) {
                        value += u[i][k] * Math.sqrt(v[k]) * z.get(r, k);
                    }
                    x[row + i] = value;
                }
            }
        }
        Batch reference = initial.like();
        data.flow(initial, schedule, spec.tStart(), spec.tEnd(), reference);
        return new ProblemInstance(spec, schedule, data.model(schedule, spec.prediction()), initial, reference,
                Optional.of(targets));
    }
}
