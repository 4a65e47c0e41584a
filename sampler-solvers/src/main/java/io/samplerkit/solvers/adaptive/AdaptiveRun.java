package io.samplerkit.solvers.adaptive;

import io.samplerkit.core.Checks;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.RejectedStep;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.StepObserver;

/**
 * The one loop of every adaptive solver: attempts from the current position to the controller's target until
 * one is accepted, with the checks and reports written once. Per attempt:
 * <pre>
 *   target = limitTarget(s, control.target(s))          (a solver may stop at known jumps)
 *   stop with STEP_SIZE_UNDERFLOW if |target - s| &lt; 1e-14 span or the time does not move towards the end
 *   stop with TOO_MANY_EVALUATIONS if the attempt would exceed the model-call budget
 *   s'     = control.acceptedPosition(target, position(t(target)))   (target itself, or recomputed from time)
 *   error  = attempt(x, s, s')                        (the solver's embedded pair)
 *   accept: s = s', commit, control.adapt(s)
 *   reject: count it, tell StepObserver.onRejected, control.adapt(s), try again
 * </pre>
 * Subclasses supply the solver's step ({@link #attempt}, {@link #commit}), the first step ({@link #begin})
 * and the map between position and time. Not thread-safe; one run.
 */
public abstract class AdaptiveRun implements SolverRun {

    /** Smallest step, relative to the span of the integration variable. */
    public static final double MIN_RELATIVE_STEP = 1e-14;

    /** The run's context. */
    protected final SolverContext context;
    private final StepSizeController.Control control;
    private final double sEnd;
    private final double tStart;
    private final double tEnd;
    private final double minStep;
    private final int maxModelCalls;
    private double s;
    private double t;
    private boolean started;
    private int accepted;
    private int rejected;

    /**
     * @param context the run's context
     * @param controller the step-size policy
     * @param sStart first position (e.g. {@code lambda(t_start)})
     * @param sEnd last position
     * @param errorOrder exponent denominator of the step update
     * @param maxModelCalls model-call budget
     */
    protected AdaptiveRun(SolverContext context, StepSizeController controller, double sStart, double sEnd,
            double errorOrder, int maxModelCalls) {
        this.context = context;
        this.tStart = context.problem().tStart();
        this.tEnd = context.problem().tEnd();
        this.control = controller.start(sStart, sEnd, tEnd, errorOrder);
        this.sEnd = sEnd;
        this.minStep = MIN_RELATIVE_STEP * Math.max(Math.abs(sEnd - sStart), Math.max(Math.abs(sStart),
                Math.abs(sEnd)));
        this.maxModelCalls = maxModelCalls;
        this.s = sStart;
        this.t = tStart;
    }

    /**
     * First call: state set up from {@code x}; returns the first signed step (may evaluate the model).
     *
     * @param x the initial state. Not modified.
     * @return the first step in the integration variable
     */
    protected abstract double begin(Batch x);

    /**
     * Computes the embedded pair for an attempt and returns its error norm.
     *
     * @param x current state. Not modified.
     * @param s current position
     * @param t current time
     * @param target end of the attempt (as {@link StepSizeController.Control#acceptedPosition} settles it)
     * @param tTarget its time
     * @return the error norm (compared with 1 by the controller)
     */
    protected abstract double attempt(Batch x, double s, double t, double target, double tTarget);

    /**
     * Moves {@code x} to the accepted attempt's solution.
     *
     * @param x the state. Modified.
     */
    protected abstract void commit(Batch x);

    /**
     * @param position a position strictly between the ends
     * @return its time
     */
    protected abstract double timeOf(double position);

    /**
     * @param time a time
     * @return its position
     */
    protected abstract double positionOf(double time);

    /**
     * The end of the next attempt, given the controller's: the default keeps it. A solver whose right-hand side
     * jumps at known positions returns the next jump instead when the controller's target lies beyond it.
     *
     * @param s current position
     * @param target the controller's target
     * @return the attempt's end, between {@code s} and {@code target}
     */
    protected double limitTarget(double s, double target) {
        return target;
    }

    /** @return model calls one attempt makes */
    protected abstract int callsPerAttempt();

    /** @return the solver's name for error messages */
    protected String solverName() {
        return context.solverName();
    }

    @Override
    public final boolean done() {
        return control.finished(s, t);
    }

    @Override
    public final double time() {
        return t;
    }

    @Override
    public final int rejectedSteps() {
        return rejected;
    }

    @Override
    public final void step(Batch x) {
        if (!started) {
            control.setStep(begin(x));
            started = true;
        }
        while (true) {
            double target = limitTarget(s, control.target(s));
            double tTarget = target == sEnd ? tEnd : timeOf(target);
            if (!(Math.abs(target - s) >= minStep) || !((tTarget - t) * (tEnd - tStart) > 0)) {
                throw new SamplingException(SamplingException.Kind.STEP_SIZE_UNDERFLOW, solverName(), context.step(),
                        t, -1, Checks.format("step %s from position %s (time %s, controller step %s) is below %s "
                                + "after %d rejected attempts", target - s, s, t, control.step(), minStep, rejected));
            }
            if (context.modelCalls() + callsPerAttempt() > maxModelCalls) {
                throw new SamplingException(SamplingException.Kind.TOO_MANY_EVALUATIONS, solverName(),
                        context.step(), t, -1, Checks.format("the next attempt would exceed max-model-calls=%d "
                                + "(%d used, %d rejected attempts)", maxModelCalls, context.modelCalls(), rejected));
            }
            double settled = control.acceptedPosition(target, target == sEnd ? sEnd : positionOf(tTarget));
            double error = attempt(x, s, t, settled, tTarget);
            if (control.judge(error, target - s)) {
                commit(x);
                s = settled;
                t = tTarget;
                accepted++;
                control.adapt(s);
                return;
            }
            rejected++;
            StepObserver observer = context.problem().observer();
            if (observer != StepObserver.NONE) {
                // built only for an observer, as the driver builds its StepInfo: no allocation per rejection
                observer.onRejected(new RejectedStep(accepted, t, tTarget, error, context.modelCalls()));
            }
            control.adapt(s);
        }
    }
}
