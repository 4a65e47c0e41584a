package io.samplerkit.bench.conform;

/**
 * Thrown by a translator for a case it cannot run here; the runner reports the case as SKIP with
 * this reason and {@link #kind()}.
 *
 * <p>Use {@link #notImplemented(String)} when the solver (or schedule, grid, option) the case needs
 * is not implemented or registered yet: only those skips are tolerated by the test suite. The
 * one-argument constructor and {@link #unsupported(String)} give {@link SkipKind#UNSUPPORTED},
 * which fails the suite.
 */
public final class SkipCaseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SkipKind kind;

    /**
     * An {@link SkipKind#UNSUPPORTED} skip.
     *
     * @param reason why the case is skipped
     */
    public SkipCaseException(String reason) {
        this(SkipKind.UNSUPPORTED, reason);
    }

    /**
     * @param kind the kind of skip
     * @param reason why the case is skipped
     */
    public SkipCaseException(SkipKind kind, String reason) {
        super(reason);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param reason what is missing, e.g. {@code "solver dpmpp-2m is not registered yet"}
     * @return a {@link SkipKind#NOT_IMPLEMENTED} skip
     */
    public static SkipCaseException notImplemented(String reason) {
        return new SkipCaseException(SkipKind.NOT_IMPLEMENTED, reason);
    }

    /**
     * @param reason which feature of the case is not reproduced, and why
     * @return a {@link SkipKind#UNSUPPORTED} skip
     */
    public static SkipCaseException unsupported(String reason) {
        return new SkipCaseException(SkipKind.UNSUPPORTED, reason);
    }

    /** @return the kind of skip */
    public SkipKind kind() {
        return kind;
    }
}
