package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMoments;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;

/**
 * A Gaussian-data problem: the model, the probability-flow map and the output law are all exact
 * ({@link GaussianData}, MATH.md section 12). Initial states are drawn from the exact marginal
 * {@code N(alpha_T mu, U diag(alpha_T^2 s^2 + sigma_T^2) U^T)} at {@code tStart}; batch {@code b}
 * uses {@code SeededNoise(sampleSeeds[b])}, stream 0.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class GaussianProblem implements ProblemInstance {

    private final ProblemSpec spec;
    private final NoiseSchedule schedule;
    private final DiffusionModel model;
    private final Batch initial;
    private final Batch reference;
    private final GaussianTargets targets;

    GaussianProblem(ProblemSpec spec, GaussianData data, long[] sampleSeeds, int batchSize) {
        this.spec = spec;
        this.schedule = spec.schedule().create();
        this.model = data.model(schedule, spec.prediction());
        int d = data.dim();
        double[][] u = data.eigenvectors();
        GaussianMoments prior = data.marginal(schedule.alpha(spec.tStart()), schedule.sigma(spec.tStart()));
        double[] v = prior.variances();
        double[] m = prior.mean();
        this.targets = new GaussianTargets(data, prior, GaussianTargets.fullCovariance(u, v),
                data.marginal(schedule.alpha(spec.tEnd()), schedule.sigma(spec.tEnd())));

        this.initial = Batch.zeros(sampleSeeds.length * batchSize, d);
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
        this.reference = initial.like();
        data.flow(initial, schedule, spec.tStart(), spec.tEnd(), reference);
    }

    @Override
    public ProblemSpec spec() {
        return spec;
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    @Override
    public DiffusionModel model() {
        return model;
    }

    @Override
    public int dim() {
        return initial.dim();
    }

    @Override
    public Batch initialStates() {
        return initial;
    }

    @Override
    public Batch reference() {
        return reference;
    }

    @Override
    public Optional<GaussianTargets> gaussianTargets() {
        return Optional.of(targets);
    }
}
