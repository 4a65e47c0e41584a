package io.samplerkit.solvers.exponential;

import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * How {@link AdaptiveDpmSolver} measures the local error and chooses its steps in
 * {@code lambda = log(alpha/sigma)}. Two published controllers, which differ in every detail
 * (docs/math.md §6.8, §13):
 * <ul>
 * <li>{@link DpmSolverStepControl}: the official DPM-Solver's (Lu et al. 2022, arXiv:2206.00927,
 *     Algorithm 4 and appendix C): per-sample RMS error, maximum over the batch, accept iff
 *     {@code E <= 1}, {@code h <- min(theta h E^{-1/order}, lambda_end - lambda_s)}.</li>
 * <li>{@link PidStepControl}: k-diffusion's {@code dpm_solver_adaptive}: RMS error over the whole
 *     batch, PID controller with an arctangent limiter, accept iff the step factor is at least
 *     {@code acceptSafety}, {@code h <- h * factor} after every attempt, target
 *     {@code min(lambda_end, lambda_s + h)}.</li>
 * </ul>
 * Implementations are immutable records; {@link #start} creates the per-run mutable state.
 */
public sealed interface AdaptiveStepControl permits DpmSolverStepControl, PidStepControl {

    /**
     * Combines the per-sample mean squared scaled errors into the scalar the controller judges.
     *
     * @param rowMeans per-sample means of {@code ((x_low - x_high)/delta)^2}
     * @param rows number of samples
     * @return the error norm {@code E}
     */
    double error(double[] rowMeans, int rows);

    /**
     * Starts the controller of one run.
     *
     * @param hInit first step in lambda, {@code > 0}
     * @param order order of the higher solution (2 or 3)
     * @param schedule the run's schedule (for time/lambda conversions)
     * @param tEnd last time
     * @return the controller
     */
    Controller start(double hInit, int order, NoiseSchedule schedule, double tEnd);

    /** Per-run state of a step-size controller; not thread-safe. */
    interface Controller {

        /**
         * @param tS current time
         * @param lambdaS current lambda
         * @return whether the run has reached the end
         */
        boolean finished(double tS, double lambdaS);

        /**
         * @param lambdaS current lambda
         * @return lambda of the next attempted point
         */
        double targetLambda(double lambdaS);

        /**
         * @param lambdaT target lambda
         * @return the time of the target point
         */
        double targetTime(double lambdaT);

        /**
         * @param lambdaT target lambda
         * @param t target time
         * @return lambda recorded for an accepted target
         */
        double acceptedLambda(double lambdaT, double t);

        /**
         * Judges an attempt (and, for controllers that always rescale, rescales the step).
         *
         * @param error error norm of the attempt
         * @return whether to accept it
         */
        boolean judge(double error);

        /**
         * Called after {@link #judge} and after the state was updated.
         *
         * @param lambdaS current lambda (the new one after an acceptance)
         */
        void adapt(double lambdaS);

        /** @return current step in lambda */
        double h();
    }
}
