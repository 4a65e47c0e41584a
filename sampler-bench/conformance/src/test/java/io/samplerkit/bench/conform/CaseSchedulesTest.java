package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link CaseSchedules} reproduces, for every case that records them, the {@code (alpha, sigma)}
 * at which the reference evaluated its model: at the stored continuous time (DPM-Solver, UniPC)
 * or at {@code timeOfIndex(n)} of the integer timestep (diffusers DDIM/PNDM). k-diffusion cases
 * get an EDM schedule containing every stored sigma.
 */
class CaseSchedulesTest {

    private static final double RTOL = 1e-12;

    @TestFactory
    Stream<DynamicTest> theScheduleOfEveryCaseMatchesItsRecordedModelCalls() {
        List<Path> files = ConformanceRunner.collectCases(
                List.of(ReferenceConformanceTest.referenceDir().resolve("cases")));
        return files.stream().map(ReferenceCase::load).map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c)));
    }

    private static void check(ReferenceCase c) throws SkipCaseException {
        NoiseSchedule schedule = CaseSchedules.of(c);
        String family = c.family();
        if (family.equals("k-diffusion")) {
            assertThat(schedule).isInstanceOf(EdmSchedule.class);
            for (double sigma : c.timesteps()) {
                assertThat(schedule.sigma(sigma)).isEqualTo(sigma);
                assertThat(sigma).isBetween(sigma > 0 ? schedule.tMin() : 0.0, schedule.tMax());
            }
            return;
        }
        JsonNode calls = c.root().path("model_calls");
        JsonNode pairs = c.root().path("model_calls_alpha_sigma");
        String scheduler = c.solver().path("scheduler").asText("");
        boolean integerTimesteps = scheduler.equals("DDIMScheduler") || scheduler.equals("PNDMScheduler");
        if (family.equals("diffusers") && !integerTimesteps) {
            return; // sigma-based schedulers: the pair comes from the scheduler's sigma (CaseGrids.rhos)
        }
        assertThat(pairs.size()).isEqualTo(calls.size()).isPositive();
        for (int i = 0; i < calls.size(); i++) {
            double t = calls.get(i).doubleValue();
            if (integerTimesteps) {
                t = CaseGrids.trainIndices((VpDiscreteSchedule) schedule, new double[] {t})[0];
            }
            double alpha = pairs.get(i).get(0).doubleValue();
            double sigma = pairs.get(i).get(1).doubleValue();
            assertThat(Math.abs(schedule.alpha(t) - alpha)).as("alpha at call %d", i).isLessThanOrEqualTo(RTOL * alpha);
            assertThat(Math.abs(schedule.sigma(t) - sigma)).as("sigma at call %d", i).isLessThanOrEqualTo(RTOL * sigma);
        }
    }
}
