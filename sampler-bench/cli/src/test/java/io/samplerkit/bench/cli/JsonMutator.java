package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid JSON input (run specs, suites, report manifests, conformance cases), shared by the
 * fuzz tests. One to three mutations per input, tree-level (a value replaced by an extreme, wrong-kind or
 * non-finite one or scaled a little, a field removed, added or retyped, an array element removed or repeated, a
 * value wrapped in an array or an array replaced by its first element, an array made huge) or text-level
 * (truncation, trailing content, a key given twice, a non-finite literal, an unknown object appended). The same
 * seed gives the same mutant.
 */
final class JsonMutator {

    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Words used as retyped values and unknown keys: type names of every kind, and one that is no name. */
    private static final String[] TYPE_NAMES = {"vp-linear", "vp-cosine", "vp-discrete", "sub-vp", "ve", "edm",
        "flow-matching", "uniform-time", "quadratic-time", "logsnr", "karras", "exponential", "polyexponential",
        "flow-shift", "diffusers", "explicit", "gaussian", "gaussian-mixture", "random-gaussian", "ring-mixture",
        "random-mixture", "noise", "data", "velocity", "flow", "score", "ddim", "euler", "dpmpp-2m", "nope"};

    /** Lengths of the huge arrays: beyond any model dimension, and near the input size limit. */
    private static final int[] HUGE = {5_000, 50_000};

    private JsonMutator() {
    }

    /**
     * @param valid valid JSON text
     * @param rng the mutant's generator
     * @return the mutated text
     * @throws IOException if {@code valid} is not JSON
     */
    static String mutate(String valid, SplittableRandom rng) throws IOException {
        JsonNode root = LENIENT.readTree(valid);
        int count = rng.nextInt(4) == 0 ? 2 + rng.nextInt(2) : 1;
        String text = null;
        for (int i = 0; i < count; i++) {
            int op = rng.nextInt(10);
            if (op < 6 || text != null) {
                root = mutateTree(root, rng);
            } else {
                text = mutateText(root.toString(), rng);
            }
        }
        return text != null ? text : root.toString();
    }

    /** Mutates one container of the tree in place; returns the (possibly replaced) root. */
    private static JsonNode mutateTree(JsonNode root, SplittableRandom rng) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode c = containers.get(rng.nextInt(containers.size()));
        if (c instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(rng.nextInt(names.size()));
            switch (rng.nextInt(9)) {
                case 5, 6 -> o.set(name, nearby(o.get(name), rng));
                case 0 -> o.remove(name);
                case 1 -> o.set("extra" + rng.nextInt(3), value(rng));
                case 2 -> o.put(name, TYPE_NAMES[rng.nextInt(TYPE_NAMES.length)]);
                case 7 -> o.set(name, reshaped(o.get(name), rng));
                default -> o.set(name, value(rng));
            }
        } else if (c instanceof ArrayNode a && a.size() > 0) {
            int i = rng.nextInt(a.size());
            switch (rng.nextInt(7)) {
                case 4 -> a.set(i, nearby(a.get(i), rng));
                case 0 -> a.remove(i);
                case 1 -> a.add(a.get(i).deepCopy());
                case 5 -> a.set(i, reshaped(a.get(i), rng));
                default -> a.set(i, value(rng));
            }
        } else if (c == root) {
            return value(rng);
        }
        return root;
    }

    private static String mutateText(String text, SplittableRandom rng) {
        switch (rng.nextInt(5)) {
            case 0:
                return text.substring(0, rng.nextInt(text.length()));
            case 1:
                return text + (rng.nextBoolean() ? "{\"seed\": 1}" : " 0");
            case 2: {
                int at = text.indexOf("\":", rng.nextInt(text.length()));
                if (at < 0) {
                    return text + "x";
                }
                int start = text.lastIndexOf('"', at - 1);
                String key = text.substring(start, at + 2);
                return text.substring(0, start) + key + " 0, " + text.substring(start);
            }
            case 3: {
                String[] bad = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0".repeat(70)};
                int at = firstValueFrom(text, rng.nextInt(text.length()));
                return at < 0 ? text : text.substring(0, at) + bad[rng.nextInt(bad.length)] + "," + text.substring(at);
            }
            default:
                return text.replaceFirst("\\}$", ", \"" + TYPE_NAMES[rng.nextInt(TYPE_NAMES.length)] + "\": {}}");
        }
    }

    private static int firstValueFrom(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == ':' && i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1))
                    || text.charAt(i + 1) == ' ')) {
                return i + 1;
            }
        }
        return -1;
    }

    /** A plausible change: a number scaled by a factor in [0.5, 2] (integers stay integers), a boolean flipped. */
    private static JsonNode nearby(JsonNode v, SplittableRandom rng) {
        double factor = rng.nextDouble(0.5, 2.0);
        if (v.isIntegralNumber()) {
            return F.numberNode(Math.max(0, Math.round(v.longValue() * factor)));
        }
        if (v.isNumber()) {
            return F.numberNode(v.doubleValue() * factor);
        }
        if (v.isBoolean()) {
            return F.booleanNode(!v.booleanValue());
        }
        return v;
    }

    /** A wrong shape: a value wrapped in an array, an array replaced by its first element, or a huge array. */
    private static JsonNode reshaped(JsonNode v, SplittableRandom rng) {
        switch (rng.nextInt(3)) {
            case 0:
                return F.arrayNode().add(v);
            case 1:
                return v.isArray() && v.size() > 0 ? v.get(0) : F.arrayNode();
            default: {
                ArrayNode huge = F.arrayNode();
                JsonNode element = v.isArray() && v.size() > 0 ? v.get(0) : F.numberNode(rng.nextDouble(-2, 2));
                int n = HUGE[rng.nextInt(HUGE.length)];
                for (int i = 0; i < n; i++) {
                    huge.add(element.deepCopy());
                }
                return huge;
            }
        }
    }

    private static JsonNode value(SplittableRandom rng) {
        switch (rng.nextInt(18)) {
            case 0: return F.numberNode(0);
            case 1: return F.numberNode(-1);
            case 2: return F.numberNode(1);
            case 3: return F.numberNode(2.5);
            case 4: return F.numberNode(1e308);
            case 5: return F.numberNode(-1e308);
            case 6: return F.numberNode(Double.MIN_VALUE);
            case 7: return F.numberNode(1_000_000);
            case 8: return F.numberNode(2_147_483_648L);
            case 9: return F.numberNode(1e-12);
            case 10: return F.textNode("x");
            case 11: return F.booleanNode(true);
            case 12: return F.nullNode();
            case 13: return F.arrayNode();
            case 14: return F.objectNode();
            case 15: return F.arrayNode().add(1).add(2);
            case 16: return F.objectNode().put("type", TYPE_NAMES[rng.nextInt(TYPE_NAMES.length)]);
            default: return F.numberNode(-0.0);
        }
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (JsonNode c : n) {
                collect(c, out);
            }
        }
    }

    /**
     * @param n a JSON tree
     * @return whether every number in it is finite
     */
    static boolean allFinite(JsonNode n) {
        if (n.isNumber()) {
            return Double.isFinite(n.doubleValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            if (!allFinite(it.next().getValue())) {
                return false;
            }
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                if (!allFinite(c)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @param s text for a failure message
     * @return at most 600 characters of it, and its length if cut
     */
    static String cap(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "... (" + s.length() + " chars)";
    }
}
