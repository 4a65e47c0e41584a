package io.samplerkit.bench.spec;

import io.samplerkit.core.InvalidInputException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the argument checks of core constructors ({@code IllegalArgumentException} with a message
 * {@code "<field> must be <allowed>, got <value>"}, see {@code io.samplerkit.core.Checks}) into
 * {@link InvalidInputException}s on the JSON path of the object being built.
 */
public final class InputErrors {

    private static final Pattern CHECK = Pattern.compile("(?s)([A-Za-z][\\w.\\[\\]]*) must (?:be )?(.*?), got (.*)");

    /** Longest "allowed" text kept from a free-form message. */
    private static final int MAX_ALLOWED_CHARS = 200;

    private InputErrors() {
    }

    /**
     * Runs a construction that validates its arguments.
     *
     * @param path JSON path of the object built ({@code ""} for the root)
     * @param build the construction
     * @param <T> type built
     * @return the object
     * @throws InvalidInputException on {@code path} (or a field below it) if the construction rejects its arguments
     */
    public static <T> T at(String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw adapt(e, path);
        }
    }

    /**
     * @param e a rejected argument
     * @param path JSON path of the object whose construction failed
     * @return the structured error, its path grown by the field the message names
     */
    public static InvalidInputException adapt(IllegalArgumentException e, String path) {
        if (e instanceof InvalidInputException iie) {
            return iie.under(path);
        }
        String m = String.valueOf(e.getMessage());
        Matcher c = CHECK.matcher(m);
        InvalidInputException local;
        if (c.matches()) {
            local = new InvalidInputException(c.group(1), c.group(3), cap(c.group(2)));
        } else {
            local = new InvalidInputException("", "(as given)", "valid: " + cap(m));
        }
        InvalidInputException out = local.under(path);
        out.addSuppressed(e);
        return out;
    }

    /**
     * @param text any text
     * @return the text cut to a short length
     */
    static String cap(String text) {
        return text.length() <= MAX_ALLOWED_CHARS ? text : text.substring(0, MAX_ALLOWED_CHARS) + "...";
    }
}
