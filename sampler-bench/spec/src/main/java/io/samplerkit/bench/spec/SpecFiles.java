package io.samplerkit.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resolves the file paths inside a spec or suite tree against the folder of the file it was read from, so a spec
 * is portable with its networks beside it: in every object whose {@code type} is {@code onnx} (a network) the field
 * {@code file}, and in every object whose {@code type} is {@code classifier} (a report's quality measure) the fields
 * {@code file} and {@code statistics}, when they are relative paths. Stateless.
 */
public final class SpecFiles {

    private static final Map<String, List<String>> FILE_FIELDS = Map.of(
            "onnx", List.of("file"),
            "classifier", List.of("file", "statistics"));

    private SpecFiles() {
    }

    /**
     * Rewrites, in place, the relative file fields of {@code tree} to paths resolved against {@code folder}. Blank
     * values are left for the bound record to refuse.
     *
     * @param tree a spec or suite tree
     * @param folder the spec file's folder
     * @return {@code tree}
     * @throws InvalidInputException naming the field (e.g. {@code model.file}) if a value is not a valid path
     */
    public static JsonNode resolve(JsonNode tree, Path folder) {
        resolve(tree, folder, "");
        return tree;
    }

    private static void resolve(JsonNode tree, Path folder, String at) {
        if (tree instanceof ObjectNode o) {
            JsonNode type = o.get("type");
            if (type != null && type.isTextual()) {
                for (String field : FILE_FIELDS.getOrDefault(type.asText(), List.of())) {
                    JsonNode file = o.get(field);
                    if (file != null && file.isTextual() && !file.asText().isBlank()) {
                        Path p = path(file.asText(), child(at, field));
                        if (!p.isAbsolute()) {
                            o.put(field, folder.resolve(p).normalize().toString());
                        }
                    }
                }
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) o::fields) {
                resolve(e.getValue(), folder, child(at, e.getKey()));
            }
        } else if (tree != null && tree.isArray()) {
            for (int i = 0; i < tree.size(); i++) {
                resolve(tree.get(i), folder, at + "[" + i + "]");
            }
        }
    }

    private static String child(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    /**
     * @param text a file field's value
     * @param field the field's path in the tree, for the error
     * @return the path
     * @throws InvalidInputException if the platform refuses it as a path (a NUL character, for example)
     */
    static Path path(String text, String field) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(field, text, "a file path (" + e.getReason() + ")");
        }
    }
}
