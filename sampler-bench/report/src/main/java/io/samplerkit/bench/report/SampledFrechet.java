package io.samplerkit.bench.report;

import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.law.GaussianLaw;
import java.util.SplittableRandom;

/**
 * The moment-matched Fréchet distance of a sample to a Gaussian law, and its statistical floor.
 *
 * <p>The estimate is the Fréchet (2-Wasserstein) distance between the Gaussian with the sample's mean and covariance
 * and the target law, its squared value extrapolated to infinitely many samples ({@link #extrapolated}). For Gaussian
 * samples it estimates the exact Fréchet distance of their law, the "W" error of the report; for any other law it
 * measures how far the law's first two moments are from the target's, and is 0 for a law with the target's moments.
 *
 * <p>The floor is what the estimator returns on exact samples: the largest estimate over {@value #FLOOR_DRAWS}
 * independent sets of {@code n} samples drawn from the target's own law. An estimate at most {@value #RESOLUTION}
 * times the floor is not told apart from sampling noise ({@link #resolved}).
 */
final class SampledFrechet {

    /** Independent sets of exact samples the floor is the largest estimate of. */
    static final int FLOOR_DRAWS = 8;

    /** An estimate is resolved when it exceeds this multiple of the floor. */
    static final int RESOLUTION = 2;

    /** The squared distance computed from the rows {@code from..to-1} of a sample. */
    @FunctionalInterface
    interface SquaredOfRows {
        /**
         * @param from first row
         * @param to one past the last row
         * @return the squared distance
         */
        double of(int from, int to);
    }

    private SampledFrechet() {
    }

    /**
     * A distance with its finite-sample bias removed: the squared distance computed from {@code n} samples is biased
     * upwards by about {@code b/n} (the quadratic term of the sampling noise), so the squared distances from all
     * {@code n} samples and from each half are extrapolated linearly in {@code 1/n} to {@code 1/n = 0}, as Chong and
     * Forsyth 2020 ("Effectively Unbiased FID and Inception Score and where to find them", arXiv:1911.07023, §3)
     * extrapolate FID; a negative extrapolation is returned as 0.
     *
     * @param n samples, at least 4
     * @param squared the squared distance of a range of rows
     * @return the extrapolated distance
     */
    static double extrapolated(int n, SquaredOfRows squared) {
        int h = n / 2;
        double all = squared.of(0, n);
        double halves = 0.5 * (squared.of(0, h) + squared.of(h, n));
        double inverseHalf = 0.5 * (1.0 / h + 1.0 / (n - h));
        double value = all - (halves - all) * (1.0 / n) / (inverseHalf - 1.0 / n);
        return Math.sqrt(Math.max(0.0, value));
    }

    /**
     * @param x the samples, at least 4 rows
     * @param target the target law
     * @return the extrapolated moment-matched Fréchet distance of the samples to the target
     */
    static double estimate(Batch x, GaussianLaw target) {
        return extrapolated(x.size(), (from, to) -> Moments.of(x, from, to).squared(target));
    }

    /**
     * The estimator's floor on exact samples of a mixture's marginal.
     *
     * @param data the mixture (a Gaussian as a one-component mixture)
     * @param alpha signal scale of the marginal
     * @param sigma noise scale of the marginal
     * @param n samples per set, as in the estimates it is the floor of
     * @param seed seed of the first set ({@code seed + k} for set {@code k})
     * @return the largest estimate over {@value #FLOOR_DRAWS} sets, against the marginal's moments
     */
    static double floor(GaussianMixtureData data, double alpha, double sigma, int n, long seed) {
        GaussianLaw target = SampledProblem.moments(data, alpha, sigma);
        double floor = 0;
        Batch x = Batch.zeros(n, data.dim());
        for (int k = 0; k < FLOOR_DRAWS; k++) {
            MixtureProblem.draw(data, alpha, sigma, new SplittableRandom(seed + k), n, x.data(), 0);
            floor = Math.max(floor, estimate(x, target));
        }
        return floor;
    }

    /**
     * @param estimate an estimate
     * @param floor its floor
     * @return whether the estimate exceeds {@value #RESOLUTION} times the floor
     */
    static boolean resolved(double estimate, double floor) {
        return estimate > RESOLUTION * floor;
    }
}
