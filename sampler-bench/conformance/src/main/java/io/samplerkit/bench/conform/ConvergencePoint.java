package io.samplerkit.bench.conform;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a case's {@code convergence_check} (FORMAT.md): the value of the varied option and
 * what the reference measured when it re-ran the case with it.
 *
 * @param index position in {@code values}
 * @param value the step count, or {@code [rtol, atol]} for adaptive solvers
 * @param label the value as text: {@code "20"} or {@code "rtol=0.01,atol=0.00156"}
 * @param referenceNfe the reference's model evaluations ({@code nfe[index]})
 * @param referenceError the reference's {@code ||output - exact||_F} ({@code reference_errors[index]})
 */
public record ConvergencePoint(int index, JsonNode value, String label, int referenceNfe, double referenceError) {
}
