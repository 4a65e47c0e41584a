package io.samplerkit.solvers;

import io.samplerkit.core.state.Batch;
import java.util.List;

/**
 * Outcome of one run.
 *
 * @param x final state
 * @param modelCalls number of model evaluations (NFE): calls of the problem's {@code DiffusionModel}
 * @param networkEvaluations network evaluations those calls cost: {@code modelCalls} times the model's
 *     {@code networkEvaluationsPerCall()}, so twice the NFE under classifier-free guidance
 * @param times times of the states visited, first to last (accepted steps only)
 * @param rejectedSteps rejected attempts (adaptive solvers; 0 otherwise)
 * @param trajectory states after each step, {@code [step][row][col]}, first entry the initial
 *     state; empty unless the problem asked for it
 */
public record SamplingResult(Batch x, int modelCalls, long networkEvaluations, double[] times, int rejectedSteps,
        List<double[][]> trajectory) {

    /** @return number of accepted steps */
    public int steps() {
        return times.length - 1;
    }
}
