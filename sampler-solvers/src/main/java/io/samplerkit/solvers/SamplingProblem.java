package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * Everything a solver needs besides the initial state: the schedule, the model (whose time is the
 * schedule's time), the points to step through (for adaptive solvers only the first and last are
 * used), a noise source, an observer, and whether to finish with one denoising evaluation
 * ({@code x <- x0hat(x, t_end)}, the official DPM-Solver's {@code denoise_to_zero}).
 *
 * @param schedule noise schedule
 * @param model the model
 * @param timesteps grid (first point = start, last point = end)
 * @param noise noise source for stochastic solvers
 * @param observer step observer
 * @param denoiseToZero whether to finish with {@code x <- x0hat(x, t_end)} (one more model call)
 * @param recordTrajectory whether {@link SamplingResult#trajectory()} keeps every state
 */
public record SamplingProblem(NoiseSchedule schedule, DiffusionModel model, Timesteps timesteps,
        NoiseSource noise, StepObserver observer, boolean denoiseToZero, boolean recordTrajectory) {

    /** Validates. */
    public SamplingProblem {
        Checks.requireNonNull(schedule, "schedule");
        Checks.requireNonNull(model, "model");
        Checks.requireNonNull(timesteps, "timesteps");
        Checks.requireNonNull(noise, "noise");
        Checks.requireNonNull(observer, "observer");
        if (denoiseToZero && timesteps.endsAtZeroNoise()) {
            throw new IllegalArgumentException(
                    "denoiseToZero must be false when the timesteps already end at zero noise");
        }
    }

    /**
     * A deterministic problem on the given points, seed 0, no observer.
     *
     * @param schedule schedule
     * @param model model
     * @param timesteps grid
     * @return the problem
     */
    public static SamplingProblem of(NoiseSchedule schedule, DiffusionModel model, Timesteps timesteps) {
        return new SamplingProblem(schedule, model, timesteps, new SeededNoise(0), StepObserver.NONE, false,
                false);
    }

    /**
     * A problem on a grid rule.
     *
     * @param schedule schedule
     * @param model model
     * @param grid grid rule
     * @param tStart first time
     * @param tEnd last time
     * @param steps number of intervals
     * @return the problem
     */
    public static SamplingProblem of(NoiseSchedule schedule, DiffusionModel model, TimeGrid grid, double tStart,
            double tEnd, int steps) {
        return of(schedule, model, Timesteps.of(schedule, grid, tStart, tEnd, steps));
    }

    /**
     * @param seed seed of a {@link SeededNoise}
     * @return a copy with that noise
     */
    public SamplingProblem withSeed(long seed) {
        return new SamplingProblem(schedule, model, timesteps, new SeededNoise(seed), observer, denoiseToZero,
                recordTrajectory);
    }

    /**
     * @param newNoise noise source
     * @return a copy with that noise source
     */
    public SamplingProblem withNoise(NoiseSource newNoise) {
        return new SamplingProblem(schedule, model, timesteps, newNoise, observer, denoiseToZero, recordTrajectory);
    }

    /**
     * @param newObserver observer
     * @return a copy with that observer
     */
    public SamplingProblem withObserver(StepObserver newObserver) {
        return new SamplingProblem(schedule, model, timesteps, noise, newObserver, denoiseToZero,
                recordTrajectory);
    }

    /**
     * @param denoise whether to finish with a denoising evaluation
     * @return a copy
     */
    public SamplingProblem withDenoiseToZero(boolean denoise) {
        return new SamplingProblem(schedule, model, timesteps, noise, observer, denoise, recordTrajectory);
    }

    /**
     * @param record whether to keep the trajectory
     * @return a copy
     */
    public SamplingProblem withTrajectory(boolean record) {
        return new SamplingProblem(schedule, model, timesteps, noise, observer, denoiseToZero, record);
    }

    /**
     * @param newModel model
     * @return a copy with another model
     */
    public SamplingProblem withModel(DiffusionModel newModel) {
        return new SamplingProblem(schedule, newModel, timesteps, noise, observer, denoiseToZero, recordTrajectory);
    }

    /**
     * @param newTimesteps grid
     * @return a copy with other timesteps
     */
    public SamplingProblem withTimesteps(Timesteps newTimesteps) {
        return new SamplingProblem(schedule, model, newTimesteps, noise, observer, denoiseToZero,
                recordTrajectory);
    }

    /** @return first (noisiest) time */
    public double tStart() {
        return timesteps.t(0);
    }

    /** @return last time ({@code NaN} for a zero-noise end point) */
    public double tEnd() {
        return timesteps.t(timesteps.points() - 1);
    }
}
