package io.samplerkit.bench.report;

/**
 * The measured accuracy of a computed ground truth ({@link ReferenceSpec}): the RMSE and largest difference between
 * the reference solution and the same solver's solution with half the steps, and the sample quality of the
 * reference itself (the limit every sampler approaches as NFE grows) next to the quality of exact data.
 *
 * @param problem problem id
 * @param reference {@code solver@grid} of the reference
 * @param steps steps of the reference solution
 * @param nfe model evaluations it used
 * @param selfConsistency RMSE between the solutions at {@code steps} and {@code steps / 2}
 * @param maxDifference largest absolute difference between them
 * @param tolerance the accepted bound on {@code selfConsistency}
 * @param quality quality measure of the reference solution (NaN when the problem has none)
 * @param coverage classes or modes the reference solution covers (0 when none)
 * @param baseline quality measure of exact data of the same size (NaN when not available)
 */
public record ReferenceCheck(String problem, String reference, int steps, int nfe, double selfConsistency,
        double maxDifference, double tolerance, double quality, int coverage, double baseline) {
}
