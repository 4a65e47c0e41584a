package io.samplerkit.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {

    private static List<String> labels(List<Ticks.Tick> ticks) {
        return ticks.stream().filter(Ticks.Tick::major).map(Ticks.Tick::label).toList();
    }

    @Test
    void shortLogRangesAreLabelledAtOneTwoFive() {
        double[] r = Ticks.logRange(4, 100);
        assertThat(r[0]).isLessThan(Math.log10(4));
        assertThat(r[1]).isGreaterThan(2);
        assertThat(labels(Ticks.log(r[0], r[1]))).containsExactly("5", "10", "20", "50", "100");
        // minor ticks at 4, 6, 7, 8, 9, 30, 40, ...
        assertThat(Ticks.log(r[0], r[1])).extracting(Ticks.Tick::value).contains(4.0, 30.0, 90.0);
    }

    @Test
    void longLogRangesAreLabelledAtDecadesThinnedToAtMostNine() {
        assertThat(labels(Ticks.log(-6.2, -0.8))).containsExactly("1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1");
        List<String> wide = labels(Ticks.log(-14.1, 0.1));
        assertThat(wide).hasSizeLessThanOrEqualTo(9).contains("1e-14", "1");
        // no minor ticks beyond six decades
        assertThat(Ticks.log(-14.1, 0.1)).allMatch(Ticks.Tick::major);
    }

    @Test
    void logLabelsArePlainIntegersFromOneTo99999() {
        assertThat(Ticks.logLabel(2, 0)).isEqualTo("2");
        assertThat(Ticks.logLabel(5, 4)).isEqualTo("50000");
        assertThat(Ticks.logLabel(1, 5)).isEqualTo("1e5");
        assertThat(Ticks.logLabel(2, -3)).isEqualTo("2e-3");
    }

    @Test
    void linearTicksCoverTheRangeWithANiceStep() {
        List<Ticks.Tick> t = Ticks.linear(-0.3, 4.4);
        assertThat(t.get(0).value()).isLessThanOrEqualTo(-0.3);
        assertThat(t.get(t.size() - 1).value()).isGreaterThanOrEqualTo(4.4);
        assertThat(labels(t)).containsExactly("-1", "0", "1", "2", "3", "4", "5");
        assertThat(labels(Ticks.linear(0, 1))).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
    }
}
