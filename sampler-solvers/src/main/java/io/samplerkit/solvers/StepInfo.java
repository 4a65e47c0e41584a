package io.samplerkit.solvers;

import io.samplerkit.core.state.BatchView;

/**
 * What an observer sees after each (outer) step.
 *
 * @param index step index, 0-based
 * @param t time before the step
 * @param tNext time after the step ({@code NaN} at a zero-noise end point)
 * @param x state after the step; valid only during the callback, do not keep a reference
 * @param modelCalls model evaluations so far
 */
public record StepInfo(int index, double t, double tNext, BatchView x, int modelCalls) {
}
