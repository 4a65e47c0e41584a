package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.solvers.SamplingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The adaptive DPM-Solver (official and k-diffusion) and diffusers DEIS cases: besides the final state
 * and NFE (checked for every case by {@link ReferenceConformanceTest}), the adaptive cases must
 * reproduce the accepted times and the number of rejected attempts.
 */
class ExponentialFamilyConformanceTest {

    private static final List<CaseTranslator> TRANSLATORS = List.of(new DpmSolverAdaptiveCases(),
            new KDiffusionAdaptiveCases(), new DiffusersDeisCases());

    @TestFactory
    Stream<DynamicTest> adaptiveAndDeisCases() {
        List<Path> files = ConformanceRunner.collectCases(
                List.of(ReferenceConformanceTest.referenceDir().resolve("cases")));
        List<ReferenceCase> cases = files.stream().map(ReferenceCase::load)
                .filter(c -> TRANSLATORS.stream().anyMatch(t -> t.accepts(c))).toList();
        assertThat(cases).hasSize(6);
        ConformanceRunner runner = new ConformanceRunner();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            CaseResult r = runner.run(c);
            assertThat(r.status()).as(r.line() + " " + r.note()).isEqualTo(CaseStatus.PASS);
            if (c.id().contains("adaptive")) {
                checkSteps(c);
            }
        }));
    }

    /** Accepted times and rejected attempts as the reference recorded them. */
    private static void checkSteps(ReferenceCase c) throws SkipCaseException {
        CaseTranslator t = TRANSLATORS.stream().filter(x -> x.accepts(c)).findFirst().orElseThrow();
        SamplingResult r = t.prepare(c).run();
        double[] want = c.timesteps();
        assertThat(r.times()).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(r.times()[i]).as("accepted time %d", i).isCloseTo(want[i], within(1e-9 * want[i]));
        }
        int rejected = c.root().has("adaptive_rejected") ? c.root().path("adaptive_rejected").asInt()
                : c.solver().path("adaptive_info").path("n_reject").asInt();
        assertThat(r.rejectedSteps()).isEqualTo(rejected);
    }
}
