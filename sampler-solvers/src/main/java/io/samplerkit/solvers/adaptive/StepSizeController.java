package io.samplerkit.solvers.adaptive;

/**
 * The step-size policy of an adaptive solver, kept apart from the solver's step (the split diffrax makes
 * between a solver and its {@code PIDController}): where the next attempt ends, whether an attempt's error
 * is accepted, how the step changes, and when the run is finished. {@link AdaptiveRun} is the one loop
 * that asks it. The position {@code s} is the solver's integration variable (half log-SNR {@code lambda},
 * or the schedule's time), {@code h} a signed step in it.
 *
 * <p>Three policies exist: {@link PidController} (diffrax: safety factor and clipping; the embedded
 * Runge–Kutta pairs), and, for the adaptive DPM-Solver, the official controller and k-diffusion's
 * arctangent-limited PID controller ({@code DpmSolverStepControl}, {@code PidStepControl}). Implementations
 * are immutable; {@link #start} creates the per-run state.
 */
public interface StepSizeController {

    /**
     * Combines per-sample mean squares of the scaled error into the scalar the controller judges. The
     * default is the worst sample's RMS, so that every sample meets the tolerance on its own.
     *
     * @param rowMeanSquares per-sample means of {@code (error_i / scale_i)^2}
     * @param rows number of samples
     * @return the error norm ({@code NaN} if any entry is NaN)
     */
    default double norm(double[] rowMeanSquares, int rows) {
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            double rms = Math.sqrt(rowMeanSquares[r]);
            if (Double.isNaN(rms)) {
                return rms;
            }
            worst = Math.max(worst, rms);
        }
        return worst;
    }

    /**
     * Starts the controller of one run.
     *
     * @param sStart first position
     * @param sEnd last position
     * @param tEnd last time
     * @param errorOrder exponent denominator {@code k} of the step update ({@code err^(-1/k)})
     * @return the per-run state
     */
    Control start(double sStart, double sEnd, double tEnd, double errorOrder);

    /** Per-run state of a controller; not thread-safe. */
    interface Control {

        /**
         * Sets the first step (called once, before the first attempt).
         *
         * @param h signed step in the integration variable
         */
        void setStep(double h);

        /** @return the current signed step */
        double step();

        /**
         * @param s current position
         * @param t current time
         * @return whether the run has reached its end
         */
        boolean finished(double s, double t);

        /**
         * @param s current position
         * @return the end of the next attempt
         */
        double target(double s);

        /**
         * Judges an attempt; a policy that rescales after every attempt does it here.
         *
         * @param error the attempt's error norm ({@code < 1} or {@code <= 1} means small enough)
         * @param used {@code target - s} of the attempt
         * @return whether to accept it
         */
        boolean judge(double error, double used);

        /**
         * Called after {@link #judge} once the run's position is up to date; a policy that rescales from the
         * new position does it here. The default does nothing.
         *
         * @param s current position (the new one after an acceptance)
         */
        default void adapt(double s) {
        }

        /**
         * The position to record after accepting {@code target}. The default is {@code target}; the official
         * DPM-Solver recomputes it from the target's time.
         *
         * @param target the accepted target
         * @param ofTime the position recomputed from the target's time
         * @return the new position
         */
        default double acceptedPosition(double target, double ofTime) {
            return target;
        }
    }

    /** What every {@link Control} keeps: the current signed step {@code h}. */
    abstract class StepState implements Control {

        /** Current signed step in the integration variable. */
        protected double h;

        @Override
        public final void setStep(double step) {
            h = step;
        }

        @Override
        public final double step() {
            return h;
        }
    }
}
