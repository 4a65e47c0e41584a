package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The reference's convergence sweeps (FORMAT.md {@code convergence_check}): every case re-run with each
 * step count (or tolerance pair) must give the reference's NFE and, to {@link ConvergenceRunner#DEFAULT_RTOL},
 * its error against the exact PF-ODE solution. Also checks the two ingredients on the stored cases: the
 * variant rules regenerate the stored grids, and the exact solution equals the stored {@code exact_pf_ode}.
 */
class ConvergenceCheckTest {

    /** Agreement required of our exact PF-ODE solution with the stored one (both analytic). */
    private static final double EXACT_RTOL = 1e-12;

    private static List<ReferenceCase> cases() {
        List<Path> files = ConformanceRunner.collectCases(
                List.of(ReferenceConformanceTest.referenceDir().resolve("cases")));
        // cases with injected noise are stochastic runs: no probability-flow solution, no convergence sweep
        return files.stream().map(ReferenceCase::load).filter(c -> !c.hasNoise()).toList();
    }

    @Test
    void everyPublicCaseCarriesAConvergenceSweep() {
        List<ReferenceCase> all = cases();
        assertThat(all).hasSizeGreaterThanOrEqualTo(73);
        for (ReferenceCase c : all) {
            List<ConvergencePoint> points = CaseVariants.points(c);
            assertThat(points).as(c.id()).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @TestFactory
    Stream<DynamicTest> variantRulesReproduceTheStoredGrids() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id(),
                () -> CaseVariants.checkReproducesStoredGrids(c)));
    }

    @TestFactory
    Stream<DynamicTest> exactSolutionEqualsTheStoredOne() {
        ConformanceRunner runner = new ConformanceRunner();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            PreparedCase prepared = runner.prepare(c);
            SamplingResult r = prepared.run();
            Batch mine = ConvergenceRunner.exact(c, prepared, r);
            double[][] stored = ReferenceCase.matrix(c.root().path("exact_pf_ode"));
            double scale = 1;
            double worst = 0;
            for (int i = 0; i < stored.length; i++) {
                for (int j = 0; j < stored[i].length; j++) {
                    scale = Math.max(scale, Math.abs(stored[i][j]));
                    worst = Math.max(worst, Math.abs(mine.get(i, j) - stored[i][j]));
                }
            }
            assertThat(worst).as("max |exact - stored exact_pf_ode|").isLessThanOrEqualTo(EXACT_RTOL * scale);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyConvergenceVariant() {
        ConvergenceRunner runner = new ConvergenceRunner();
        return cases().stream().flatMap(c -> CaseVariants.points(c).stream()
                .map(p -> DynamicTest.dynamicTest(c.id() + "@" + p.label(), () -> check(runner.run(c, p)))));
    }

    private static void check(VariantResult r) {
        switch (r.status()) {
            case PASS:
                assertThat(r.difference()).isLessThanOrEqualTo(r.tolerance());
                assertThat(r.nfe()).isEqualTo(r.referenceNfe());
                break;
            case SKIP:
                if (r.skipKind() != SkipKind.NOT_IMPLEMENTED) {
                    fail("skipped: " + r.line());
                }
                throw new TestAbortedException(r.line());
            default:
                fail(r.line() + (r.note().isEmpty() ? "" : " [" + r.note() + "]"));
        }
    }
}
