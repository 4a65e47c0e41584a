package io.samplerkit.bench.conform;

import io.samplerkit.core.Checks;
import java.nio.file.Path;

/**
 * The outcome of one conformance case.
 *
 * @param id case id (the file name when the file could not be read)
 * @param file case file
 * @param status outcome
 * @param maxAbsError {@code max |ours - expected|}, NaN when not judged
 * @param tolerance the bound {@code maxAbsError} was held to, NaN when not judged
 * @param nfe our number of model evaluations, -1 when not run
 * @param referenceNfe the reference's, -1 when unknown
 * @param output our final state in the reference's coordinates ({@code [batch][d]}), null when not run
 * @param reason why a case failed or was skipped, null for PASS and RUN
 * @param skipKind the kind of skip, null unless SKIP
 * @param note the translator's one-line mapping note, empty when there is none
 */
public record CaseResult(String id, Path file, CaseStatus status, double maxAbsError, double tolerance, int nfe,
        int referenceNfe, double[][] output, String reason, SkipKind skipKind, String note) {

    /** Longest reason {@link #line} prints on one line (a reason quoting a whole input value is cut there). */
    static final int MAX_REASON_CHARS = 300;

    /**
     * The line {@code conform} prints: {@code STATUS <id> <max-abs-err> <nfe>}, then the reason for
     * FAIL and SKIP (on one line, at most {@value #MAX_REASON_CHARS} characters of it); {@code -} stands for a value
     * that was not computed.
     *
     * @return one line, no line break
     */
    public String line() {
        StringBuilder sb = new StringBuilder();
        sb.append(status).append(' ').append(id).append(' ')
                .append(Double.isNaN(maxAbsError) ? "-" : Checks.format("%.3e", maxAbsError)).append(' ')
                .append(nfe < 0 ? "-" : Integer.toString(nfe));
        if (reason != null && !reason.isEmpty()) {
            String r = reason.replaceAll("\\s*\\R\\s*", " ");
            sb.append(' ').append(r.length() <= MAX_REASON_CHARS ? r
                    : r.substring(0, MAX_REASON_CHARS) + "... (" + r.length() + " chars)");
        }
        return sb.toString();
    }
}
