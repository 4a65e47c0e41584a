package io.samplerkit.bench.conform;

/** Outcome of one conformance case. */
public enum CaseStatus {
    /** Within tolerance of {@code expected} and with the reference's NFE. */
    PASS,
    /** Outside tolerance, a different NFE, or an exception while running. */
    FAIL,
    /** Not run; see {@link CaseResult#skipKind()} and the reason. A failure unless skips are allowed. */
    SKIP,
    /**
     * The case cannot be judged: no or a non-finite {@code expected}, a missing or invalid {@code nfe}, no
     * {@code schedule}. Always a failure.
     */
    ERROR,
    /** The case file cannot be read as a JSON object (empty, {@code null}, malformed). An input error. */
    UNREADABLE
}
