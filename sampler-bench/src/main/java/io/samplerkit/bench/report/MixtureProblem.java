package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A Gaussian-mixture problem: exact model, and a high-accuracy reference solution of the
 * probability-flow ODE ({@link GaussianMixtureData#referenceFlow}, Dormand–Prince 8(5,3) at relative
 * tolerance 1e-12: relative error below 1e-10 as measured against closed forms). Initial states are
 * drawn from the exact marginal at {@code tStart}: a component by weight, then
 * {@code alpha mu_k + U_k diag(sqrt(alpha^2 s_k^2 + sigma^2)) z}; batch {@code b} uses a
 * {@link SplittableRandom} seeded with {@code sampleSeeds[b]}.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class MixtureProblem implements ProblemInstance {

    /**
     * Absolute error floor of the reference solutions: relative error below 1e-10 on data of scale up
     * to about 10.
     */
    static final double REFERENCE_FLOOR = 1e-9;

    private final ProblemSpec spec;
    private final NoiseSchedule schedule;
    private final DiffusionModel model;
    private final Batch initial;
    private final Batch reference;

    MixtureProblem(ProblemSpec spec, GaussianMixtureData data, long[] sampleSeeds, int batchSize) {
        this.spec = spec;
        this.schedule = spec.schedule().create();
        this.model = data.model(schedule, spec.prediction());
        int d = data.dim();
        double alpha = schedule.alpha(spec.tStart());
        double sigma = schedule.sigma(spec.tStart());
        this.initial = Batch.zeros(sampleSeeds.length * batchSize, d);
        double[] x = initial.data();
        for (int b = 0; b < sampleSeeds.length; b++) {
            SplittableRandom rng = new SplittableRandom(sampleSeeds[b]);
            for (int r = 0; r < batchSize; r++) {
                GaussianData c = data.component(pick(data, rng.nextDouble()));
                double[] m = c.marginalMean(alpha);
                double[] v = c.marginalCovarianceEigenvalues(alpha, sigma);
                double[][] u = c.eigenvectors();
                double[] z = new double[d];
                for (int k = 0; k < d; k++) {
                    z[k] = Math.sqrt(v[k]) * rng.nextGaussian();
                }
                int row = (b * batchSize + r) * d;
                for (int i = 0; i < d; i++) {
                    double value = m[i];
                    for (int k = 0; k < d; k++) {
                        value += u[i][k] * z[k];
                    }
                    x[row + i] = value;
                }
            }
        }
        this.reference = initial.like();
        data.referenceFlow(initial, schedule, spec.tStart(), spec.tEnd(), reference);
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
        return Optional.empty();
    }
}
