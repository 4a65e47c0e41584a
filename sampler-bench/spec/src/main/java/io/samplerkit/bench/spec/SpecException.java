package io.samplerkit.bench.spec;

/**
 * A bad run specification: the message names the JSON field path, the value and what is allowed,
 * e.g. {@code solver.options.order must be in [1, 3], got 5}.
 */
public final class SpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path dotted path of the offending field, e.g. {@code grid.steps}
     * @param message full message (starting with the path)
     */
    public SpecException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** @return the dotted path of the offending field */
    public String path() {
        return path;
    }
}
