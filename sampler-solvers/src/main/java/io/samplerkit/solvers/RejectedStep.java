package io.samplerkit.solvers;

/**
 * What an observer sees when an adaptive solver rejects a step attempt (the state is unchanged and the
 * attempt is retried with a smaller step).
 *
 * @param index index of the step being attempted (the number of accepted steps so far)
 * @param t time of the current state
 * @param tAttempted time the rejected attempt tried to reach
 * @param error scaled error norm of the attempt ({@code >= 1}, or NaN)
 * @param modelCalls model evaluations so far
 */
public record RejectedStep(int index, double t, double tAttempted, double error, int modelCalls) {
}
