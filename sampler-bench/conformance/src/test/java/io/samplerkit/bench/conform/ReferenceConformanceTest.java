package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Every reference case under {@code ${samplerkit.reference.dir}/cases}, one dynamic test per case
 * named by its id: PASS required (1e-10 relative, identical NFE); a skip is tolerated (reported as
 * aborted) only when the solver is not implemented yet.
 */
class ReferenceConformanceTest {

    static Path referenceDir() {
        String dir = System.getProperty("samplerkit.reference.dir");
        assertThat(dir).as("system property samplerkit.reference.dir").isNotNull();
        return Paths.get(dir);
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCase() {
        ConformanceRunner runner = new ConformanceRunner();
        List<Path> files = ConformanceRunner.collectCases(List.of(referenceDir().resolve("cases")));
        assertThat(files).hasSizeGreaterThanOrEqualTo(73);
        return files.stream().map(file -> {
            ReferenceCase c = ReferenceCase.load(file);
            return DynamicTest.dynamicTest(c.id(), () -> check(runner.run(c)));
        });
    }

    private static void check(CaseResult r) {
        switch (r.status()) {
            case PASS:
                assertThat(r.maxAbsError()).isLessThanOrEqualTo(r.tolerance());
                assertThat(r.nfe()).isEqualTo(r.referenceNfe());
                break;
            case SKIP:
                if (r.skipKind() != SkipKind.NOT_IMPLEMENTED) {
                    fail("skipped for a reason other than a missing implementation: " + r.line());
                }
                throw new TestAbortedException(r.line());
            default:
                fail(r.line() + (r.note().isEmpty() ? "" : " [" + r.note() + "]"));
        }
    }

    @Test
    void theDdimAndEulerCasesRunAndPass() {
        ConformanceRunner runner = new ConformanceRunner();
        List<Path> files = ConformanceRunner.collectCases(List.of(referenceDir().resolve("cases")));
        long judged = files.stream().map(f -> runner.run(f))
                .filter(r -> r.id().contains("/euler-") || r.id().contains("/EulerDiscrete-")
                        || r.id().contains("/DDIM-"))
                .peek(r -> assertThat(r.status()).as(r.line()).isEqualTo(CaseStatus.PASS))
                .count();
        assertThat(judged).isGreaterThanOrEqualTo(5);
    }

    @Test
    void indexAndScheduleFilesAreNotCases() throws Exception {
        List<Path> files = ConformanceRunner.collectCases(List.of(referenceDir()));
        assertThat(files).noneMatch(p -> p.getFileName().toString().equals("index.json"))
                .noneMatch(p -> referenceDir().relativize(p).toString().contains("schedules"));
        try (Stream<Path> s = Files.list(referenceDir().resolve("cases/k-diffusion"))) {
            assertThat(files).containsAll(s.toList());
        }
    }
}
