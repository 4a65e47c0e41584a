package io.samplerkit.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Finds the constant that a name in a file or on the command line stands for, and reports an unknown name the one
 * way: an {@link InvalidInputException} naming the field, the value and {@code one of [names...]} in declaration
 * order. For enums whose names in files differ from their Java names (official spellings, stable ids, keys).
 * Stateless.
 */
public final class NamedConstants {

    private NamedConstants() {
    }

    /**
     * @param values the constants, in the order the error lists them
     * @param nameOf the name each constant is known by
     * @param name the name to find (may be null)
     * @param path field path for the error
     * @param <E> constant type
     * @return the constant whose name equals {@code name}
     * @throws InvalidInputException if none does
     */
    public static <E> E find(E[] values, Function<? super E, String> nameOf, String name, String path) {
        for (E value : values) {
            if (nameOf.apply(value).equals(name)) {
                return value;
            }
        }
        throw unknown(values, nameOf, name, path);
    }

    /**
     * As {@link #find}, ignoring case (both sides in {@link Locale#ROOT} lower case).
     *
     * @param values the constants, in the order the error lists them
     * @param nameOf the name each constant is known by
     * @param name the name to find (may be null)
     * @param path field path for the error
     * @param <E> constant type
     * @return the constant whose name equals {@code name} ignoring case
     * @throws InvalidInputException if none does
     */
    public static <E> E findIgnoringCase(E[] values, Function<? super E, String> nameOf, String name, String path) {
        String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (nameOf.apply(value).toLowerCase(Locale.ROOT).equals(lower)) {
                return value;
            }
        }
        throw unknown(values, nameOf, name, path);
    }

    /**
     * @param values the constants
     * @param nameOf the name each constant is known by
     * @param name the name that matched none
     * @param path field path
     * @param <E> constant type
     * @return the error naming the field, the value and {@code one of [names...]}
     */
    public static <E> InvalidInputException unknown(E[] values, Function<? super E, String> nameOf, String name,
            String path) {
        return new InvalidInputException(path, name, "one of " + Arrays.stream(values).map(nameOf).toList());
    }
}
