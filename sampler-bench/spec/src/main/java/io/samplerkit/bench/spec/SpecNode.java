package io.samplerkit.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.Checks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object of a run specification together with its dotted path, with typed getters whose
 * failures name the full field path, the value and what is allowed
 * ({@code grid.steps must be an integer in [1, 100000], got 0}).
 *
 * <p>Immutable; a thin view over a Jackson tree.
 */
public final class SpecNode {

    private final JsonNode node;
    private final String path;

    private SpecNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * @param root the parsed specification; must be a JSON object
     * @return the root node (empty path)
     */
    public static SpecNode root(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new SpecException("", "the specification must be a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return new SpecNode(root, "");
    }

    /** @return the dotted path of this node ({@code ""} for the root) */
    public String path() {
        return path;
    }

    /** @return the underlying JSON */
    public JsonNode json() {
        return node;
    }

    /**
     * @param field field name
     * @return the dotted path of a field of this node
     */
    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /**
     * @param field field name
     * @return whether the field is present and not null
     */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /**
     * @param field field name of a required JSON object
     * @return the child
     */
    public SpecNode object(String field) {
        JsonNode v = require(field, "a JSON object");
        if (!v.isObject()) {
            throw error(field, "must be a JSON object", v);
        }
        return new SpecNode(v, pathOf(field));
    }

    /**
     * @param field field name of an optional JSON object
     * @return the child, or empty if absent
     */
    public Optional<SpecNode> optionalObject(String field) {
        return has(field) ? Optional.of(object(field)) : Optional.empty();
    }

    /**
     * @param field field name of a required, non-empty array of JSON objects
     * @return the elements, with paths {@code field[i]}
     */
    public List<SpecNode> objects(String field) {
        JsonNode v = require(field, "a non-empty array of objects");
        if (!v.isArray() || v.isEmpty()) {
            throw error(field, "must be a non-empty array of objects", v);
        }
        List<SpecNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String p = pathOf(field) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                throw new SpecException(p, p + " must be a JSON object, got " + v.get(i));
            }
            out.add(new SpecNode(v.get(i), p));
        }
        return out;
    }

    /**
     * @param field field name
     * @return the string value
     */
    public String string(String field) {
        JsonNode v = require(field, "a string");
        if (!v.isTextual()) {
            throw error(field, "must be a string", v);
        }
        return v.asText();
    }

    /**
     * @param field field name
     * @param allowed allowed values
     * @return the value, one of {@code allowed}
     */
    public String oneOf(String field, List<String> allowed) {
        if (!has(field)) {
            throw new SpecException(pathOf(field), pathOf(field) + " is required; allowed: " + String.join(", ", allowed));
        }
        String s = string(field);
        if (!allowed.contains(s)) {
            throw new SpecException(pathOf(field), pathOf(field) + " must be one of " + String.join(", ", allowed)
                    + ", got '" + s + "'");
        }
        return s;
    }

    /**
     * @param field field name
     * @param def default when absent
     * @param allowed allowed values
     * @return the value, one of {@code allowed}
     */
    public String oneOf(String field, String def, List<String> allowed) {
        return has(field) ? oneOf(field, allowed) : def;
    }

    /**
     * @param field field name
     * @param lo smallest allowed
     * @param hi largest allowed
     * @return the value in {@code [lo, hi]}
     */
    public double number(String field, double lo, double hi) {
        JsonNode v = require(field, Checks.format("a number in [%s, %s]", lo, hi));
        if (!v.isNumber()) {
            throw error(field, Checks.format("must be a number in [%s, %s]", lo, hi), v);
        }
        double d = v.doubleValue();
        if (!(d >= lo && d <= hi)) {
            throw error(field, Checks.format("must be in [%s, %s]", lo, hi), v);
        }
        return d;
    }

    /**
     * @param field field name
     * @param def default when absent
     * @param lo smallest allowed
     * @param hi largest allowed
     * @return the value in {@code [lo, hi]}
     */
    public double number(String field, double def, double lo, double hi) {
        return has(field) ? number(field, lo, hi) : def;
    }

    /**
     * @param field field name
     * @param lo smallest allowed
     * @param hi largest allowed
     * @return the value in {@code [lo, hi]}
     */
    public long integer(String field, long lo, long hi) {
        JsonNode v = require(field, Checks.format("an integer in [%d, %d]", lo, hi));
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < lo || v.longValue() > hi) {
            throw error(field, Checks.format("must be an integer in [%d, %d]", lo, hi), v);
        }
        return v.longValue();
    }

    /**
     * @param field field name
     * @param def default when absent
     * @param lo smallest allowed
     * @param hi largest allowed
     * @return the value in {@code [lo, hi]}
     */
    public long integer(String field, long def, long lo, long hi) {
        return has(field) ? integer(field, lo, hi) : def;
    }

    /**
     * @param field field name
     * @param def default when absent
     * @return the value
     */
    public boolean bool(String field, boolean def) {
        if (!has(field)) {
            return def;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw error(field, "must be true or false", v);
        }
        return v.booleanValue();
    }

    /**
     * @param field field name of a non-empty array of finite numbers
     * @return the values
     */
    public double[] vector(String field) {
        JsonNode v = require(field, "an array of numbers");
        return vector(v, pathOf(field));
    }

    /**
     * @param field field name of a non-empty array of equally long, non-empty arrays of finite numbers
     * @return the rows
     */
    public double[][] matrix(String field) {
        JsonNode v = require(field, "an array of arrays of numbers");
        String p = pathOf(field);
        if (!v.isArray() || v.isEmpty()) {
            throw new SpecException(p, p + " must be a non-empty array of arrays of numbers, got " + v);
        }
        double[][] m = new double[v.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(v.get(i), p + "[" + i + "]");
            if (m[i].length != m[0].length) {
                throw new SpecException(p, Checks.format("%s[%d] must have %d entries like %s[0], got %d", p, i,
                        m[0].length, p, m[i].length));
            }
        }
        return m;
    }

    private static double[] vector(JsonNode v, String p) {
        if (!v.isArray() || v.isEmpty()) {
            throw new SpecException(p, p + " must be a non-empty array of numbers, got " + v);
        }
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber()) {
                throw new SpecException(p + "[" + i + "]", p + "[" + i + "] must be a number, got " + e);
            }
            a[i] = e.doubleValue();
        }
        return a;
    }

    /**
     * The fields of this object as plain values (strings, numbers, booleans), for solver options.
     *
     * @return field name to value, in document order
     */
    public Map<String, Object> plainValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                m.put(e.getKey(), v.numberValue());
            } else if (v.isBoolean()) {
                m.put(e.getKey(), v.booleanValue());
            } else if (v.isTextual()) {
                m.put(e.getKey(), v.textValue());
            } else {
                throw error(e.getKey(), "must be a number, a string or true/false", v);
            }
        }
        return m;
    }

    /**
     * Rejects fields other than {@code allowed}.
     *
     * @param allowed the known field names
     */
    public void allowOnly(List<String> allowed) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            String f = unknown.get(0);
            throw new SpecException(pathOf(f), pathOf(f) + " is not a known field"
                    + (path.isEmpty() ? "" : " of " + path) + "; allowed: " + String.join(", ", allowed));
        }
    }

    /**
     * A failure about a field.
     *
     * @param field field name
     * @param what what is wrong, e.g. {@code "must be in [1, 3]"}
     * @param value the offending value
     * @return the exception to throw
     */
    public SpecException error(String field, String what, JsonNode value) {
        return new SpecException(pathOf(field), pathOf(field) + " " + what + ", got " + value);
    }

    private JsonNode require(String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new SpecException(pathOf(field), pathOf(field) + " is required (" + what + ")");
        }
        return v;
    }
}
