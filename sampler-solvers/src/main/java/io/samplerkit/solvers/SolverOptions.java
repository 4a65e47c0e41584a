package io.samplerkit.solvers;

import io.samplerkit.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Untyped option values (from the CLI, a JSON spec or a conformance case), read through the typed
 * {@link Option} constants the solver declares. {@link #requireAllUsed(String)} rejects options the solver
 * does not know.
 *
 * <p>Not thread-safe (records which keys were read); used while building one solver.
 */
public final class SolverOptions {

    private final Map<String, Object> values;
    private final Set<String> used = new TreeSet<>();

    private SolverOptions(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * @param values name to value (String, Number, Boolean or List); copied
     * @return the options
     */
    public static SolverOptions of(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(normalizeKey(k), v));
        return new SolverOptions(copy);
    }

    /** @return no options */
    public static SolverOptions empty() {
        return new SolverOptions(new LinkedHashMap<>());
    }

    /**
     * Parses {@code key=value,key=value}.
     *
     * @param text options text; empty for none
     * @return the options
     * @throws InvalidInputException (path {@code options}) for a part without {@code =}
     */
    public static SolverOptions parse(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidInputException("options", part, "key=value");
                }
                m.put(normalizeKey(part.substring(0, eq).trim()), part.substring(eq + 1).trim());
            }
        }
        return new SolverOptions(m);
    }

    private static String normalizeKey(String k) {
        return k.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return an unmodifiable view of the raw values */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * @param option option
     * @return whether a value was given for it
     */
    public boolean has(Option<?> option) {
        return values.containsKey(option.name());
    }

    /**
     * Reads an option (its default when absent) and marks it as known.
     *
     * @param option the option
     * @param <T> value type
     * @return the value
     * @throws InvalidInputException with path {@code options.<name>} when the value is not allowed
     */
    public <T> T get(Option<T> option) {
        used.add(option.name());
        return option.read(values.get(option.name()));
    }

    /**
     * Rejects options that no {@link #get} asked for.
     *
     * @param solver solver name, for the message
     * @throws InvalidInputException with path {@code options.<name>} listing the accepted names
     */
    public void requireAllUsed(String solver) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!used.contains(e.getKey())) {
                throw new InvalidInputException("options." + e.getKey(), e.getValue(), "an option of solver " + solver
                        + " (" + (used.isEmpty() ? "it has no options" : "one of " + String.join(", ", used)) + ")");
            }
        }
    }
}
