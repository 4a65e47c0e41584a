package io.samplerkit.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.schedule.VpLinearSchedule;
import org.junit.jupiter.api.Test;

class TimestepsZeroNoiseEndTest {

    private final VpLinearSchedule vp = VpLinearSchedule.standard();

    @Test
    void aSingleTimeGivesOneStepToZeroNoise() {
        Timesteps ts = Timesteps.ofZeroNoiseEnd(vp, 0.5);
        assertThat(ts.steps()).isEqualTo(1);
        assertThat(ts.t(0)).isEqualTo(0.5);
        assertThat(ts.alpha(0)).isEqualTo(vp.alpha(0.5));
        assertThat(ts.sigma(1)).isZero();
        assertThat(ts.lambda(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ts.isZeroNoise(1)).isTrue();
    }

    @Test
    void severalTimesEqualOfThenWithZeroNoiseEnd() {
        double[] t = {1.0, 0.4, 0.01};
        Timesteps a = Timesteps.ofZeroNoiseEnd(vp, t);
        Timesteps b = Timesteps.of(vp, t).withZeroNoiseEnd(vp);
        for (int i = 0; i < 4; i++) {
            assertThat(a.alpha(i)).isEqualTo(b.alpha(i));
            assertThat(a.sigma(i)).isEqualTo(b.sigma(i));
            assertThat(a.lambda(i)).isEqualTo(b.lambda(i));
        }
        assertThat(a.times()).containsExactly(b.times());
    }

    @Test
    void rejectsNoTimesAndAZeroNoiseTime() {
        assertThatThrownBy(() -> Timesteps.ofZeroNoiseEnd(vp)).hasMessage("times must have at least 1 point, got 0");
        assertThatThrownBy(() -> Timesteps.ofZeroNoiseEnd(vp, 0.0)).hasMessageStartingWith(
                "times[0]=0.0 must have sigma > 0 before the zero-noise end");
        assertThatThrownBy(() -> Timesteps.ofZeroNoiseEnd(vp, 0.5, 0.6)).hasMessageContaining("strictly decreasing");
    }
}
