package io.samplerkit.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {

    @Test
    void ratiosFollowFromBytesTimeAndBandwidth() {
        BenchResult.StepRow row = new BenchResult.StepRow("ddim", 1_000_000, 1, 2, 2_000_000, 1000,
                32_000_000L, 24_000_000L, 32.0, 16.0, 0.0);
        assertThat(row.bytesPerStep()).isEqualTo(32_000_000L);
        assertThat(row.gigabytesPerSecond()).isCloseTo(16.0, within(1e-12));
        assertThat(row.boundNanos()).isCloseTo(1_000_000, within(1e-6));
        assertThat(row.timeOverBound()).isCloseTo(2.0, within(1e-12));
        assertThat(row.timeOverDramBound()).isCloseTo(1.0, within(1e-12));
        assertThat(row.timeOverMinimalDramBound()).isCloseTo(4.0 / 3, within(1e-12));
    }

    @Test
    void uncountedSolversPrintQuestionMarks() {
        BenchResult r = new BenchResult(List.of(new BenchResult.StepRow("no-such-solver", 1000, 4, 1, 500, Double.NaN,
                -1, -1, 40, 10, 0.01)),
                List.of(new BenchResult.KernelRow("baseline", 1000, 100, 16_000, 0)), List.of());
        String table = BenchRunner.table(r);
        assertThat(table).contains("| no-such-solver | 1000 | 4 | 1 | 500 | ? | ? | 40.00 | ? | ? | ? | ? | 0.01 |")
                .contains("| baseline | 1000 | 100 | 16000 | 160.00 | 0.00 |")
                .doesNotContain("measured again");
    }

    @Test
    void theTriadMeasuredAgainShowsHowFarTheBoundMoved() {
        BenchResult.TriadRow slower = new BenchResult.TriadRow(10_000, 1, 132.64, 92.0);
        assertThat(slower.change()).isCloseTo(92.0 / 132.64 - 1, within(1e-15));
        BenchResult r = new BenchResult(List.of(), List.of(),
                List.of(slower, new BenchResult.TriadRow(10_000_000, 2, 80.0, 88.0)));
        assertThat(BenchRunner.table(r))
                .contains("| elements | threads | triad GB/s before the steps | after | change |")
                .contains("| 10000 | 1 | 132.64 | 92.00 | -31 % |")
                .contains("| 10000000 | 2 | 80.00 | 88.00 | +10 % |");
    }
}
