package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.adaptive.StepSizeController;

/**
 * The official DPM-Solver step-size control (Lu et al. 2022, arXiv:2206.00927, Algorithm 4, after
 * Jolicoeur-Martineau et al. 2021, arXiv:2105.14080; docs/math.md §6.8, §13):
 * <pre>
 *   E   = max over samples of sqrt(mean_i ((x_high - x_low)/delta)^2),
 *   accept iff E &lt;= 1,
 *   h  &lt;- min(safety h fl32(E^{-1/order}), lambda_end - lambda_s)     (after every attempt),
 *   h  &lt;- min(h, lambda_end - lambda_s), t = t(lambda_s + h)    (before every attempt),
 *   run until |s - t_end| &lt;= tErr (in time units).
 * </pre>
 * The official code does not clamp the first step, {@code h_init}: one longer than the whole span ends past
 * {@code lambda_end} (at zero noise or beyond), where the update is NaN. Here it is clamped to the span as every
 * later step is (the run then equals one with {@code initial-step} = the span), so every value in the option's range
 * runs.
 * After an acceptance the official code recomputes {@code lambda_s = lambda(t)} from the accepted
 * time; so does this class. The factor {@code E^{-1/order}} is rounded to float32 exactly as the
 * official {@code torch.float_power(E, -1/order).float()} does (the product with the float64
 * {@code safety h} is again float64); reproducing it matters for bit-level step sequences, though it
 * changes each step by at most a relative 6e-8.
 *
 * @param safety safety factor in (0, 1], official 0.9
 * @param tErr tolerance on the final time, {@code > 0}, official 1e-5
 * @param float32Factor whether to round {@code E^{-1/order}} to float32 as the official code does
 */
public record DpmSolverStepControl(double safety, double tErr, boolean float32Factor) implements StepSizeController {

    /** Official defaults: {@code safety = 0.9}, {@code t_err = 1e-5}, float32 factor. */
    public static final DpmSolverStepControl OFFICIAL = new DpmSolverStepControl(0.9, 1e-5, true);

    /** Validates. */
    public DpmSolverStepControl {
        Checks.requireInRange(safety, Double.MIN_VALUE, 1.0, "safety");
        Checks.requirePositive(tErr, "tErr");
    }

    @Override
    public Control start(double sStart, double sEnd, double tEnd, double errorOrder) {
        return new Run(sEnd, tEnd, errorOrder);
    }

    /** The step and last error of one run. */
    private final class Run extends StepState {
        private final double lambdaEnd;
        private final double tEnd;
        private final double order;
        private double lastError;

        Run(double lambdaEnd, double tEnd, double order) {
            this.lambdaEnd = lambdaEnd;
            this.tEnd = tEnd;
            this.order = order;
        }

        @Override
        public boolean finished(double lambdaS, double tS) {
            return !(Math.abs(tS - tEnd) > tErr);
        }

        @Override
        public double target(double lambdaS) {
            h = Math.min(h, lambdaEnd - lambdaS);
            return lambdaS + h;
        }

        @Override
        public boolean judge(double error, double used) {
            lastError = error;
            return error <= 1;
        }

        @Override
        public void adapt(double lambdaS) {
            double factor = Math.pow(lastError, -1.0 / order);
            if (float32Factor) {
                factor = (float) factor;
            }
            h = Math.min(safety * h * factor, lambdaEnd - lambdaS);
        }

        @Override
        public double acceptedPosition(double target, double ofTime) {
            return ofTime;
        }
    }
}
