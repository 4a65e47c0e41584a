package io.samplerkit.solvers;

/**
 * One option a registered solver accepts.
 *
 * @param name option name (kebab-case, e.g. {@code "lower-order-final"})
 * @param type value type shown to users: {@code int}, {@code double}, {@code boolean} or
 *     {@code enum} with its allowed values in {@code allowed}
 * @param defaultValue default, as text
 * @param allowed allowed values or range, as text
 * @param description one line
 */
public record OptionSpec(String name, String type, String defaultValue, String allowed, String description) {

    /**
     * @param name name
     * @param defaultValue default
     * @param allowed allowed range, e.g. {@code "[1, 3]"}
     * @param description one line
     * @return an int option
     */
    public static OptionSpec ofInt(String name, int defaultValue, String allowed, String description) {
        return new OptionSpec(name, "int", Integer.toString(defaultValue), allowed, description);
    }

    /**
     * @param name name
     * @param defaultValue default
     * @param allowed allowed range
     * @param description one line
     * @return a double option
     */
    public static OptionSpec ofDouble(String name, double defaultValue, String allowed, String description) {
        return new OptionSpec(name, "double", Double.toString(defaultValue), allowed, description);
    }

    /**
     * @param name name
     * @param defaultValue default
     * @param description one line
     * @return a boolean option
     */
    public static OptionSpec ofBoolean(String name, boolean defaultValue, String description) {
        return new OptionSpec(name, "boolean", Boolean.toString(defaultValue), "true|false", description);
    }

    /**
     * @param name name
     * @param defaultValue default constant
     * @param description one line
     * @param <E> enum type
     * @return an enum option (values are matched case-insensitively, '-' and '_' alike)
     */
    public static <E extends Enum<E>> OptionSpec ofEnum(String name, E defaultValue, String description) {
        StringBuilder sb = new StringBuilder();
        for (E e : defaultValue.getDeclaringClass().getEnumConstants()) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(SolverOptions.enumText(e));
        }
        return new OptionSpec(name, "enum", SolverOptions.enumText(defaultValue), sb.toString(), description);
    }
}
