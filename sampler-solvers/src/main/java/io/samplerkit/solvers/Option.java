package io.samplerkit.solvers;

import io.samplerkit.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One option of a registered solver, declared once: name, type, default, what is allowed and a one-line
 * description. The same constant documents the option ({@code samplerkit list}, the solver docs) and reads
 * it ({@link SolverOptions#get}), so the allowed range cannot drift from the check. A value outside the
 * range fails with an {@link InvalidInputException} whose path is {@code options.<name>}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Option<T> {

    private final String name;
    private final String type;
    private final T defaultValue;
    private final String allowed;
    private final String description;
    private final Function<Object, T> reader;

    private Option(String name, String type, T defaultValue, String allowed, String description,
            Function<Object, T> reader) {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("option name must be kebab-case, got '" + name + "'");
        }
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.description = Objects.requireNonNull(description, "description");
        this.reader = reader;
    }

    /**
     * An integer option.
     *
     * @param name kebab-case name
     * @param defaultValue default, inside {@code [lo, hi]}
     * @param lo smallest allowed
     * @param hi largest allowed
     * @param description one line
     * @return the option
     */
    public static Option<Integer> ofInt(String name, int defaultValue, int lo, int hi, String description) {
        String range = "[" + lo + ", " + (hi == Integer.MAX_VALUE ? "2^31-1" : Integer.toString(hi)) + "]";
        String phrase = "an integer in " + range;
        Option<Integer> o = new Option<>(name, "int", defaultValue, range, description, raw -> {
            Integer n = integer(raw);
            if (n == null || n < lo || n > hi) {
                throw new InvalidInputException("options." + name, raw, phrase);
            }
            return n;
        });
        return o.checked();
    }

    /**
     * A real option.
     *
     * @param name kebab-case name
     * @param defaultValue default, inside {@code range}
     * @param range allowed values
     * @param description one line
     * @return the option
     */
    public static Option<Double> ofDouble(String name, double defaultValue, NumberRange range, String description) {
        String phrase = "a number in " + range;
        Option<Double> o = new Option<>(name, "double", defaultValue, range.toString(), description, raw -> {
            double d;
            try {
                d = raw instanceof Number num ? num.doubleValue() : Double.parseDouble(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("options." + name, raw, phrase);
            }
            if (!range.contains(d)) {
                throw new InvalidInputException("options." + name, raw, phrase);
            }
            return d;
        });
        return o.checked();
    }

    /**
     * A boolean option ({@code true} or {@code false}, any case).
     *
     * @param name kebab-case name
     * @param defaultValue default
     * @param description one line
     * @return the option
     */
    public static Option<Boolean> ofBoolean(String name, boolean defaultValue, String description) {
        return new Option<>(name, "boolean", defaultValue, "true|false", description, raw -> {
            if (raw instanceof Boolean b) {
                return b;
            }
            String s = raw.toString().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true");
            }
            throw new InvalidInputException("options." + name, raw, "true or false");
        });
    }

    /**
     * An enum option; values are matched case-insensitively with '-' and '_' alike ({@link #enumText}).
     *
     * @param name kebab-case name
     * @param defaultValue default constant (its class gives the choices)
     * @param description one line
     * @param <E> enum type
     * @return the option
     */
    public static <E extends Enum<E>> Option<E> ofEnum(String name, E defaultValue, String description) {
        List<String> texts = new ArrayList<>();
        E[] constants = defaultValue.getDeclaringClass().getEnumConstants();
        for (E e : constants) {
            texts.add(enumText(e));
        }
        String choices = String.join("|", texts);
        return new Option<>(name, "enum", defaultValue, choices, description, raw -> {
            String s = raw.toString().trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (E e : constants) {
                if (enumText(e).equals(s)) {
                    return e;
                }
            }
            throw new InvalidInputException("options." + name, raw, "one of " + choices);
        });
    }

    /**
     * A list of integers: a JSON array, or text with the values separated by {@code ;}, {@code |} or blanks
     * (the {@code key=value,...} syntax reserves the comma), e.g. {@code disable-corrector=0;3}. The default is
     * the empty list.
     *
     * @param name kebab-case name
     * @param lo smallest allowed element
     * @param hi largest allowed element
     * @param description one line
     * @return the option
     */
    public static Option<List<Integer>> ofIntList(String name, int lo, int hi, String description) {
        String range = "[" + lo + ", " + (hi == Integer.MAX_VALUE ? "2^31-1" : Integer.toString(hi)) + "]";
        String phrase = "a list of integers in " + range + " separated by ';'";
        return new Option<>(name, "int-list", List.of(), "integers in " + range + ", ';'-separated", description,
                raw -> {
                    List<?> items = raw instanceof List<?> list ? list : List.of(raw.toString().trim().split("[;|\\s]+"));
                    List<Integer> out = new ArrayList<>();
                    for (Object item : items) {
                        if (item.toString().trim().isEmpty()) {
                            continue;
                        }
                        Integer n = integer(item);
                        if (n == null || n < lo || n > hi) {
                            throw new InvalidInputException("options." + name, raw, phrase);
                        }
                        out.add(n);
                    }
                    return List.copyOf(out);
                });
    }

    /**
     * The same option with another default (e.g. an {@code order} whose default differs between entries).
     *
     * @param newDefault the default; must be allowed
     * @return a copy
     */
    public Option<T> withDefault(T newDefault) {
        return new Option<>(name, type, newDefault, allowed, description, reader).checked();
    }

    /**
     * The same option with another description.
     *
     * @param newDescription one line
     * @return a copy
     */
    public Option<T> withDescription(String newDescription) {
        return new Option<>(name, type, defaultValue, allowed, newDescription, reader);
    }

    /**
     * Reads a raw value (String, Number, Boolean or List as the CLI, a JSON spec or a conformance case
     * supply it).
     *
     * @param raw the value, or {@code null} for the default
     * @return the typed value
     * @throws InvalidInputException with path {@code options.<name>}, the value and what is allowed
     */
    public T read(Object raw) {
        return raw == null ? defaultValue : reader.apply(raw);
    }

    /** @return kebab-case name */
    public String name() {
        return name;
    }

    /** @return type shown to users: {@code int}, {@code double}, {@code boolean}, {@code enum} or {@code int-list} */
    public String type() {
        return type;
    }

    /** @return the default */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return the default as text that {@link #read} parses back to it */
    public String defaultText() {
        if (defaultValue instanceof Enum<?> e) {
            return enumText(e);
        }
        if (defaultValue instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                sb.append(sb.length() > 0 ? ";" : "").append(o);
            }
            return sb.toString();
        }
        return String.valueOf(defaultValue);
    }

    /** @return allowed values or range as text, e.g. {@code [1, 3]}, {@code (0, inf)}, {@code midpoint|taylor} */
    public String allowed() {
        return allowed;
    }

    /** @return one-line description */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + " (" + type + ", default " + defaultText() + ", allowed " + allowed + ")";
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

    /** Fails at declaration when the default is not allowed. */
    private Option<T> checked() {
        reader.apply(defaultValue);
        return this;
    }

    private static Integer integer(Object raw) {
        try {
            if (raw instanceof Number num) {
                double d = num.doubleValue();
                return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : null;
            }
            return Integer.parseInt(raw.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
