package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.report.SuitePlan;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation test of every JSON reader: a few hundred specs and suites mutated from the valid examples
 * (values replaced by extreme, wrong-kind or non-finite ones, fields removed, added or given twice, types swapped,
 * text truncated or followed by more content). For every input the outcome is either a successful run whose
 * output is JSON with finite numbers, or an input error: exit code 2 (an {@link InvalidInputException} for a
 * suite) with one short line and no stack trace, within a time limit. A failure prints the mutant's seed and text;
 * {@code -Dsamplerkit.mutation.seed=S} reruns one mutant.
 */
class SpecMutationTest {

    private static final int SPEC_MUTANTS = 240;
    private static final int SUITE_MUTANTS = 120;
    private static final long MASTER_SEED = 20_261_206L;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final String[] TYPE_NAMES = {"vp-linear", "vp-cosine", "vp-discrete", "sub-vp", "ve", "edm",
        "flow-matching", "uniform-time", "quadratic-time", "logsnr", "karras", "exponential", "polyexponential",
        "flow-shift", "diffusers", "explicit", "gaussian", "gaussian-mixture", "random-gaussian", "ring-mixture",
        "random-mixture", "noise", "data", "velocity", "flow", "score", "ddim", "euler", "dpmpp-2m", "nope"};

    @TempDir
    Path tmp;

    private static Path examples() {
        return ExampleSpecTest.repositoryRoot().resolve("docs/examples");
    }

    private static List<String> sources(String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(examples())) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                out.add(Files.readString(p));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static long[] seeds(int n) {
        String one = System.getProperty("samplerkit.mutation.seed");
        if (one != null) {
            return new long[] {Long.parseLong(one)};
        }
        SplittableRandom master = new SplittableRandom(MASTER_SEED);
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = master.nextLong();
        }
        return s;
    }

    @Test
    void mutatedRunSpecsRunOrAreRefusedCleanly() throws IOException {
        List<String> valid = sources("sample-");
        int ran = 0;
        int refused = 0;
        for (long seed : seeds(SPEC_MUTANTS)) {
            SplittableRandom rng = new SplittableRandom(seed);
            String text = mutate(valid.get(rng.nextInt(valid.size())), rng);
            Path f = tmp.resolve("m.json");
            Files.writeString(f, text);
            CliRun r = assertTimeoutPreemptively(LIMIT, () -> CliRun.of("sample", "--spec", f.toString()),
                    () -> "seed " + seed + " timed out: " + cap(text));
            String what = "seed " + seed + ", exit " + r.exit() + ", stderr " + cap(r.err()) + ", input " + cap(text);
            if (r.exit() == 0) {
                JsonNode out = LENIENT.readTree(r.out());
                assertThat(allFinite(out)).as(what).isTrue();
                ran++;
            } else {
                assertThat(r.exit()).as(what).isEqualTo(SamplerKitCli.EXIT_USAGE);
                assertShortLine(r.err(), what);
                assertThat(r.out()).as(what).isEmpty();
                refused++;
            }
        }
        System.out.printf("spec mutants: %d ran, %d refused%n", ran, refused);
    }

    @Test
    void mutatedSuitesLoadOrAreRefusedCleanly() throws IOException {
        List<String> valid = new ArrayList<>(sources("suite-"));
        valid.add(Suites.toJson(Suites.quick()));
        int loaded = 0;
        int refused = 0;
        for (long seed : seeds(SUITE_MUTANTS)) {
            SplittableRandom rng = new SplittableRandom(seed);
            String text = mutate(valid.get(rng.nextInt(valid.size())), rng);
            Path f = tmp.resolve("s.json");
            Files.writeString(f, text);
            String what = "seed " + seed + ", input " + cap(text);
            Object outcome = assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    return SuitePlan.enumerate(Suites.read(f), SolverRegistry.standard()).size();
                } catch (InvalidInputException e) {
                    return e;
                }
            }, () -> what + " timed out");
            if (outcome instanceof InvalidInputException e) {
                assertShortLine(e.getMessage(), what);
                refused++;
            } else {
                loaded++;
            }
        }
        System.out.printf("suite mutants: %d loaded, %d refused%n", loaded, refused);
    }

    private static void assertShortLine(String err, String what) {
        assertThat(err.strip()).as(what).isNotEmpty().doesNotContain("\n").doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(err.length()).as(what).isLessThan(600);
    }

    /** One to three mutations, tree-level or text-level. */
    static String mutate(String valid, SplittableRandom rng) throws IOException {
        JsonNode root = LENIENT.readTree(valid);
        int count = rng.nextInt(4) == 0 ? 2 + rng.nextInt(2) : 1;
        String text = null;
        for (int i = 0; i < count; i++) {
            int op = rng.nextInt(10);
            if (op < 6 || text != null) {
                mutateTree(root, rng);
            } else {
                text = mutateText(root.toString(), rng);
            }
        }
        return text != null ? text : root.toString();
    }

    private static void mutateTree(JsonNode root, SplittableRandom rng) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode c = containers.get(rng.nextInt(containers.size()));
        if (c instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(rng.nextInt(names.size()));
            switch (rng.nextInt(7)) {
                case 5, 6 -> o.set(name, nearby(o.get(name), rng));
                case 0 -> o.remove(name);
                case 1 -> o.set("extra" + rng.nextInt(3), value(rng));
                case 2 -> o.put(name, TYPE_NAMES[rng.nextInt(TYPE_NAMES.length)]);
                default -> o.set(name, value(rng));
            }
        } else if (c instanceof ArrayNode a && a.size() > 0) {
            int i = rng.nextInt(a.size());
            switch (rng.nextInt(5)) {
                case 4 -> a.set(i, nearby(a.get(i), rng));
                case 0 -> a.remove(i);
                case 1 -> a.add(a.get(i).deepCopy());
                default -> a.set(i, value(rng));
            }
        }
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
                int at = firstDigitFrom(text, rng.nextInt(text.length()));
                return at < 0 ? text : text.substring(0, at) + bad[rng.nextInt(bad.length)] + "," + text.substring(at);
            }
            default:
                return text.replaceFirst("\\}$", ", \"" + TYPE_NAMES[rng.nextInt(TYPE_NAMES.length)] + "\": {}}");
        }
    }

    private static int firstDigitFrom(String text, int from) {
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

    private static boolean allFinite(JsonNode n) {
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

    private static String cap(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "... (" + s.length() + " chars)";
    }
}
