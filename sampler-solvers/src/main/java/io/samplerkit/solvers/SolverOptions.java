package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Untyped option values (from the CLI, a JSON spec or a conformance case) read through typed
 * getters with defaults. Every failure names the solver, option, value and what is allowed, and
 * {@link #requireAllUsed(String)} rejects options the solver does not know.
 *
 * <p>Not thread-safe (records which keys were read); used while building one solver.
 */
public final class SolverOptions {

    private final Map<String, Object> values;
    private final java.util.Set<String> used = new TreeSet<>();

    private SolverOptions(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * @param values name to value (String, Number or Boolean); copied
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
     */
    public static SolverOptions parse(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option must be key=value, got '" + part + "'");
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
     * @param name option
     * @return whether the option was given
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * @param name option
     * @param def default
     * @param lo smallest allowed
     * @param hi largest allowed
     * @return the value
     */
    public int getInt(String name, int def, int lo, int hi) {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = v instanceof Number num ? Math.toIntExact(Math.round(num.doubleValue())) : Integer.parseInt(v.toString());
            if (v instanceof Number num && num.doubleValue() != n) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(Checks.format("option %s must be an integer in [%d, %d], got '%s'",
                    name, lo, hi, v));
        }
        return Checks.requireInRange(n, lo, hi, "option " + name);
    }

    /**
     * @param name option
     * @param def default
     * @param lo smallest allowed
     * @param hi largest allowed
     * @return the value
     */
    public double getDouble(String name, double def, double lo, double hi) {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        double d;
        try {
            d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Checks.format("option %s must be a number in [%s, %s], got '%s'",
                    name, lo, hi, v));
        }
        return Checks.requireInRange(d, lo, hi, "option " + name);
    }

    /**
     * A list of integers: a JSON array, or text with the values separated by {@code ;}, {@code |} or
     * blanks (the {@code key=value,...} syntax reserves the comma), e.g. {@code disable-corrector=0;3}.
     *
     * @param name option
     * @param lo smallest allowed element
     * @param hi largest allowed element
     * @return the values in the given order (empty when the option is absent or blank)
     */
    public List<Integer> getIntList(String name, int lo, int hi) {
        used.add(name);
        Object v = values.get(name);
        List<Integer> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<?> items = v instanceof List<?> list ? list : List.of(v.toString().trim().split("[;|\\s]+"));
        for (Object item : items) {
            String text = item.toString().trim();
            if (text.isEmpty()) {
                continue;
            }
            int n;
            try {
                n = item instanceof Number num ? Math.toIntExact(Math.round(num.doubleValue())) : Integer.parseInt(text);
                if (item instanceof Number num && num.doubleValue() != n) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(Checks.format(
                        "option %s must be a list of integers in [%d, %d] separated by ';', got '%s'", name, lo, hi, v));
            }
            out.add(Checks.requireInRange(n, lo, hi, "option " + name + " element"));
        }
        return out;
    }

    /**
     * @param name option
     * @param def default
     * @return the value
     */
    public boolean getBoolean(String name, boolean def) {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("option " + name + " must be true or false, got '" + v + "'");
    }

    /**
     * @param name option
     * @param def default
     * @param <E> enum type
     * @return the value
     */
    public <E extends Enum<E>> E getEnum(String name, E def) {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT).replace('_', '-');
        StringBuilder allowed = new StringBuilder();
        for (E e : def.getDeclaringClass().getEnumConstants()) {
            if (enumText(e).equals(s)) {
                return e;
            }
            allowed.append(allowed.length() > 0 ? "|" : "").append(enumText(e));
        }
        throw new IllegalArgumentException("option " + name + " must be one of " + allowed + ", got '" + v + "'");
    }

    /**
     * Rejects options that no getter asked for.
     *
     * @param solver solver name for the message
     */
    public void requireAllUsed(String solver) {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("solver " + solver + " has no option '" + k + "'; it accepts "
                        + (used.isEmpty() ? "no options" : String.join(", ", used)));
            }
        }
    }

    /**
     * Text form of an enum constant: lower case, '_' as '-'.
     *
     * @param e constant
     * @return e.g. {@code "time-uniform"}
     */
    public static String enumText(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
