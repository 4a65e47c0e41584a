package io.samplerkit.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Read access to the reference vectors under {@code ${samplerkit.reference.dir}} (set by surefire):
 * schedule tables in {@code schedules/}, conformance cases in {@code cases/<family>/}.
 */
public final class ReferenceJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final String name;

    private ReferenceJson(JsonNode root, String name) {
        this.root = root;
        this.name = name;
    }

    /** @return the reference directory */
    public static Path dir() {
        String d = System.getProperty("samplerkit.reference.dir");
        if (d == null) {
            throw new IllegalStateException("system property samplerkit.reference.dir is not set (run through surefire)");
        }
        return Paths.get(d);
    }

    /**
     * @param relative path below the reference directory, e.g. {@code schedules/x.json}
     * @return the parsed file
     */
    public static ReferenceJson load(String relative) {
        return load(dir().resolve(relative));
    }

    /**
     * @param file file
     * @return the parsed file
     */
    public static ReferenceJson load(Path file) {
        try {
            return new ReferenceJson(JSON.readTree(Files.readAllBytes(file)), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param family {@code dpm-solver}, {@code unipc}, {@code k-diffusion} or {@code diffusers}
     * @return every case file of the family, sorted
     */
    public static List<Path> cases(String family) {
        try (Stream<Path> s = Files.list(dir().resolve("cases").resolve(family))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the file name */
    public String name() {
        return name;
    }

    /** @return the root node */
    public JsonNode root() {
        return root;
    }

    /**
     * @param key top-level key (dots descend: {@code solver.steps})
     * @return the node, or a missing node
     */
    public JsonNode node(String key) {
        JsonNode n = root;
        for (String part : key.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /**
     * @param key key (dots descend)
     * @return the numeric array at the key
     */
    public double[] array(String key) {
        return toArray(node(key), key);
    }

    /**
     * @param a a JSON array of numbers
     * @param what description for the error
     * @return its values
     */
    public static double[] toArray(JsonNode a, String what) {
        if (!a.isArray()) {
            throw new IllegalStateException("not an array: " + what);
        }
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).doubleValue();
        }
        return r;
    }

    /**
     * @param key key (dots descend)
     * @return the integer at the key
     */
    public int integer(String key) {
        return node(key).intValue();
    }

    /**
     * @param key key (dots descend)
     * @return the text at the key
     */
    public String text(String key) {
        return node(key).asText();
    }
}
