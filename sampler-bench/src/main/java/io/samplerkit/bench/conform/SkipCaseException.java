package io.samplerkit.bench.conform;

/**
 * Thrown by a translator for a case it cannot run here (e.g. its solver belongs to a later issue);
 * the runner reports the case as SKIP with this reason.
 */
public final class SkipCaseException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the case is skipped
     */
    public SkipCaseException(String reason) {
        super(reason);
    }
}
