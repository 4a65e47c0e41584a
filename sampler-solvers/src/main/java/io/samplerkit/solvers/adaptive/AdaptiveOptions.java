package io.samplerkit.solvers.adaptive;

import io.samplerkit.solvers.NumberRange;
import io.samplerkit.solvers.Option;

/**
 * The options of step-size-controlled solvers, declared once so that every adaptive entry uses the same
 * name for the same setting ({@code rtol}, {@code atol}, {@code initial-step}, {@code max-model-calls},
 * {@code safety} and the PID gains). An entry that needs another default takes
 * {@link Option#withDefault}; the reference codes' own names ({@code h_init}, {@code theta},
 * {@code max_evaluations}) are mapped onto these by the conformance translators.
 */
public final class AdaptiveOptions {

    /** Default model-call budget. */
    public static final int DEFAULT_MAX_MODEL_CALLS = 100_000;

    /** Relative tolerance. */
    public static final Option<Double> RTOL = Option.ofDouble("rtol", 1e-5, NumberRange.UNIT_OPEN_CLOSED,
            "relative tolerance");
    /** Absolute tolerance. */
    public static final Option<Double> ATOL = Option.ofDouble("atol", 1e-5, NumberRange.POSITIVE,
            "absolute tolerance on x");
    /** First step in lambda (no automatic choice). */
    public static final Option<Double> INITIAL_STEP_LAMBDA = Option.ofDouble("initial-step", 0.05,
            NumberRange.POSITIVE, "first step in lambda (official h_init; at most the whole span)");
    /** First step in the integration variable, 0 for the automatic choice. */
    public static final Option<Double> INITIAL_STEP_OR_AUTOMATIC = Option.ofDouble("initial-step", 0.0,
            NumberRange.NON_NEGATIVE, "first step in the integration variable (0 = automatic)");
    /** Model-call budget; the run stops with TOO_MANY_EVALUATIONS before an attempt would exceed it. */
    public static final Option<Integer> MAX_MODEL_CALLS = Option.ofInt("max-model-calls", DEFAULT_MAX_MODEL_CALLS, 1,
            Integer.MAX_VALUE, "model-call budget");
    /** Safety factor of the step update. */
    public static final Option<Double> SAFETY = Option.ofDouble("safety", 0.9, NumberRange.UNIT_OPEN_CLOSED,
            "safety factor of the step update (official theta)");
    /** Proportional gain. */
    public static final Option<Double> PCOEFF = Option.ofDouble("pcoeff", 0.0, NumberRange.NON_NEGATIVE,
            "PID controller: proportional coefficient");
    /** Integral gain. */
    public static final Option<Double> ICOEFF = Option.ofDouble("icoeff", 1.0, NumberRange.NON_NEGATIVE,
            "PID controller: integral coefficient");
    /** Derivative gain. */
    public static final Option<Double> DCOEFF = Option.ofDouble("dcoeff", 0.0, NumberRange.NON_NEGATIVE,
            "PID controller: derivative coefficient");
    /** Smallest shrink factor after a rejection. */
    public static final Option<Double> FACTOR_MIN = Option.ofDouble("factor-min", 0.2, NumberRange.UNIT_OPEN_CLOSED,
            "smallest step shrink factor after a rejection (at most safety)");
    /** Largest growth factor after an acceptance. */
    public static final Option<Double> FACTOR_MAX = Option.ofDouble("factor-max", 10.0, NumberRange.atLeast(1),
            "largest step growth factor after an acceptance");
    /** k-diffusion's acceptance threshold on the limited PID factor. */
    public static final Option<Double> ACCEPT_SAFETY = Option.ofDouble("accept-safety", 0.81,
            NumberRange.UNIT_OPEN_CLOSED, "smallest step factor accepted");

    private AdaptiveOptions() {
    }
}
