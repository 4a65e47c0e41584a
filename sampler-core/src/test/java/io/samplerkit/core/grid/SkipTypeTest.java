package io.samplerkit.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class SkipTypeTest {

    @Test
    void officialNamesMapToTheirGridsAndOthersAreRejected() {
        assertThat(SkipType.of("logSNR").grid()).isEqualTo(new LogSnrGrid());
        assertThat(SkipType.of("time_uniform").grid()).isEqualTo(new UniformTimeGrid());
        assertThat(SkipType.of("time_quadratic").grid()).isEqualTo(new QuadraticTimeGrid());
        for (SkipType t : SkipType.values()) {
            assertThat(SkipType.of(t.officialName())).isSameAs(t);
        }
        assertThatThrownBy(() -> SkipType.of("logsnr")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.path()).isEqualTo("skip_type");
            assertThat(e.value()).isEqualTo("logsnr");
            assertThat(e.allowed()).isEqualTo("one of [logSNR, time_uniform, time_quadratic]");
        });
    }
}
