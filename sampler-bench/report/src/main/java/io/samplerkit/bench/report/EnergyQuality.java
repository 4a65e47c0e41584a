package io.samplerkit.bench.report;

import io.samplerkit.bench.spec.AnalyticData;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.EnergyDistance;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.state.Batch;
import java.util.SplittableRandom;

/**
 * {@link QualitySpec.Energy}: the energy distance ({@link EnergyDistance}) of the samples to a fixed set of exact
 * draws of an analytic data law, and how many of its components get a sample (each sample counts for the component
 * with the nearest mean). The baseline is the energy distance of as many fresh exact draws (seed + 1) to the same
 * set: the value sampling noise alone gives. Immutable.
 */
final class EnergyQuality implements SampleQuality {

    private final GaussianMixtureData law;
    private final long seed;
    private final double[] exact;

    private EnergyQuality(GaussianMixtureData law, long seed, double[] exact) {
        this.law = law;
        this.seed = seed;
        this.exact = exact;
    }

    static EnergyQuality of(QualitySpec.Energy spec, int dim) {
        AnalyticData data = spec.data().analytic().orElseThrow();
        GaussianMixtureData law = data.mixture().orElseGet(
                () -> GaussianMixtureData.of(new double[] {1}, data.gaussian().orElseThrow()));
        if (law.dim() != dim) {
            throw new InvalidInputException("data", law.dim() + "-dimensional data",
                    "data of the samples' dimension " + dim);
        }
        return new EnergyQuality(law, spec.seed(), draw(law, spec.samples(), spec.seed()));
    }

    private static double[] draw(GaussianMixtureData law, int rows, long seed) {
        double[] x = new double[rows * law.dim()];
        MixtureProblem.draw(law, 1, 0, new SplittableRandom(seed), rows, x, 0);
        return x;
    }

    @Override
    public Value measure(Batch samples) {
        int d = law.dim();
        int k = law.components();
        boolean[] hit = new boolean[k];
        double[] x = samples.data();
        for (int r = 0; r < samples.size(); r++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double[] m = law.component(c).mean();
                double s = 0;
                for (int i = 0; i < d; i++) {
                    double diff = x[r * d + i] - m[i];
                    s += diff * diff;
                }
                if (s < bestDistance) {
                    bestDistance = s;
                    best = c;
                }
            }
            hit[best] = true;
        }
        int covered = 0;
        for (boolean h : hit) {
            covered += h ? 1 : 0;
        }
        return new Value(EnergyDistance.of(x, exact, d), covered, k);
    }

    @Override
    public double baseline(int rows) {
        return EnergyDistance.of(draw(law, rows, seed + 1), exact, law.dim());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
