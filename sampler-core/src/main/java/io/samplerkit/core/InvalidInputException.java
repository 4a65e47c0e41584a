package io.samplerkit.core;

import java.util.Objects;

/**
 * Bad input, as structured data: the path of the offending field ({@code solver.options.eta}), the value that was given
 * (rendered and capped, so a huge value never produces a huge message) and what is allowed ({@code [0.0, 1.0]}).
 * The message is rendered from the three parts as {@code "<path> must be <allowed>, got <value>"}; tests assert the
 * parts, not the wording.
 *
 * <p>Code that reads a nested object rethrows with {@link #under(String)} so the path grows outward
 * ({@code eta} becomes {@code options.eta}, then {@code solver.options.eta}).
 *
 * <p>Immutable.
 */
public final class InvalidInputException extends IllegalArgumentException {

    /** Longest rendering of a value kept in a message; longer values are cut and their length is appended. */
    public static final int MAX_VALUE_CHARS = 80;

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String value;
    private final String allowed;

    /**
     * @param path dotted path of the offending field, e.g. {@code grid.steps}; empty for the input as a whole
     * @param value the value that was given (any object; rendered with {@link #render(Object)})
     * @param allowed what is allowed, phrased to follow "must be", e.g. {@code "in [1, 3]"} or {@code "one of [a, b]"}
     */
    public InvalidInputException(String path, Object value, String allowed) {
        this(path, render(value), allowed, true);
    }

    private InvalidInputException(String path, String renderedValue, String allowed, boolean rendered) {
        super(message(path, renderedValue, allowed));
        this.path = Objects.requireNonNull(path, "path");
        this.value = renderedValue;
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    /** @return the dotted path of the offending field ({@code ""} for the whole input) */
    public String path() {
        return path;
    }

    /** @return the value as rendered in the message (at most {@link #MAX_VALUE_CHARS} characters plus a length note) */
    public String value() {
        return value;
    }

    /** @return what is allowed, phrased to follow "must be" */
    public String allowed() {
        return allowed;
    }

    /**
     * The same error one level further out: {@code under("solver")} turns path {@code options.eta} into
     * {@code solver.options.eta} (array indices such as {@code [2]} are joined without a dot).
     *
     * @param parent the enclosing field's path
     * @return a new exception with the longer path, this one as its cause
     */
    public InvalidInputException under(String parent) {
        String joined;
        if (parent == null || parent.isEmpty()) {
            joined = path;
        } else if (path.isEmpty()) {
            joined = parent;
        } else if (path.startsWith("[")) {
            joined = parent + path;
        } else {
            joined = parent + "." + path;
        }
        InvalidInputException outer = new InvalidInputException(joined, value, allowed, true);
        outer.initCause(this);
        return outer;
    }

    /**
     * Renders a value for a message: {@code String.valueOf}, cut to {@link #MAX_VALUE_CHARS} characters with
     * {@code "... (N chars)"} appended when longer.
     *
     * @param value any value, may be null
     * @return the capped rendering
     */
    public static String render(Object value) {
        String text = value instanceof double[] ? java.util.Arrays.toString((double[]) value) : String.valueOf(value);
        if (text.length() <= MAX_VALUE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_VALUE_CHARS) + "... (" + text.length() + " chars)";
    }

    private static String message(String path, String value, String allowed) {
        String subject = path == null || path.isEmpty() ? "input" : path;
        return subject + " must be " + allowed + ", got " + value;
    }
}
