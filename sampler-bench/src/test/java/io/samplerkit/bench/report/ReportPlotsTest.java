package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportPlotsTest {

    @Test
    void compactRoundsLongDecimalsToTenthsOnly() {
        assertThat(ReportPlots.compact("<path d=\"M-4.875,-4.3125 L10.25,3 Q0.04,-0.06\"/> SVG 1.1"))
                .isEqualTo("<path d=\"M-4.9,-4.3 L10.3,3 Q0,-0.1\"/> SVG 1.1");
    }
}
