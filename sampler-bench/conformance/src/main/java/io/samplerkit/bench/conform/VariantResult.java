package io.samplerkit.bench.conform;

import io.samplerkit.core.Checks;

/**
 * The outcome of one convergence variant ({@link ConvergenceRunner}).
 *
 * @param id the base case id
 * @param label the varied value as text ({@link ConvergencePoint#label()})
 * @param status PASS, FAIL or SKIP
 * @param error our {@code ||ours - exact||_F}, NaN when not run
 * @param referenceError the reference's, from the convergence check
 * @param difference {@code |error - referenceError|}, NaN when not run
 * @param tolerance the bound {@code difference} was held to, NaN when not run
 * @param nfe our model evaluations, -1 when not run
 * @param referenceNfe the reference's
 * @param reason why the variant failed or was skipped, null for PASS
 * @param skipKind the kind of skip, null unless SKIP
 * @param note the translator's mapping note, empty when not prepared
 */
public record VariantResult(String id, String label, CaseStatus status, double error, double referenceError,
        double difference, double tolerance, int nfe, int referenceNfe, String reason, SkipKind skipKind,
        String note) {

    /**
     * The line {@code conform --convergence} prints: {@code STATUS <id>@<value> <|err - ref|> <nfe>},
     * then the reason for FAIL and SKIP; {@code -} stands for a value that was not computed.
     *
     * @return one line, no line break
     */
    public String line() {
        StringBuilder sb = new StringBuilder();
        sb.append(status).append(' ').append(id).append('@').append(label).append(' ')
                .append(Double.isNaN(difference) ? "-" : Checks.format("%.3e", difference)).append(' ')
                .append(nfe < 0 ? "-" : Integer.toString(nfe));
        if (reason != null && !reason.isEmpty()) {
            sb.append(' ').append(reason);
        }
        return sb.toString();
    }
}
