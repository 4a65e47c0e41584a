package io.samplerkit.bench.report;

import io.samplerkit.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered solver with option values, written {@code name} or {@code name[key=value,key=value]}
 * (e.g. {@code ddim[eta=0]}). Options are kept sorted so the label, and hence the configuration's
 * identity and seed, do not depend on the order they were given in.
 *
 * @param name registry name
 * @param options option values as text, sorted by key
 */
public record SolverVariant(String name, Map<String, String> options) {

    /** Validates and sorts. */
    public SolverVariant {
        Checks.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("solver name must not be blank");
        }
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /**
     * @param text {@code name} or {@code name[key=value,...]}
     * @return the variant
     */
    public static SolverVariant parse(String text) {
        String s = text.trim();
        int open = s.indexOf('[');
        if (open < 0) {
            return new SolverVariant(s, Map.of());
        }
        if (!s.endsWith("]")) {
            throw new IllegalArgumentException("solver must be name or name[key=value,...], got '" + text + "'");
        }
        Map<String, String> opts = new TreeMap<>();
        String body = s.substring(open + 1, s.length() - 1);
        for (String part : body.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("solver option must be key=value, got '" + part + "' in '"
                        + text + "'");
            }
            opts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return new SolverVariant(s.substring(0, open).trim(), opts);
    }

    /**
     * Splits a comma-separated list of solver texts, keeping the commas inside {@code [...]}.
     *
     * @param text e.g. {@code "ddim,dpmpp-2m[lower-order-final=false,order=2]"}
     * @return the solver texts, trimmed, blanks dropped
     * @throws IllegalArgumentException if the brackets do not balance
     */
    public static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            }
            if (depth < 0 || depth > 1) {
                break;
            }
            if (ch == ',' && depth == 0) {
                addTrimmed(out, cur);
            } else {
                cur.append(ch);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("solver list must be name or name[key=value,...] separated by "
                    + "commas, with balanced brackets, got '" + text + "'");
        }
        addTrimmed(out, cur);
        return out;
    }

    private static void addTrimmed(List<String> out, StringBuilder cur) {
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        cur.setLength(0);
    }

    /**
     * @param extra options to add or replace
     * @return a copy with the extra options
     */
    public SolverVariant with(Map<String, String> extra) {
        Map<String, String> m = new TreeMap<>(options);
        m.putAll(extra);
        return new SolverVariant(name, m);
    }

    /** @return {@code name} or {@code name[key=value,...]} */
    public String label() {
        if (options.isEmpty()) {
            return name;
        }
        java.util.StringJoiner joined = new java.util.StringJoiner(",", name + "[", "]");
        options.forEach((k, v) -> joined.add(k + "=" + v));
        return joined.toString();
    }

    @Override
    public String toString() {
        return label();
    }
}
