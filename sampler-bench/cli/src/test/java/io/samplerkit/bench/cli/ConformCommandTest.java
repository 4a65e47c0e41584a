package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String EULER_CASE =
            "cases/k-diffusion/ve-karras-sigma_min0.002-sigma_max80-rho7__euler-n10__d3-b2.json";

    @TempDir
    Path tmp;

    static Path referenceDir() {
        return Paths.get(System.getProperty("samplerkit.reference.dir"));
    }

    /** Writes a modified copy of the Euler case into the temp folder. */
    private Path variant(String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode c = (ObjectNode) MAPPER.readTree(referenceDir().resolve(EULER_CASE).toFile());
        change.accept(c);
        Path p = tmp.resolve(name + ".json");
        MAPPER.writeValue(p.toFile(), c);
        return p;
    }

    @Test
    void aPassingCasePrintsItsLineAndTheSummary() {
        CliRun r = CliRun.of("conform", referenceDir().resolve(EULER_CASE).toString());
        assertThat(r.exit()).isZero();
        assertThat(r.outLines()[0]).matches(
                "PASS k-diffusion/ve-karras-sigma_min0.002-sigma_max80-rho7/euler-n10/d3-b2 \\d\\.\\d{3}e-\\d\\d 10");
        assertThat(r.lastLine()).isEqualTo("1 passed, 0 failed, 0 skipped");
    }

    @Test
    void aFolderIsSearchedRecursivelyWithoutIndexOrSchedules() {
        CliRun r = CliRun.of("conform", referenceDir().toString());
        assertThat(r.lastLine()).matches("\\d+ passed, \\d+ failed, \\d+ skipped");
        assertThat(r.out()).doesNotContain("index").doesNotContain("schedules/");
        // the 73 public cases, the 21 with injected noise (cases/injected-noise) and the summary line
        assertThat(r.outLines()).hasSize(73 + 21 + 1);
    }

    @Test
    void aWrongExpectedValueFailsWithExitCode1() throws IOException {
        Path bad = variant("bad", c -> ((ArrayNode) c.get("expected").get(0)).set(0,
                c.get("expected").get(0).get(0).doubleValue() + 1e-6));
        CliRun r = CliRun.of("conform", bad.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.outLines()[0]).startsWith("FAIL ").contains("max abs error 1.000e-06 > tolerance");
        assertThat(r.lastLine()).isEqualTo("0 passed, 1 failed, 0 skipped");
    }

    @Test
    void aDifferentNfeIsAFailureEvenWhenTheValuesMatch() throws IOException {
        Path bad = variant("nfe", c -> c.put("nfe", 11));
        CliRun r = CliRun.of("conform", bad.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.outLines()[0]).startsWith("FAIL ").endsWith("nfe 10 != reference nfe 11");
    }

    @Test
    void rtolIsAnOption() throws IOException {
        java.util.List<String> rowTolerances = new java.util.ArrayList<>();
        for (JsonNode row : MAPPER.readTree(referenceDir().resolve(EULER_CASE).toFile()).get("expected")) {
            double scale = 1;
            for (JsonNode v : row) {
                scale = Math.max(scale, Math.abs(v.doubleValue()));
            }
            rowTolerances.add(String.format(java.util.Locale.ROOT, "> tolerance %.3e", 1e-30 * scale));
        }
        CliRun r = CliRun.of("conform", "--rtol", "1e-30", referenceDir().resolve(EULER_CASE).toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.outLines()[0]).startsWith("FAIL ");
        assertThat(rowTolerances).as("the tolerance of one row").anyMatch(t -> r.outLines()[0].contains(t));
    }

    /** Every class of case that cannot be judged: an ERROR line naming the field, exit 1. */
    @Test
    void aCaseThatCannotBeJudgedIsAnError() throws IOException {
        Object[][] broken = {
            {"no-expected", (Consumer<ObjectNode>) c -> c.remove("expected"), "no expected output"},
            {"null-expected", (Consumer<ObjectNode>) c -> c.putNull("expected"), "no expected output"},
            {"inf-expected", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("expected").get(1)).set(2, "inf"),
                "expected[1][2] must be a finite number"},
            {"huge-expected", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("expected").get(0)).set(0,
                Double.POSITIVE_INFINITY), "expected[0][0] must be a finite number"},
            {"ragged-expected", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("expected").get(1)).remove(0),
                "expected[1] must be a non-empty row"},
            {"no-nfe", (Consumer<ObjectNode>) c -> c.remove("nfe"), "nfe must be a non-negative integer"},
            {"negative-nfe", (Consumer<ObjectNode>) c -> c.put("nfe", -1), "nfe must be a non-negative integer"},
            {"string-nfe", (Consumer<ObjectNode>) c -> c.put("nfe", "10"), "nfe must be a non-negative integer"},
            {"fractional-nfe", (Consumer<ObjectNode>) c -> c.put("nfe", 10.5), "nfe must be a non-negative integer"},
            {"no-schedule", (Consumer<ObjectNode>) c -> c.remove("schedule"), "schedule must be an object"},
            {"no-id", (Consumer<ObjectNode>) c -> c.remove("id"), "id must be a non-empty string"},
            {"no-model", (Consumer<ObjectNode>) c -> c.remove("model"), "model must be an object of type gaussian"},
            {"model-dim", (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("model")).put("dim", 2),
                "model.dim and the length of model.mean must be 3"},
            {"ragged-x_T", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("x_T").get(1)).remove(0),
                "x_T[1] must be a row of 3 numbers"},
            {"short-x_T", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("x_T")).remove(1),
                "x_T must be an array of 2 rows"},
            {"string-timestep", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("timesteps")).set(3, "1.0"),
                "timesteps[3] must be a finite number"},
            {"short-noise", (Consumer<ObjectNode>) c -> {
                ArrayNode noise = c.putArray("noise");
                for (int i = 0; i < 9; i++) {
                    noise.addNull();
                }
            }, "noise must be 10 entries, one per outer step"},
            {"malformed-noise", (Consumer<ObjectNode>) c -> {
                ArrayNode noise = c.putArray("noise");
                for (int i = 0; i < 10; i++) {
                    noise.addNull();
                }
                noise.set(4, noise.arrayNode().add(1.0));
            }, "noise[4] must be null or an array of 2 rows"},
        };
        for (Object[] b : broken) {
            @SuppressWarnings("unchecked")
            Path p = variant((String) b[0], (Consumer<ObjectNode>) b[1]);
            CliRun r = CliRun.of("conform", p.toString());
            assertThat(r.exit()).as((String) b[0]).isEqualTo(SamplerKitCli.EXIT_FAILURE);
            assertThat(r.outLines()[0]).as((String) b[0]).startsWith("ERROR ").contains((String) b[2]);
            assertThat(r.lastLine()).as((String) b[0]).isEqualTo("0 passed, 0 failed, 0 skipped, 1 errors (cannot be judged)");
            CliRun allowed = CliRun.of("conform", "--allow-skips", p.toString());
            assertThat(allowed.exit()).as("%s with --allow-skips", b[0]).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        }
    }

    @Test
    void anEmptyOrNullOrMalformedFileIsUnreadableWithExitCode2() throws IOException {
        for (String content : new String[] {"", "null", "[1, 2]", "{\"id\": "}) {
            Path p = tmp.resolve("unreadable.json");
            Files.writeString(p, content);
            CliRun r = CliRun.of("conform", p.toString());
            assertThat(r.exit()).as("'%s'", content).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.outLines()[0]).as("'%s'", content).startsWith("UNREADABLE ");
            assertThat(r.err()).doesNotContain("Exception in thread").doesNotContain("\tat ");
        }
    }

    /** A literal that overflows to infinity in {@code expected} cannot loosen the tolerance: the file is unreadable. */
    @Test
    void anOverflowingLiteralInExpectedIsUnreadable() throws IOException {
        String text = Files.readString(referenceDir().resolve(EULER_CASE));
        int at = text.indexOf("\"expected\"");
        int number = text.indexOf('[', text.indexOf('[', at) + 1) + 1;
        Path p = tmp.resolve("overflow.json");
        Files.writeString(p, text.substring(0, number) + "1e400, " + text.substring(number));
        CliRun r = CliRun.of("conform", p.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.outLines()[0]).startsWith("UNREADABLE ").contains("expected[0][0]").contains("finite");
        CliRun allowed = CliRun.of("conform", "--allow-skips", p.toString());
        assertThat(allowed.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
    }

    @Test
    void aFolderWithoutCasesIsAUsageError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = CliRun.of("conform", empty.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("no case files");
    }

    @Test
    void theToleranceIsPerRow() throws IOException {
        // row 0 peaks at 1.42, row 1 at 3.14: 2.1e-6 in row 0 is within 1e-6 * 3.14 but not within 1e-6 * 1.42
        Path p = variant("row", c -> ((ArrayNode) c.get("expected").get(0)).set(0,
                c.get("expected").get(0).get(0).doubleValue() + 1.5e-6 * 1.4187414629630068));
        CliRun r = CliRun.of("conform", "--rtol", "1e-6", p.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.outLines()[0]).startsWith("FAIL ").contains("> tolerance 1.419e-06");
    }

    @Test
    void aCaseNoTranslatorAcceptsIsSkippedWithTheReasonAndFailsUnlessSkipsAreAllowed() throws IOException {
        Path skip = variant("skip", c -> ((ObjectNode) c.get("solver")).put("sampler", "sample_unknown"));
        CliRun r = CliRun.of("conform", skip.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.outLines()[0]).startsWith("SKIP ").contains(" - - no translator");
        assertThat(r.lastLine()).isEqualTo("0 passed, 0 failed, 1 skipped");
        CliRun allowed = CliRun.of("conform", "--allow-skips", skip.toString());
        assertThat(allowed.exit()).isZero();
    }

    @Test
    void anUnwritableOutIsRefusedBeforeAnyCaseRuns() {
        for (String out : new String[] {tmp.resolve("no-such-folder").resolve("out.json").toString(), tmp.toString(),
            "/proc/samplerkit-out.json", ""}) {
            CliRun r = CliRun.of("conform", "--out", out, referenceDir().resolve(EULER_CASE).toString());
            assertThat(r.exit()).as(out).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.out()).as("nothing computed for %s", out).isEmpty();
            assertThat(r.err()).as(out).startsWith("--out ").doesNotContain("\tat ");
        }
    }

    @Test
    void anExceptionWhileRunningIsAFailureWithItsMessage() throws IOException {
        Path broken = variant("broken", c -> ((ArrayNode) c.get("timesteps")).set(3, 1000.0));
        CliRun r = CliRun.of("conform", broken.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.outLines()[0]).startsWith("FAIL ").contains("strictly decreasing");
    }

    @Test
    void verbosePrintsTheMapping() {
        CliRun r = CliRun.of("conform", "--verbose", referenceDir().resolve(EULER_CASE).toString());
        assertThat(r.outLines()[1]).contains("sample_euler -> euler on edm(");
    }

    @Test
    void outWritesEveryCaseAsJson() throws IOException {
        Path run = variant("run", c -> c.remove("expected"));
        Path out = tmp.resolve("out.json");
        CliRun r = CliRun.of("conform", "--out", out.toString(), referenceDir().resolve(EULER_CASE).toString(),
                run.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        JsonNode json = MAPPER.readTree(out.toFile());
        assertThat(json.path("summary").path("passed").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("errors").asInt()).isEqualTo(1);
        JsonNode pass = json.path("cases").get(0);
        assertThat(pass.path("status").asText()).isEqualTo("PASS");
        assertThat(pass.path("nfe").asInt()).isEqualTo(10);
        assertThat(pass.path("reference_nfe").asInt()).isEqualTo(10);
        assertThat(pass.path("max_abs_error").asDouble()).isLessThan(1e-12);
        JsonNode expected = MAPPER.readTree(referenceDir().resolve(EULER_CASE).toFile()).get("expected");
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.get(i).size(); j++) {
                assertThat(pass.path("output").get(i).get(j).asDouble())
                        .isCloseTo(expected.get(i).get(j).asDouble(), org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        JsonNode runCase = json.path("cases").get(1);
        assertThat(runCase.path("status").asText()).isEqualTo("ERROR");
        assertThat(runCase.path("max_abs_error").isNull()).isTrue();
        assertThat(runCase.path("reason").asText()).contains("no expected output");
    }

    @Test
    void aMissingPathIsAUsageError() {
        CliRun r = CliRun.of("conform", tmp.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(r.err()).contains("path does not exist");
    }

    @Test
    void convergencePrintsOneLinePerVariantAfterTheCaseSummary() {
        CliRun r = CliRun.of("conform", "--convergence", referenceDir().resolve(EULER_CASE).toString());
        assertThat(r.exit()).isZero();
        String[] lines = r.outLines();
        assertThat(lines).hasSize(1 + 1 + 6 + 1);
        assertThat(lines[1]).isEqualTo("1 passed, 0 failed, 0 skipped");
        int[] steps = {5, 10, 20, 40, 80, 160};
        for (int k = 0; k < steps.length; k++) {
            assertThat(lines[2 + k]).matches("PASS k-diffusion/ve-karras-sigma_min0.002-sigma_max80-rho7/euler-n10/d3-b2@"
                    + steps[k] + " \\d\\.\\d{3}e-\\d\\d " + steps[k]);
        }
        assertThat(r.lastLine()).isEqualTo("convergence: 6 passed, 0 failed, 0 skipped");
    }

    @Test
    void aWrongReferenceErrorInTheSweepFailsWithExitCode1() throws IOException {
        Path bad = variant("sweep", c -> {
            ArrayNode e = (ArrayNode) c.get("convergence_check").get("reference_errors");
            e.set(3, e.get(3).doubleValue() * 1.01);
        });
        CliRun plain = CliRun.of("conform", bad.toString());
        assertThat(plain.exit()).as("without --convergence the sweep is not run").isZero();
        CliRun r = CliRun.of("conform", "--convergence", bad.toString());
        assertThat(r.exit()).isEqualTo(SamplerKitCli.EXIT_FAILURE);
        assertThat(r.out()).contains("FAIL k-diffusion/ve-karras-sigma_min0.002-sigma_max80-rho7/euler-n10/d3-b2@40 ");
        assertThat(r.lastLine()).isEqualTo("convergence: 5 passed, 1 failed, 0 skipped");
    }
}
