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

    private static List<ReferenceCase> cached;

    private static synchronized List<ReferenceCase> myCases() {
        if (cached == null) {
            cached = loadMyCases();
        }
        return cached;
    }

    private static List<ReferenceCase> loadMyCases() {
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

    /**
     * The public singlestep plan (stage grid from schedule, skip type, end points, NFE, order, allocation)
     * reproduces the times at which the references called the model, for the official singlestep cases
     * (nested for logSNR, subsampled otherwise) and k-diffusion's dpm_fast (nested, uniform in log sigma).
     */
    @TestFactory
    Stream<DynamicTest> singlestepPlanReproducesTheReferenceModelCallTimes() throws Exception {
        return myCases().stream().filter(c -> c.solver().path("method").asText().startsWith("singlestep")
                || c.solver().path("sampler").asText().equals("sample_dpm_fast"))
                .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
                    com.fasterxml.jackson.databind.JsonNode s = c.solver();
                    io.samplerkit.core.schedule.NoiseSchedule schedule = CaseSchedules.of(c);
                    boolean kdiff = s.has("sampler");
                    String skip = kdiff ? "logSNR" : s.path("skip_type").asText();
                    io.samplerkit.core.grid.TimeGrid grid = io.samplerkit.core.grid.SkipType.of(skip).grid();
                    io.samplerkit.solvers.exponential.SinglestepPlan plan = io.samplerkit.solvers.exponential
                            .SinglestepPlan.of(schedule, grid, skip.equals("logSNR")
                                    ? io.samplerkit.solvers.exponential.SinglestepPlan.Outer.NESTED
                                    : io.samplerkit.solvers.exponential.SinglestepPlan.Outer.SUBSAMPLED,
                                    kdiff ? s.path("sigma_max").asDouble() : s.path("t_start_effective").asDouble(),
                                    kdiff ? s.path("sigma_min").asDouble() : s.path("t_end_effective").asDouble(),
                                    kdiff ? s.path("n").asInt() : s.path("steps").asInt(),
                                    kdiff ? 3 : s.path("order").asInt(),
                                    s.path("method").asText().equals("singlestep_fixed")
                                            ? io.samplerkit.solvers.exponential.OrderAllocation.FIXED
                                            : io.samplerkit.solvers.exponential.OrderAllocation.FAST);
                    assertThat(plan.orders()).containsExactly(DpmSolverCases.orders(s.path("orders")));
                    double[] calls = ReferenceCase.vector(c.root().path("model_calls"));
                    double[] t = plan.times();
                    assertThat(t).hasSize(calls.length + 1);
                    for (int i = 0; i < calls.length; i++) {
                        assertThat(t[i]).as("stage %d", i)
                                .isCloseTo(calls[i], org.assertj.core.data.Offset.offset(1e-12 * calls[i]));
                    }
                }));
    }

    @Test
    void theTranslatorsCoverEveryNonAdaptiveDpmCase() {
        // 24 official (26 minus 2 adaptive) + 8 k-diffusion + 6 diffusers in the public set
        assertThat(myCases()).hasSize(38);
    }
}
