package io.samplerkit.solvers.diffusers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A diffusers {@code scheduler_config.json} bound to one scheduler class, with diffusers' {@code from_config}
 * semantics:
 * <ul>
 * <li>every constructor argument of the class gets the file's value when the file has the key, else the class's own
 *     default ({@link SchedulerClass#defaults()}); overrides win over both. When the class is swapped
 *     ({@link #as(SchedulerClass, Map)}) the rule is applied again to the <b>file</b>, so a key the file omits takes
 *     the new class's default, never the old class's (diffusers records such keys in {@code _use_default_values}
 *     and drops them);</li>
 * <li>file keys the class does not take are dropped, as diffusers drops them; each drop is reported in
 *     {@link #warnings()} (e.g. {@code rescale_betas_zero_snr: true} is lost when PNDM is built from a zero-SNR
 *     config);</li>
 * <li>keys starting with {@code _} are metadata and ignored, except {@code _use_default_values}: the keys it lists are
 *     dropped from the file (diffusers records there the keys a live scheduler took from its defaults, and its
 *     {@code from_config} drops them), so they take the class's default;</li>
 * <li>every kept value is type- and range-checked, and the combinations diffusers' constructors reject are rejected:
 *     an {@link InvalidInputException} naming the key, the value and what is allowed.</li>
 * </ul>
 * Immutable.
 */
public final class SchedulerConfig {

    /** Python's json writes {@code -Infinity}; duplicate keys and trailing content are errors. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The metadata key listing the keys that took their class default when the config was written. */
    private static final String USE_DEFAULT_VALUES = "_use_default_values";

    private final SchedulerClass schedulerClass;
    private final Map<String, Object> file;
    private final Map<String, Object> overrides;
    private final Map<String, Object> values;
    private final List<String> warnings;

    private SchedulerConfig(SchedulerClass schedulerClass, Map<String, Object> file, Map<String, Object> overrides) {
        this.schedulerClass = schedulerClass;
        this.file = file;
        this.overrides = overrides;
        Map<String, Object> v = new LinkedHashMap<>(schedulerClass.defaults());
        List<String> w = new ArrayList<>();
        for (Map.Entry<String, Object> e : file.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("_")) {
                continue;
            }
            if (schedulerClass.accepts(key)) {
                v.put(key, e.getValue());
            } else if (!overrides.containsKey(key)) {
                w.add(String.format("%s does not take config key %s=%s; it is ignored (as diffusers' from_config "
                        + "ignores it)", schedulerClass.className(), key, e.getValue()));
            }
        }
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (!schedulerClass.accepts(e.getKey())) {
                throw new InvalidInputException(e.getKey(), e.getValue(), "a constructor argument of "
                        + schedulerClass.className() + " (one of " + schedulerClass.defaults().keySet() + ")");
            }
            v.put(e.getKey(), e.getValue());
        }
        ConfigRules.normalize(schedulerClass, v, w);
        this.values = Collections.unmodifiableMap(v);
        ConfigRules.validate(this);
        this.warnings = List.copyOf(w);
    }

    /**
     * Reads a {@code scheduler_config.json} and binds it to its {@code _class_name}.
     *
     * @param file the file
     * @return the config
     * @throws UncheckedIOException if the file cannot be read
     * @throws InvalidInputException if it is not a JSON object, names no supported class or has a bad value
     */
    public static SchedulerConfig read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Parses a {@code scheduler_config.json} text and binds it to its {@code _class_name}.
     *
     * @param json the text
     * @return the config
     * @throws InvalidInputException if it is not a JSON object, names no supported class or has a bad value
     */
    public static SchedulerConfig parse(String json) {
        Object root;
        try {
            root = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("", e.getOriginalMessage(), "a JSON object (scheduler_config.json)");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidInputException("", root, "a JSON object (scheduler_config.json)");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(String.valueOf(k), v));
        return of(m);
    }

    /**
     * Binds parsed config values to their {@code _class_name}.
     *
     * @param file the file's keys and values (JSON types: Number, String, Boolean, List, null)
     * @return the config
     */
    public static SchedulerConfig of(Map<String, ?> file) {
        Object name = file.get("_class_name");
        if (!(name instanceof String s)) {
            throw new InvalidInputException("_class_name", name, "a scheduler class name");
        }
        return new SchedulerConfig(SchedulerClass.of(s), withoutDefaultedKeys(file), Map.of());
    }

    /**
     * The file without the keys its {@code _use_default_values} lists: a config written from a live scheduler's
     * {@code config} records there the keys its own file had not given, and diffusers' {@code from_config} drops
     * them so that the class being built uses its own defaults.
     */
    private static Map<String, Object> withoutDefaultedKeys(Map<String, ?> file) {
        Object listed = file.get(USE_DEFAULT_VALUES);
        Map<String, Object> m = new LinkedHashMap<>(file);
        if (listed == null) {
            return Collections.unmodifiableMap(m);
        }
        if (!(listed instanceof List<?> keys) || !keys.stream().allMatch(String.class::isInstance)) {
            throw new InvalidInputException(USE_DEFAULT_VALUES, listed, "a list of config key names");
        }
        keys.forEach(m::remove);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The same file bound to another class with keyword overrides: diffusers'
     * {@code NewScheduler.from_config(old.config, **overrides)}.
     *
     * @param target the class to build
     * @param overrides constructor arguments that win over the file (may be empty)
     * @return the new config
     */
    public SchedulerConfig as(SchedulerClass target, Map<String, ?> overrides) {
        return new SchedulerConfig(target, file, copy(overrides));
    }

    private static Map<String, Object> copy(Map<String, ?> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** @return the class this config is bound to */
    public SchedulerClass schedulerClass() {
        return schedulerClass;
    }

    /** @return every constructor argument with its effective value (unmodifiable, constructor order) */
    public Map<String, Object> values() {
        return values;
    }

    /** @return the file's keys and values as read, without the keys {@code _use_default_values} lists (unmodifiable) */
    public Map<String, Object> file() {
        return file;
    }

    /** @return the overrides applied on top of the file (unmodifiable) */
    public Map<String, Object> overrides() {
        return overrides;
    }

    /** @return the keys whose value came from the file or an override rather than the class default */
    public Set<String> explicitKeys() {
        Set<String> s = new LinkedHashSet<>();
        for (String k : values.keySet()) {
            if (file.containsKey(k) || overrides.containsKey(k)) {
                s.add(k);
            }
        }
        return s;
    }

    /** @return warnings about dropped keys, in file order */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @param key a constructor argument
     * @return its effective value (may be null)
     * @throws IllegalArgumentException if the class has no such argument
     */
    public Object value(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(schedulerClass.className() + " has no config key " + key);
        }
        return values.get(key);
    }

    /**
     * @param key key
     * @return whether the class takes the key and its value is not null
     */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /**
     * @param key a numeric key
     * @return its value ({@code "-inf"}, {@code "inf"} strings and JSON {@code -Infinity} allowed)
     * @throws InvalidInputException if it is not a number (JSON {@code NaN} is not one)
     */
    public double number(String key) {
        Object v = value(key);
        if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            switch (s) {
                case "-inf", "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "inf", "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                default -> { }
            }
        }
        throw new InvalidInputException(key, v, "a number");
    }

    /**
     * @param key an integer key
     * @return its value
     * @throws InvalidInputException if it is not an integer
     */
    public int integer(String key) {
        Object v = value(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new InvalidInputException(key, v, "an integer");
    }

    /**
     * @param key a boolean key
     * @return its value
     * @throws InvalidInputException if it is not a boolean
     */
    public boolean bool(String key) {
        Object v = value(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidInputException(key, v, "true or false");
    }

    /**
     * @param key a string key
     * @return its value
     * @throws InvalidInputException if it is not a string
     */
    public String string(String key) {
        Object v = value(key);
        if (v instanceof String s) {
            return s;
        }
        throw new InvalidInputException(key, v, "a string");
    }

    /**
     * @param key a list-of-numbers key
     * @return its values
     * @throws InvalidInputException if it is not a list of numbers
     */
    public double[] numbers(String key) {
        Object v = value(key);
        if (v instanceof List<?> list) {
            double[] r = new double[list.size()];
            for (int i = 0; i < r.length; i++) {
                if (!(list.get(i) instanceof Number n) || Double.isNaN(n.doubleValue())) {
                    throw new InvalidInputException(key + "[" + i + "]", list.get(i), "a number");
                }
                r[i] = n.doubleValue();
            }
            return r;
        }
        throw new InvalidInputException(key, v, "a list of numbers");
    }

    @Override
    public String toString() {
        return schedulerClass.className() + values;
    }
}
