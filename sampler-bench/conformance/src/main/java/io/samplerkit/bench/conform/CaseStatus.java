package io.samplerkit.bench.conform;

/** Outcome of one conformance case. */
public enum CaseStatus {
    /** Within tolerance of {@code expected} and with the reference's NFE. */
    PASS,
    /** Outside tolerance, a different NFE, or an exception while running. */
    FAIL,
    /** Not run; see {@link CaseResult#skipKind()} and the reason. */
    SKIP,
    /** Run but not judged: the case has no {@code expected}. */
    RUN
}
