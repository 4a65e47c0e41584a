package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every DPM-Solver / DPM-Solver++ reference case (official non-adaptive methods, k-diffusion's
 * sigma-space forms, diffusers DPMSolverMultistepScheduler) must PASS, not merely be skipped:
 * {@code max|ours - expected| <= 1e-10 max(1, max|expected|)} with identical NFE.
 */
class DpmSolverCasesTest {

    private static final List<CaseTranslator> MINE = List.of(new DpmSolverCases(), new KDiffusionDpmppMultistepCases(),
            new KDiffusionDpmFastCases(), new KDiffusionDpmpp2sAncestralCases(), new DiffusersDpmSolverMultistepCases());

    private static List<ReferenceCase> myCases() {
        Path dir = Paths.get(System.getProperty("samplerkit.reference.dir")).resolve("cases");
        return ConformanceRunner.collectCases(List.of(dir)).stream().map(ReferenceCase::load)
                .filter(c -> MINE.stream().anyMatch(t -> t.accepts(c))).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyDpmSolverCasePasses() {
        ConformanceRunner runner = new ConformanceRunner(MINE, ConformanceRunner.DEFAULT_RTOL);
        return myCases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            CaseResult r = runner.run(c);
            assertThat(r.status()).as(r.line() + " [" + r.note() + "]").isEqualTo(CaseStatus.PASS);
            assertThat(r.nfe()).isEqualTo(r.referenceNfe());
            assertThat(r.maxAbsError()).isLessThanOrEqualTo(r.tolerance());
        }));
    }

    @Test
    void theTranslatorsCoverEveryNonAdaptiveDpmCase() {
        // 24 official (26 minus 2 adaptive) + 8 k-diffusion + 6 diffusers in the public set
        assertThat(myCases()).hasSize(38);
    }
}
