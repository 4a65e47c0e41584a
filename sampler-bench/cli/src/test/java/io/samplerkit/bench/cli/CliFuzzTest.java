package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Seeded fuzzing of the command line through its entry point, in-process with captured output: mutated
 * conformance reference cases through {@code conform}, mutated report shards (manifest and results) through
 * {@code report merge}, and mutated argument lists of every command (options given bad, missing, repeated or
 * unknown values; paths that are missing, unwritable, folders, files or empty). For every input the outcome is
 * one of: exit 0 (with finite JSON where the command prints JSON); exit 2 with one short line on standard error;
 * exit 1 only where it is documented (a failed, unjudgeable or skipped conformance case, a failed run); never a
 * stack trace or an internal error, and always within {@link #LIMIT}. Counts and seeds: {@link FuzzSeeds}; the
 * JSON mutations: {@link JsonMutator}. A failure names the seed and the input.
 */
class CliFuzzTest {

    private static final int CASE_MUTANTS = 150;
    private static final int SHARD_MUTANTS = 40;
    private static final int ARGUMENT_LISTS = 150;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper LENIENT = new ObjectMapper();

    /** Progress and summary lines a report or merge writes to standard error besides its one message. */
    private static final Pattern PROGRESS = Pattern.compile(
            "^(report .*: .*(\\(\\d+ steps?\\)|done, \\d+/\\d+ in .*|elapsed .*)|\\d+ configurations .*)$");

    @TempDir
    static Path fixtures;

    private static Path shard0;
    private static Path shard1;
    private static String benchJarBefore;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeShardsAndHideTheBenchJar() {
        shard0 = fixtures.resolve("shard0");
        shard1 = fixtures.resolve("shard1");
        for (String[] s : new String[][] {{"0/2", shard0.toString()}, {"1/2", shard1.toString()}}) {
            CliRun r = CliRun.of("report", "--suite", "quick", "--solvers", "ddim", "--nfe", "5,10", "--no-plots",
                    "--shard", s[0], "--out", s[1]);
            assertThat(r.exit()).as(r.err()).isZero();
        }
        // bench hands its arguments to the benchmarks jar in a child JVM; in-process, only its own checks run
        benchJarBefore = System.getProperty(BenchJarCommand.JAR_PROPERTY);
        System.setProperty(BenchJarCommand.JAR_PROPERTY, fixtures.resolve("no-such-bench.jar").toString());
    }

    @AfterAll
    static void restoreTheBenchJar() {
        if (benchJarBefore == null) {
            System.clearProperty(BenchJarCommand.JAR_PROPERTY);
        } else {
            System.setProperty(BenchJarCommand.JAR_PROPERTY, benchJarBefore);
        }
    }

    private static List<Path> referenceCases() throws IOException {
        try (Stream<Path> files = Files.walk(ConformCommandTest.referenceDir().resolve("cases"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void mutatedReferenceCasesAreJudgedOrRefusedCleanly() throws IOException {
        List<Path> cases = referenceCases();
        int[] byExit = new int[3];
        for (long seed : FuzzSeeds.seeds(CASE_MUTANTS, 2)) {
            SplittableRandom rng = new SplittableRandom(seed);
            String text = JsonMutator.mutate(Files.readString(cases.get(rng.nextInt(cases.size()))), rng);
            Path f = tmp.resolve("case.json");
            Files.writeString(f, text);
            String input = "seed " + seed + ", case " + JsonMutator.cap(text);
            CliRun r = run(input, "conform", f.toString());
            String what = describe(input, r);
            CliOutcomes.assertNoTrace(r, what);
            assertThat(r.exit()).as(what).isBetween(0, 2);
            String first = r.outLines()[0];
            switch (r.exit()) {
                case 0 -> assertThat(first).as(what).startsWith("PASS ");
                case 1 -> assertThat(first).as(what).matches("^(FAIL|ERROR|SKIP) .*");
                default -> assertThat(first).as(what).startsWith("UNREADABLE ");
            }
            assertThat(r.err()).as(what).isEmpty();
            for (String line : r.outLines()) {
                assertThat(line.length()).as(what).isLessThan(CliOutcomes.MAX_MESSAGE_CHARS);
            }
            byExit[r.exit()]++;
        }
        System.out.printf("case mutants: %d passed, %d failed or unjudgeable, %d unreadable%n", byExit[0], byExit[1],
                byExit[2]);
    }

    @Test
    void mutatedShardsMergeOrAreRefusedCleanly() throws IOException {
        int merged = 0;
        int refused = 0;
        for (long seed : FuzzSeeds.seeds(SHARD_MUTANTS, 3)) {
            SplittableRandom rng = new SplittableRandom(seed);
            Path in = Files.createDirectories(tmp.resolve("in-" + Long.toHexString(seed)));
            Path a = ArgumentLists.copy(shard0, in.resolve("a"));
            Path b = ArgumentLists.copy(shard1, in.resolve("b"));
            Path victim = rng.nextBoolean() ? a : b;
            String file = rng.nextInt(3) == 0 ? "results.csv" : "manifest.json";
            Path target = victim.resolve(file);
            String text = file.equals("manifest.json") ? JsonMutator.mutate(Files.readString(target), rng)
                    : mutateCsv(Files.readString(target), rng);
            Files.writeString(target, text);
            String input = "seed " + seed + ", " + file + " of " + victim.getFileName() + ": " + JsonMutator.cap(text);
            CliRun r = run(input, "report", "merge", "--no-plots", "--out", in.resolve("m").toString(), a.toString(),
                    b.toString());
            String what = describe(input, r);
            CliOutcomes.assertNoTrace(r, what);
            if (r.exit() == 0) {
                merged++;
            } else {
                assertThat(r.exit()).as(what).isEqualTo(SamplerKitCli.EXIT_USAGE);
                CliOutcomes.assertOneShortLine(message(r.err()), what);
                assertThat(in.resolve("m")).as(what).doesNotExist();
                refused++;
            }
            deleteTree(in);
        }
        System.out.printf("shard mutants: %d merged, %d refused%n", merged, refused);
    }

    /** A line of the results removed, repeated, cut, or given a field of another kind. */
    private static String mutateCsv(String csv, SplittableRandom rng) {
        List<String> lines = new ArrayList<>(Arrays.asList(csv.split("\n", -1)));
        int i = rng.nextInt(lines.size());
        switch (rng.nextInt(5)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(i));
            case 2 -> lines.set(i, lines.get(i).substring(0, rng.nextInt(lines.get(i).length() + 1)));
            case 3 -> lines.add("garbage,\"unclosed");
            default -> {
                String[] f = lines.get(i).split(",", -1);
                String[] bad = {"x", "", "-1", "1e400", "NaN", "2147483648", "\"", "ok"};
                f[rng.nextInt(f.length)] = bad[rng.nextInt(bad.length)];
                lines.set(i, String.join(",", f));
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void mutatedArgumentListsRunOrAreRefusedCleanly() throws IOException {
        List<String> workingDirectory = listing(Path.of(""));
        int[] byExit = new int[3];
        for (long seed : FuzzSeeds.seeds(ARGUMENT_LISTS, 4)) {
            SplittableRandom rng = new SplittableRandom(seed);
            Path in = Files.createDirectories(tmp.resolve("in-" + Long.toHexString(seed)));
            ArgumentLists lists = new ArgumentLists(in, shard0, shard1,
                    ConformCommandTest.referenceDir().resolve(ConformCommandTest.EULER_CASE));
            String[] args = lists.generate(rng);
            String input = "seed " + seed + ", args " + JsonMutator.cap(Arrays.toString(args));
            CliRun r = run(input, args);
            String what = describe(input, r);
            CliOutcomes.assertNoTrace(r, what);
            String command = ArgumentLists.command(args);
            if (r.exit() == 0) {
                if (command.equals("sample") && !Arrays.asList(args).contains("--out") && !r.out().isEmpty()
                        && !r.out().startsWith("Usage") && !r.out().startsWith("samplerkit")) {
                    JsonNode out = LENIENT.readTree(r.out());
                    assertThat(JsonMutator.allFinite(out)).as(what).isTrue();
                }
            } else if (r.exit() == SamplerKitCli.EXIT_FAILURE) {
                assertThat(command).as("exit 1 is documented for conform, sample and report only: " + what)
                        .isIn("conform", "sample", "report");
                if (!command.equals("conform")) {
                    assertThat(message(r.err())).as(what).matches("^(sampling|report) failed: .*");
                }
            } else {
                assertThat(r.exit()).as(what).isEqualTo(SamplerKitCli.EXIT_USAGE);
                boolean unreadableCase = command.equals("conform") && r.out().contains("UNREADABLE ");
                if (!unreadableCase) {
                    CliOutcomes.assertOneShortLine(message(r.err()), what);
                }
            }
            byExit[r.exit()]++;
            deleteTree(in);
        }
        System.out.printf("argument lists: %d exit 0, %d exit 1, %d exit 2%n", byExit[0], byExit[1], byExit[2]);
        assertThat(listing(Path.of(""))).as("nothing written into the working directory").isEqualTo(workingDirectory);
    }

    /**
     * Every option of every command appears in the generator's vocabulary (it is read from the command line),
     * except those of the commands named in {@link ArgumentLists#NOT_FUZZED}.
     */
    @Test
    void theArgumentGeneratorKnowsEveryOption() {
        Set<String> all = new TreeSet<>();
        collectOptions(SamplerKitCli.commandLine(), "", all);
        assertThat(ArgumentLists.allOptionNames()).containsAll(all);
        assertThat(all).contains("--spec", "--out", "--rtol", "--shard", "--force", "--json");
    }

    private static void collectOptions(CommandLine cl, String name, Set<String> out) {
        if (ArgumentLists.NOT_FUZZED.contains(name)) {
            return;
        }
        for (OptionSpec o : cl.getCommandSpec().options()) {
            out.add(o.longestName());
        }
        cl.getSubcommands().forEach((sub, c) -> collectOptions(c, (name + " " + sub).strip(), out));
    }

    private static CliRun run(String input, String... args) {
        return assertTimeoutPreemptively(LIMIT, () -> CliRun.of(args), () -> input + " timed out");
    }

    private static String describe(String input, CliRun r) {
        return input + " -> exit " + r.exit() + ", stdout " + JsonMutator.cap(r.out()) + ", stderr "
                + JsonMutator.cap(r.err());
    }

    /** Standard error without the progress and summary lines of a report or merge. */
    private static String message(String err) {
        StringBuilder b = new StringBuilder();
        for (String line : err.split("\\R")) {
            if (!line.isBlank() && !PROGRESS.matcher(line).matches()) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder.toAbsolutePath())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
