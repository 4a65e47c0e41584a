package io.samplerkit.solvers.adaptive;

import io.samplerkit.core.Checks;

/**
 * Step-size controller for embedded Runge–Kutta pairs: the PID rule of Söderlind ("Digital filters in
 * adaptive time-stepping", ACM TOMS 29(1), 2003) in the form diffrax's {@code PIDController} uses.
 * With {@code err_n} the scaled error norm of attempt {@code n} ({@code < 1} means accept),
 * {@code inv_n = 1/err_n} and {@code k} the order of the error estimate (embedded order + 1):
 * <pre>
 *   factor = safety * inv_n^((P + I + D)/k) * inv_{n-1}^(-(P + 2D)/k) * inv_{n-2}^(D/k)   ({@link PidCoefficients}),
 *   clipped to [1, factorMax] after an accepted step and to [factorMin, safety] after a rejected one,
 *   h_next = factor * h.
 * </pre>
 * {@code inv_{n-1}, inv_{n-2}} are those of the previous <em>accepted</em> steps (1 before there are
 * any). {@link PidCoefficients#INTEGRAL} is the classical integral controller
 * {@code h_next = safety * h * err^(-1/k)} (Hairer, Nørsett and Wanner, "Solving ODEs I", eq. II.4.13);
 * diffrax suggests PI settings such as {@code (P, I) = (0.4, 0.3)}. An error of 0 gives
 * {@code factorMax}; a non-finite error gives {@code factorMin} and leaves the history unchanged.
 *
 * As a {@link StepSizeController}: the target is {@code s + h} clipped to the end, an attempt is accepted iff
 * {@code err < 1}, the next step is {@code factor * (target - s)}, and the run ends exactly at the end point.
 *
 * <p>Immutable and thread-safe; the history lives in the run's {@link StepSizeController.Control}.
 *
 * @param coefficients the PID gains
 * @param safety safety factor in (0, 1]
 * @param factorMin smallest factor after a rejection, in (0, safety]
 * @param factorMax largest factor after an acceptance, {@code >= 1}
 */
public record PidController(PidCoefficients coefficients, double safety, double factorMin, double factorMax)
        implements StepSizeController {

    /** diffrax's defaults: the I controller with safety 0.9 and factors in [0.2, 10]. */
    public static final PidController DEFAULT = new PidController(PidCoefficients.INTEGRAL, 0.9, 0.2, 10);

    /** Validates. */
    public PidController {
        Checks.requireNonNull(coefficients, "coefficients");
        Checks.requireInRange(safety, Double.MIN_VALUE, 1.0, "safety");
        Checks.requireInRange(factorMin, Double.MIN_VALUE, safety, "factorMin");
        Checks.requireInRange(factorMax, 1.0, Double.MAX_VALUE, "factorMax");
    }

    /**
     * A controller from its six numbers.
     *
     * @param pcoeff proportional coefficient {@code P >= 0}
     * @param icoeff integral coefficient {@code I >= 0}
     * @param dcoeff derivative coefficient {@code D >= 0}
     * @param safety safety factor in (0, 1]
     * @param factorMin smallest factor after a rejection, in (0, safety]
     * @param factorMax largest factor after an acceptance, {@code >= 1}
     */
    public PidController(double pcoeff, double icoeff, double dcoeff, double safety, double factorMin,
            double factorMax) {
        this(new PidCoefficients(pcoeff, icoeff, dcoeff), safety, factorMin, factorMax);
    }

    /**
     * The step-size factor after an attempt.
     *
     * @param accepted whether the attempt was accepted ({@code error < 1})
     * @param error scaled error norm of the attempt, {@code >= 0} (NaN or infinite counts as a failure)
     * @param invPrevious {@code 1/err} of the last accepted step (1 if none)
     * @param invPrevious2 {@code 1/err} of the accepted step before it (1 if none)
     * @param errorOrder order {@code k} of the local error estimate
     * @return {@code h_next / h}
     */
    public double factor(boolean accepted, double error, double invPrevious, double invPrevious2, double errorOrder) {
        if (!(error < Double.POSITIVE_INFINITY)) {
            return factorMin;
        }
        double f = coefficients.factor(safety, 1.0 / error, invPrevious, invPrevious2, errorOrder);
        double lo = accepted ? 1.0 : factorMin;
        double hi = accepted ? factorMax : safety;
        return Math.min(hi, Math.max(lo, f));
    }

    /**
     * The {@code 1/err} to remember for an accepted step (diffrax replaces 0 and infinity by 1 so that
     * a single exact or failed step does not bias the next ones).
     *
     * @param error scaled error norm of the accepted step
     * @return the value for the history
     */
    public static double historyValue(double error) {
        double inv = 1.0 / error;
        return inv > 0 && inv < Double.POSITIVE_INFINITY ? inv : 1.0;
    }

    @Override
    public Control start(double sStart, double sEnd, double tEnd, double errorOrder) {
        return new Run(Math.signum(sEnd - sStart), sEnd, errorOrder);
    }

    /** The step and the two previous accepted inverse errors of one run. */
    private final class Run extends StepState {
        private final double direction;
        private final double sEnd;
        private final double errorOrder;
        private double invPrevious = 1.0;
        private double invPrevious2 = 1.0;

        Run(double direction, double sEnd, double errorOrder) {
            this.direction = direction;
            this.sEnd = sEnd;
            this.errorOrder = errorOrder;
        }

        @Override
        public boolean finished(double s, double t) {
            return s == sEnd;
        }

        @Override
        public double target(double s) {
            return direction * (s + h - sEnd) >= 0 ? sEnd : s + h;
        }

        @Override
        public boolean judge(double error, double used) {
            boolean accept = error < 1;
            h = used * factor(accept, error, invPrevious, invPrevious2, errorOrder);
            if (accept) {
                invPrevious2 = invPrevious;
                invPrevious = historyValue(error);
            }
            return accept;
        }
    }
}
