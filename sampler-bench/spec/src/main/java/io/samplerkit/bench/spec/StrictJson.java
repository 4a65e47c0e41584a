package io.samplerkit.bench.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The one way SamplerKit reads JSON input (run specs, report suites and manifests, reference cases).
 *
 * <p>Strict: a duplicate key, content after the top-level value, an unknown field, a scalar of the wrong
 * kind (no {@code "10"} for 10, no {@code 10.5} for an integer, no {@code 5} for a string), a missing or unknown {@code type}, and a
 * number that is not finite ({@code 1e400} overflows to infinity; {@code NaN} and {@code Infinity} are not
 * JSON) are all {@link InvalidInputException}s whose path is the JSON path of the offending value
 * ({@code grid.times[3]}), with the value capped. Input larger than the {@link InputLimits} is refused before
 * it is read: a file's size is checked first, and the parser enforces the document, nesting, number and
 * string limits while streaming.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(InputLimits.MAX_INPUT_BYTES)
                            .maxNestingDepth(InputLimits.MAX_NESTING_DEPTH)
                            .maxNumberLength(InputLimits.MAX_NUMBER_CHARS)
                            .maxStringLength(InputLimits.MAX_STRING_CHARS)
                            .maxNameLength(InputLimits.MAX_STRING_CHARS)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // that flag leaves numbers and booleans given for a string (a tensor name, a file) coerced to text
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .addModule(KebabEnums.module())
            .build();

    private StrictJson() {
    }

    /** @return the configured mapper (also used to write suites and manifests) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads and binds a file.
     *
     * @param file JSON file
     * @param type the record to bind
     * @param <T> type
     * @return the value
     * @throws InvalidInputException for bad or oversized input
     * @throws UncheckedIOException if the file cannot be read
     */
    public static <T> T read(Path file, Class<T> type) {
        return bind(readTree(file), type);
    }

    /**
     * Parses and binds text.
     *
     * @param json JSON text
     * @param type the record to bind
     * @param <T> type
     * @return the value
     * @throws InvalidInputException for bad or oversized input
     */
    public static <T> T parse(String json, Class<T> type) {
        return bind(parseTree(json), type);
    }

    /**
     * Reads a file as a tree, checking size, syntax, duplicates, trailing content and finiteness.
     *
     * @param file JSON file
     * @return the tree
     * @throws InvalidInputException for bad or oversized input
     * @throws UncheckedIOException if the file cannot be read
     */
    public static JsonNode readTree(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > InputLimits.MAX_INPUT_BYTES) {
                throw new InvalidInputException("", Files.size(file) + " bytes",
                        "at most " + InputLimits.MAX_INPUT_BYTES + " bytes (InputLimits.MAX_INPUT_BYTES)");
            }
            try (InputStream in = Files.newInputStream(file); JsonParser p = MAPPER.createParser(in)) {
                return checked(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses text as a tree with the checks of {@link #readTree(Path)}.
     *
     * @param json JSON text
     * @return the tree
     * @throws InvalidInputException for bad or oversized input
     */
    public static JsonNode parseTree(String json) {
        try (JsonParser p = MAPPER.createParser(json)) {
            return checked(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Binds a tree that {@link #readTree} or {@link #parseTree} produced.
     *
     * @param tree the tree
     * @param type the record to bind
     * @param <T> type
     * @return the value
     * @throws InvalidInputException naming the JSON path of the first bad value
     */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        requireBindable(tree);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw translate(e, tree);
        } catch (IllegalArgumentException e) {
            throw InputErrors.adapt(e, "");
        }
    }

    private static JsonNode checked(JsonParser p) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(p);
            if (tree != null && p.nextToken() != null) {
                throw new InvalidInputException("", p.currentToken().asString() == null ? p.currentToken().name()
                        : p.currentToken().asString(), "a single JSON value with nothing after it");
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(contextPath(p), InputErrors.cap(e.getOriginalMessage()),
                    "within the input limits of InputLimits");
        } catch (JacksonException e) {
            throw translate(e, null);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidInputException("", "nothing", "a JSON value");
        }
        requireFinite(tree);
        return tree;
    }

    /**
     * Rejects an explicit {@code null} anywhere in a tree to be bound (an optional field is omitted for its
     * default, never given as {@code null}, which would silently mean the default, e.g. {@code "seed": null}) and
     * a number beyond {@link InputLimits#MAX_MAGNITUDE}.
     */
    private static void requireBindable(JsonNode tree) {
        forEachLeaf(tree, "", (node, path) -> {
            if (node.isNull()) {
                throw new InvalidInputException(path, "null", "a value (omit an optional field to get its default)");
            }
            if (node.isNumber() && !(Math.abs(node.doubleValue()) <= InputLimits.MAX_MAGNITUDE)) {
                throw new InvalidInputException(path, node.asText(), "a number of magnitude at most "
                        + InputLimits.MAX_MAGNITUDE + " (InputLimits.MAX_MAGNITUDE)");
            }
        });
    }

    /** Rejects numbers that parsed to infinity (e.g. {@code 1e400}). */
    private static void requireFinite(JsonNode tree) {
        forEachLeaf(tree, "", (node, path) -> {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw new InvalidInputException(path, node.asText(), "a finite number (|x| <= " + Double.MAX_VALUE + ")");
            }
        });
    }

    /** Visits every value that is not an array or object, with its JSON path ({@code grid.times[3]}). */
    private static void forEachLeaf(JsonNode node, String path, BiConsumer<JsonNode, String> visit) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachLeaf(node.get(i), path + "[" + i + "]", visit);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                forEachLeaf(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), visit);
            }
        } else {
            visit.accept(node, path);
        }
    }

    private static InvalidInputException translate(JacksonException e, JsonNode tree) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException iae && !(c instanceof JacksonException)) {
                return InputErrors.adapt(iae, e instanceof JsonMappingException m ? path(m.getPath()) : "");
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            return new InvalidInputException(path(u.getPath()), u.getPropertyName(),
                    known.isEmpty() ? "absent (no fields allowed here)" : "a known field: one of " + new TreeSet<>(known));
        }
        if (e instanceof InvalidTypeIdException t) {
            String p = path(t.getPath());
            return new InvalidInputException(p.isEmpty() ? "type" : p + ".type",
                    t.getTypeId() == null ? "nothing" : "'" + t.getTypeId() + "'", "one of " + typeNames(t.getBaseType().getRawClass()));
        }
        if (e instanceof InvalidFormatException f) {
            return new InvalidInputException(path(f.getPath()), f.getValue(), kind(f.getTargetType()));
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return new InvalidInputException("", InputErrors.cap(String.valueOf(e.getOriginalMessage())),
                    "a single JSON value with nothing after it");
        }
        if (e instanceof MismatchedInputException mi) {
            String p = path(mi.getPath());
            Object value = tree == null ? "(unreadable)" : at(tree, mi.getPath());
            return new InvalidInputException(p, value, mi.getTargetType() == null ? "valid JSON"
                    : kind(mi.getTargetType()));
        }
        if (e instanceof JsonMappingException m) {
            Object value = tree == null ? "(as given)" : at(tree, m.getPath());
            boolean range = String.valueOf(m.getOriginalMessage()).contains("out of range");
            return new InvalidInputException(path(m.getPath()), value, range
                    ? "an integer within its type's range (64-bit for seed, 32-bit for counts)"
                    : "complete and of the right kinds (a value is missing, null or of the wrong kind)");
        }
        String where = e.getProcessor() instanceof JsonParser p ? contextPath(p) : "";
        String msg = String.valueOf(e.getOriginalMessage());
        if (msg.startsWith("Duplicate field '")) {
            String key = msg.substring("Duplicate field '".length(), msg.indexOf('\'', "Duplicate field '".length()));
            return new InvalidInputException(where.isEmpty() ? key : where, key, "given once (duplicate key)");
        }
        String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return new InvalidInputException(where, InputErrors.cap(msg.lines().findFirst().orElse("")) + loc,
                "well-formed JSON");
    }

    /** The JSON type names registered on a polymorphic base type. */
    static List<String> typeNames(Class<?> base) {
        List<Class<?>> hierarchy = new ArrayList<>(List.of(base));
        hierarchy.addAll(List.of(base.getInterfaces()));
        List<String> names = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            JsonSubTypes sub = c.getAnnotation(JsonSubTypes.class);
            if (sub != null) {
                for (JsonSubTypes.Type t : sub.value()) {
                    if (base.isAssignableFrom(t.value()) && !names.contains(t.name())) {
                        names.add(t.name());
                    }
                }
            }
        }
        return names;
    }

    private static String kind(Class<?> target) {
        if (target == null) {
            return "a value of the right kind";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "an integer";
        }
        if (target == double.class || target == Double.class) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target.isArray() || List.class.isAssignableFrom(target)) {
            return "a JSON array";
        }
        if (target.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : target.getEnumConstants()) {
                names.add(KebabEnums.kebab((Enum<?>) c));
            }
            return "one of " + names;
        }
        return "a JSON object (" + target.getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }

    /** Renders Jackson's reference path as {@code grid.times[3]}. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static Object at(JsonNode tree, List<JsonMappingException.Reference> refs) {
        JsonNode n = tree;
        for (JsonMappingException.Reference r : refs) {
            if (n == null) {
                return "nothing";
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
        }
        return n == null || n.isMissingNode() ? "nothing" : n;
    }

    /** The parser's current position as {@code solver.options.eta}. */
    private static String contextPath(JsonParser p) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            }
        }
        String s = String.join("", parts);
        return s.startsWith(".") ? s.substring(1) : s;
    }
}
