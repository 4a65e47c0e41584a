package io.samplerkit.solvers.law;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Gaussian problems of the SDE tests: data with covariance eigenvalues {@code 1e-2 .. 10} in a seeded random
 * (non-diagonal) basis, a VP-linear or VP-cosine schedule from its largest time to {@code t = 1e-3}, uniform
 * log-SNR grids, the exact model predicting noise.
 */
final class SdeProblems {

    /** The data law. */
    static final GaussianData DATA = GaussianData.ofEigen(new double[] {0.5, -1, 1.5, 0.2},
            new double[] {1e-2, 1e-1, 1, 10}, GaussianFixtures.randomRotation(new SplittableRandom(5), 4));
    /** Last time of every problem. */
    static final double T_END = 1e-3;

    private SdeProblems() {
    }

    /** The two schedules. */
    enum Schedule {
        VP_LINEAR(VpLinearSchedule.standard(), 1.0),
        VP_COSINE(VpCosineSchedule.standard(), VpCosineSchedule.standard().tMax());

        private final NoiseSchedule schedule;
        private final double tStart;

        Schedule(NoiseSchedule schedule, double tStart) {
            this.schedule = schedule;
            this.tStart = tStart;
        }

        NoiseSchedule schedule() {
            return schedule;
        }

        /** @return the largest time, where every problem starts */
        double tStart() {
            return tStart;
        }

        /**
         * @param steps intervals
         * @return the problem on the uniform log-SNR grid (seed 0, fresh noise)
         */
        SamplingProblem problem(int steps) {
            return SdeProblems.problem(schedule, tStart, steps);
        }
    }

    /**
     * The SD-like discrete VP schedule (scaled-linear betas 0.00085..0.012, 1000 steps) from {@code t = 1}: its
     * noisiest point is at {@code lambda = -2.68}, where the data prediction's gain in the state (about
     * {@code e^{2 lambda}} times a data variance) is 100 times larger than at the starts of VP linear
     * ({@code lambda = -5.02}) and VP cosine ({@code -4.78}).
     *
     * @param steps intervals
     * @return the problem on the uniform log-SNR grid (seed 0, fresh noise)
     */
    static SamplingProblem sdLikeProblem(int steps) {
        return problem(VpDiscreteSchedule.fromBetas(BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012)), 1.0,
                steps);
    }

    private static SamplingProblem problem(NoiseSchedule schedule, double tStart, int steps) {
        Timesteps ts = Timesteps.of(schedule, new LogSnrGrid(), tStart, T_END, steps);
        return SamplingProblem.of(schedule, DATA.model(schedule, Prediction.NOISE), ts);
    }

    /**
     * @param name registry name
     * @param options options
     * @return the solver
     */
    static Solver solver(String name, Map<String, Object> options) {
        return SolverRegistry.standard().create(name, SolverOptions.of(options));
    }
}
