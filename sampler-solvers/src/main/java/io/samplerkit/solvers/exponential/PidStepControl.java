package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.adaptive.PidCoefficients;
import io.samplerkit.solvers.adaptive.StepSizeController;

/**
 * k-diffusion's step-size control for {@code sample_dpm_adaptive} (Crowson, k-diffusion
 * {@code PIDStepSizeController}; PID control after Söderlind 2003, doi:10.1023/A:1021160023092):
 * <pre>
 *   E      = sqrt(sum over the whole batch ((x_low - x_high)/delta)^2 / numel),
 *   e_n    = 1/(E + 1e-8);  before the first attempt e_{n-1} = e_{n-2} = e_n,
 *   f      = e_n^{b1} e_{n-1}^{b2} e_{n-2}^{b3},  b1 = (P+I+D)/k, b2 = -(P+2D)/k, b3 = D/k   (PidCoefficients),
 *   factor = 1 + atan(f - 1),
 *   accept iff factor &gt;= acceptSafety (then e_{n-2} &lt;- e_{n-1}, e_{n-1} &lt;- e_n),
 *   h     &lt;- h factor   (after every attempt),
 *   lambda_t = min(lambda_end, lambda_s + h);  run while lambda_s &lt; lambda_end - 1e-5.
 * </pre>
 * {@code k} is the order of the higher solution. There is no safety factor {@code theta}; the
 * arctangent limiter bounds the factor to {@code (1 - pi/4, 1 + pi/2)}. Defaults P = 0, I = 1, D = 0
 * (an integral controller) and acceptSafety = 0.81.
 *
 * @param coefficients the PID gains P, I, D
 * @param acceptSafety smallest factor that accepts a step, in (0, 1]
 */
public record PidStepControl(PidCoefficients coefficients, double acceptSafety) implements StepSizeController {

    /** k-diffusion's defaults. */
    public static final PidStepControl K_DIFFUSION = new PidStepControl(PidCoefficients.INTEGRAL, 0.81);

    /** Offset that keeps the inverse error finite. */
    private static final double EPS = 1e-8;
    /** The loop stops this close (in lambda) to the end. */
    private static final double LAMBDA_TOL = 1e-5;

    /** Validates. */
    public PidStepControl {
        Checks.requireNonNull(coefficients, "coefficients");
        Checks.requireInRange(acceptSafety, Double.MIN_VALUE, 1.0, "acceptSafety");
    }

    /**
     * A controller from its four numbers.
     *
     * @param pcoeff proportional coefficient P, {@code >= 0}
     * @param icoeff integral coefficient I, {@code >= 0}
     * @param dcoeff derivative coefficient D, {@code >= 0}
     * @param acceptSafety smallest factor that accepts a step, in (0, 1]
     */
    public PidStepControl(double pcoeff, double icoeff, double dcoeff, double acceptSafety) {
        this(new PidCoefficients(pcoeff, icoeff, dcoeff), acceptSafety);
    }

    /** RMS over the whole batch (k-diffusion), not the worst sample. */
    @Override
    public double norm(double[] rowMeanSquares, int rows) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += rowMeanSquares[r];
        }
        return Math.sqrt(sum / rows);
    }

    @Override
    public Control start(double sStart, double sEnd, double tEnd, double errorOrder) {
        return new Run(sEnd, errorOrder);
    }

    /** The step and the inverse-error history of one run. */
    private final class Run extends StepState {
        private final double[] inverseErrors = new double[3];
        private final double lambdaEnd;
        private final double order;
        private boolean first = true;

        Run(double lambdaEnd, double order) {
            this.lambdaEnd = lambdaEnd;
            this.order = order;
        }

        @Override
        public boolean finished(double lambdaS, double tS) {
            return !(lambdaS < lambdaEnd - LAMBDA_TOL);
        }

        @Override
        public double target(double lambdaS) {
            return Math.min(lambdaEnd, lambdaS + h);
        }

        @Override
        public boolean judge(double error, double used) {
            double inverse = 1 / (error + EPS);
            if (first) {
                inverseErrors[1] = inverse;
                inverseErrors[2] = inverse;
                first = false;
            }
            inverseErrors[0] = inverse;
            double f = coefficients.factor(1.0, inverseErrors[0], inverseErrors[1], inverseErrors[2], order);
            double factor = 1 + Math.atan(f - 1);
            boolean accept = factor >= acceptSafety;
            if (accept) {
                inverseErrors[2] = inverseErrors[1];
                inverseErrors[1] = inverseErrors[0];
            }
            h *= factor;
            return accept;
        }
    }
}
