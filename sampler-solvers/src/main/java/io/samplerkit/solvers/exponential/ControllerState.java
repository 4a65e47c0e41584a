package io.samplerkit.solvers.exponential;

import io.samplerkit.core.schedule.NoiseSchedule;

/**
 * What every {@link AdaptiveStepControl.Controller} of a run keeps: the schedule, the end point (as a
 * time and as {@code lambda}), the order of the higher solution and the current step {@code h} in
 * {@code lambda}. The two controllers differ in everything they do with it.
 *
 * <p>Not thread-safe; one run.
 */
abstract class ControllerState implements AdaptiveStepControl.Controller {

    /** The run's schedule. */
    protected final NoiseSchedule schedule;
    /** Last time. */
    protected final double tEnd;
    /** {@code lambda(tEnd)}. */
    protected final double lambdaEnd;
    /** Order of the higher solution. */
    protected final int order;
    /** Current step in {@code lambda}. */
    protected double h;

    /**
     * @param initialStep first step in lambda
     * @param order order of the higher solution
     * @param schedule the run's schedule
     * @param tEnd last time
     */
    ControllerState(double initialStep, int order, NoiseSchedule schedule, double tEnd) {
        this.h = initialStep;
        this.order = order;
        this.schedule = schedule;
        this.tEnd = tEnd;
        this.lambdaEnd = schedule.lambda(tEnd);
    }

    @Override
    public final double h() {
        return h;
    }
}
