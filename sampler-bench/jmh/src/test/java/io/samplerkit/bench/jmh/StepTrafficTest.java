package io.samplerkit.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StepTrafficTest {

    @Test
    void everyDefaultBenchmarkSolverIsCounted() {
        for (String s : BenchConfig.PREFERRED_SOLVERS) {
            assertThat(StepTraffic.passes(s)).as(s).isPresent();
        }
    }

    @Test
    void passesAreTheSumOfTheKernelCallsAsDocumented() {
        Map<String, Integer> documented = Map.of("ddim", 4, "dpmpp-2m", 5, "dpmpp-3m", 6, "deis", 8,
                "deis[order=3]", 9, "unipc-bh2", 12, "unipc-bh2[order=3]", 14, "euler", 15, "heun", 29);
        documented.forEach((solver, passes) -> assertThat(StepTraffic.passes(solver)).as(solver).hasValue(passes));
        // option order and spacing do not matter
        assertThat(StepTraffic.passes(" unipc-bh2[ order = 3 ]")).hasValue(14);
        assertThat(StepTraffic.bytesPerStep("unipc-bh2[order=3]", 1_000_000)).isEqualTo(112_000_000L);
    }

    @Test
    void genericLincombReadsAndWritesOutOncePerExtraTerm() {
        assertThat(StepTraffic.genericLincomb(1)).isEqualTo(2);
        assertThat(StepTraffic.genericLincomb(2)).isEqualTo(5);
        assertThat(StepTraffic.genericLincomb(3)).isEqualTo(8);
        assertThat(StepTraffic.Call.GENERIC3.passes()).isEqualTo(8);
    }
}
