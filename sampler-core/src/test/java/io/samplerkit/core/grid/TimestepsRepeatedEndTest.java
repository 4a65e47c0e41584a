package io.samplerkit.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.schedule.VpLinearSchedule;
import org.junit.jupiter.api.Test;

class TimestepsRepeatedEndTest {

    private final VpLinearSchedule vp = VpLinearSchedule.standard();

    @Test
    void theLastPointIsAnExactCopyAndOnlyTheLastStepHasZeroLength() {
        double[] t = {1.0, 0.4, 0.01};
        Timesteps ts = Timesteps.ofRepeatedEnd(vp, t);
        Timesteps plain = Timesteps.of(vp, t);
        assertThat(ts.points()).isEqualTo(4);
        assertThat(ts.steps()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(ts.t(i)).isEqualTo(plain.t(i));
            assertThat(ts.alpha(i)).isEqualTo(plain.alpha(i));
            assertThat(ts.sigma(i)).isEqualTo(plain.sigma(i));
            assertThat(ts.lambda(i)).isEqualTo(plain.lambda(i));
        }
        assertThat(ts.t(3)).isEqualTo(ts.t(2));
        assertThat(ts.alpha(3)).isEqualTo(ts.alpha(2));
        assertThat(ts.sigma(3)).isEqualTo(ts.sigma(2));
        assertThat(ts.lambda(3) - ts.lambda(2)).isZero();
        assertThat(ts.endsWithZeroLengthStep()).isTrue();
        assertThat(ts.isZeroLength(2)).isTrue();
        assertThat(ts.isZeroLength(1)).isFalse();
        assertThat(ts.isZeroLength(0)).isFalse();
        assertThat(ts.endsAtZeroNoise()).isFalse();
        assertThat(ts.times()).containsExactly(1.0, 0.4, 0.01, 0.01);
        assertThat(plain.endsWithZeroLengthStep()).isFalse();
        assertThat(plain.isZeroLength(1)).isFalse();
    }

    @Test
    void aSingleTimeGivesOneZeroLengthStep() {
        Timesteps ts = Timesteps.ofRepeatedEnd(vp, 0.5);
        assertThat(ts.steps()).isEqualTo(1);
        assertThat(ts.isZeroLength(0)).isTrue();
    }

    @Test
    void rejectsWhatAZeroLengthStepCannotFollowOrPrecede() {
        assertThatThrownBy(() -> Timesteps.ofRepeatedEnd(vp)).hasMessage("times must have at least 1 point, got 0");
        assertThatThrownBy(() -> Timesteps.ofRepeatedEnd(vp, 0.5, 0.5)).hasMessageContaining("strictly decreasing");
        assertThatThrownBy(() -> Timesteps.of(vp, new double[] {0.5, 0.2, 0.2}))
                .hasMessageContaining("strictly decreasing");
        assertThatThrownBy(() -> Timesteps.ofRepeatedEnd(vp, 0.5, 0.0)).hasMessageStartingWith(
                "times[1]=0.0 must have sigma > 0 to be repeated as a zero-length final step");
        Timesteps ts = Timesteps.ofRepeatedEnd(vp, 0.5, 0.1);
        assertThatThrownBy(() -> ts.withZeroNoiseEnd(vp)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("repeated point");
    }
}
