package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cases with injected noise ({@code cases/injected-noise}, FORMAT.md {@code noise}): k-diffusion's
 * {@code sample_euler_ancestral}, {@code sample_dpm_2_ancestral} and {@code sample_dpmpp_2s_ancestral}, diffusers'
 * {@code DDPMScheduler}, and {@code EulerAncestralDiscreteScheduler} and {@code SASolverScheduler} (through
 * the config loader; SASolver's cases computed by diffusers' own scheduler file) pass at 1e-10; the same cases with
 * one draw changed, one draw missing, a draw too many or a malformed draw do not.
 */
class InjectedNoiseCasesTest {

    private static List<ReferenceCase> cases() {
        Path dir = ReferenceConformanceTest.referenceDir().resolve("cases/injected-noise");
        return ConformanceRunner.collectCases(List.of(dir)).stream().map(ReferenceCase::load).toList();
    }

    @Test
    void everyInjectedNoiseCasePasses() {
        ConformanceRunner runner = new ConformanceRunner();
        List<ReferenceCase> all = cases();
        assertThat(all.stream().filter(c -> c.isKDiffusion("sample_euler_ancestral"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(all.stream().filter(c -> c.isKDiffusion("sample_dpm_2_ancestral"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(all.stream().filter(c -> c.isKDiffusion("sample_dpmpp_2s_ancestral"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(all.stream().filter(c -> c.isDiffusers("DDPMScheduler"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(all.stream().filter(c -> c.isDiffusers("EulerAncestralDiscreteScheduler")))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(all.stream().filter(c -> c.isDiffusers("SASolverScheduler"))).hasSizeGreaterThanOrEqualTo(8);
        for (ReferenceCase c : all) {
            assertThat(c.hasNoise()).as(c.id()).isTrue();
            CaseResult r = runner.run(c);
            assertThat(r.status()).as(r.line()).isEqualTo(CaseStatus.PASS);
        }
    }

    @Test
    void aChangedDrawFails() {
        for (ReferenceCase c : cases()) {
            ObjectNode root = c.root().deepCopy();
            ArrayNode steps = root.withArray("noise");
            int k = 0;
            while (steps.get(k).isNull()) {
                k++;
            }
            ArrayNode first = (ArrayNode) steps.get(k).get(0);
            first.set(0, first.numberNode(first.get(0).asDouble() + 1e-3));
            CaseResult r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), root));
            assertThat(r.status()).as(c.id()).isEqualTo(CaseStatus.FAIL);
        }
    }

    @Test
    void aMissingOrSurplusDrawFailsWithTheStep() {
        ReferenceCase c = cases().get(0);
        ObjectNode missing = c.root().deepCopy();
        missing.withArray("noise").set(1, missing.nullNode());
        CaseResult r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), missing));
        assertThat(r.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(r.reason()).contains("step 1");

        ObjectNode unused = c.root().deepCopy();
        ArrayNode steps = unused.withArray("noise");
        int drawless = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isNull()) {
                drawless = i;
            }
        }
        assertThat(drawless).as("a step of %s that draws nothing", c.id()).isNotNegative();
        steps.set(drawless, steps.get(0).deepCopy());
        r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), unused));
        assertThat(r.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(r.reason()).contains("step " + drawless, "never drew");
    }

    /** A noise array with an entry more or fewer than the reference loop has steps is a malformed case: ERROR. */
    @Test
    void aNoiseArrayOfTheWrongLengthCannotBeJudged() {
        for (ReferenceCase c : cases()) {
            int steps = c.root().withArray("noise").size();
            ObjectNode surplus = c.root().deepCopy();
            ArrayNode noise = surplus.withArray("noise");
            noise.add(noise.get(0).deepCopy());
            CaseResult r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), surplus));
            assertThat(r.status()).as(c.id()).isEqualTo(CaseStatus.ERROR);
            assertThat(r.reason()).contains(steps + " entries");
            ObjectNode shorter = c.root().deepCopy();
            shorter.withArray("noise").remove(steps - 1);
            r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), shorter));
            assertThat(r.status()).as(c.id()).isEqualTo(CaseStatus.ERROR);
        }
    }

    /** The EulerAncestral cases are judged on the grid the config loader rebuilds, which must equal the stored one. */
    @Test
    void aStoredGridTheConfigLoaderDoesNotRebuildFails() {
        ReferenceCase c = cases().stream().filter(k -> k.isDiffusers("EulerAncestralDiscreteScheduler")).findFirst()
                .orElseThrow();
        ObjectNode root = c.root().deepCopy();
        ArrayNode sigmas = root.withArray("sigmas");
        sigmas.set(3, sigmas.numberNode(sigmas.get(3).asDouble() * (1 + 1e-9)));
        CaseResult r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), root));
        assertThat(r.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(r.reason()).contains("config loader's sigmas[3]");
    }

    /**
     * {@code sample_dpm_2_ancestral} with {@code eta > 1} drops the noise of a capped step, which
     * {@code dpm-2-ancestral} does not reproduce: skipped with the reason, never judged.
     */
    @Test
    void dpm2AncestralAboveEtaOneIsSkippedWithTheReason() {
        ReferenceCase c = cases().stream().filter(k -> k.isKDiffusion("sample_dpm_2_ancestral")).findFirst()
                .orElseThrow();
        ObjectNode root = c.root().deepCopy();
        ((ObjectNode) root.get("solver")).put("eta", 1.5);
        CaseResult r = new ConformanceRunner().run(new ReferenceCase(c.file(), c.referenceRoot(), root));
        assertThat(r.status()).isEqualTo(CaseStatus.SKIP);
        assertThat(r.reason()).contains("eta > 1", "sigma_down = 0");
    }

    @Test
    void aMalformedDrawIsNamedByItsPath() {
        ReferenceCase c = cases().get(0);
        ObjectNode root = c.root().deepCopy();
        ((ArrayNode) root.withArray("noise").get(0).get(1)).set(0, root.textNode("x"));
        ReferenceCase bad = new ReferenceCase(c.file(), c.referenceRoot(), root);
        assertThatThrownBy(() -> new ConformanceRunner().prepare(bad)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("noise[0][1][0]");
                    assertThat(e.allowed()).isEqualTo("a finite number");
                });
    }
}
