package io.samplerkit.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
     * Rewrites, in place, the relative file fields of {@code tree} to paths resolved against {@code folder}.
     *
     * @param tree a spec or suite tree
     * @param folder the spec file's folder
     * @return {@code tree}
     */
    public static JsonNode resolve(JsonNode tree, Path folder) {
        if (tree instanceof ObjectNode o) {
            JsonNode type = o.get("type");
            if (type != null && type.isTextual()) {
                for (String field : FILE_FIELDS.getOrDefault(type.asText(), List.of())) {
                    JsonNode file = o.get(field);
                    if (file != null && file.isTextual()) {
                        Path p = Path.of(file.asText());
                        if (!p.isAbsolute()) {
                            o.put(field, folder.resolve(p).normalize().toString());
                        }
                    }
                }
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) o::fields) {
                resolve(e.getValue(), folder);
            }
        } else if (tree != null && tree.isArray()) {
            tree.forEach(c -> resolve(c, folder));
        }
        return tree;
    }
}
