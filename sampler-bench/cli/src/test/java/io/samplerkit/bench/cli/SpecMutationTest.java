package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.bench.report.SuitePlan;
import io.samplerkit.bench.report.Suites;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@code -Dsamplerkit.fuzz.seed=S} reruns one mutant (see {@link FuzzSeeds}); the mutations are
 * {@link JsonMutator}'s.
 */
class SpecMutationTest {

    private static final int SPEC_MUTANTS = 240;
    private static final int SUITE_MUTANTS = 120;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper LENIENT = new ObjectMapper();

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

    @Test
    void mutatedRunSpecsRunOrAreRefusedCleanly() throws IOException {
        List<String> valid = sources("sample-");
        int ran = 0;
        int refused = 0;
        for (long seed : FuzzSeeds.seeds(SPEC_MUTANTS, 0)) {
            SplittableRandom rng = new SplittableRandom(seed);
            String text = JsonMutator.mutate(valid.get(rng.nextInt(valid.size())), rng);
            Path f = tmp.resolve("m.json");
            Files.writeString(f, text);
            CliRun r = assertTimeoutPreemptively(LIMIT, () -> CliRun.of("sample", "--spec", f.toString()),
                    () -> "seed " + seed + " timed out: " + JsonMutator.cap(text));
            String what = "seed " + seed + ", exit " + r.exit() + ", stderr " + JsonMutator.cap(r.err()) + ", input " + JsonMutator.cap(text);
            if (r.exit() == 0) {
                JsonNode out = LENIENT.readTree(r.out());
                assertThat(JsonMutator.allFinite(out)).as(what).isTrue();
                ran++;
            } else {
                assertThat(r.exit()).as(what).isEqualTo(SamplerKitCli.EXIT_USAGE);
                CliOutcomes.assertOneShortLine(r.err(), what);
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
        for (long seed : FuzzSeeds.seeds(SUITE_MUTANTS, 1)) {
            SplittableRandom rng = new SplittableRandom(seed);
            String text = JsonMutator.mutate(valid.get(rng.nextInt(valid.size())), rng);
            Path f = tmp.resolve("s.json");
            Files.writeString(f, text);
            String what = "seed " + seed + ", input " + JsonMutator.cap(text);
            Object outcome = assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    return SuitePlan.enumerate(Suites.read(f), SolverRegistry.standard()).size();
                } catch (InvalidInputException e) {
                    return e;
                }
            }, () -> what + " timed out");
            if (outcome instanceof InvalidInputException e) {
                CliOutcomes.assertOneShortLine(e.getMessage(), what);
                refused++;
            } else {
                loaded++;
            }
        }
        System.out.printf("suite mutants: %d loaded, %d refused%n", loaded, refused);
    }
}
