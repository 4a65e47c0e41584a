package io.samplerkit.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad parameters are rejected with messages naming the field, the value and the allowed range. */
class ScheduleValidationTest {

    @Test
    void continuousSchedules() {
        assertThatThrownBy(() -> new VpLinearSchedule(-0.1, 20, 1)).hasMessage("beta0 must be in [0, inf), got -0.1");
        assertThatThrownBy(() -> new VpLinearSchedule(0.1, 0.05, 1))
                .hasMessage("beta1 must be in [beta0=0.1, inf) and positive, got 0.05");
        assertThatThrownBy(() -> new VpLinearSchedule(0, 0, 1)).hasMessage("beta1 must be in [beta0=0.0, inf) and positive, got 0.0");
        assertThatThrownBy(() -> new VpLinearSchedule(0.1, 20, Double.NaN)).hasMessage("tMax must be in (0, inf), got NaN");
        assertThatThrownBy(() -> new VpCosineSchedule(1.5, 0.9)).hasMessage("s must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> new VpCosineSchedule(0.008, 1.0)).hasMessage("tMax must be in (0.0, 1.0), got 1.0");
        assertThatThrownBy(() -> new VeSchedule(0, 50)).hasMessage("sigmaMin must be in (0, inf), got 0.0");
        assertThatThrownBy(() -> new VeSchedule(1, 0.5)).hasMessage("sigmaMax must be in (sigmaMin=1.0, inf), got 0.5");
        assertThatThrownBy(() -> new EdmSchedule(0.002, 0.001)).hasMessage("sigmaMax must be in (sigmaMin=0.002, inf), got 0.001");
        assertThatThrownBy(() -> new FlowMatchingSchedule(1.5)).hasMessage("tMax must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new SubVpSchedule(null)).hasMessage("vp must not be null");
    }

    @Test
    void describeNamesTheParameters() {
        assertThat(VpCosineSchedule.standard().describe()).isEqualTo("vp-cosine(s=0.008, T=0.9946)");
        assertThat(SubVpSchedule.standard().describe()).isEqualTo("sub-vp(beta0=0.1, beta1=20.0, T=1.0)");
        assertThat(VeSchedule.standard().describe()).isEqualTo("ve(sigmaMin=0.01, sigmaMax=50.0)");
        assertThat(FlowMatchingSchedule.standard().describe()).isEqualTo("flow-matching(T=1.0)");
    }

    @Test
    void closedFormsAtKnownPoints() {
        // cosine: alpha(0) = 1, and the reference's direct formula away from t = 0
        VpCosineSchedule c = VpCosineSchedule.standard();
        assertThat(c.alpha(0)).isEqualTo(1.0);
        double t = 0.6;
        double direct = Math.log(Math.cos((t + 0.008) / 1.008 * Math.PI / 2)) - Math.log(Math.cos(0.008 / 1.008 * Math.PI / 2));
        assertThat(c.logAlpha(t)).isCloseTo(direct, org.assertj.core.data.Offset.offset(1e-15));
        // VP linear: constant beta is allowed and inverts
        VpLinearSchedule constant = new VpLinearSchedule(0.5, 0.5, 2);
        assertThat(constant.timeOfLogAlpha(constant.logAlpha(1.3))).isCloseTo(1.3, org.assertj.core.data.Offset.offset(1e-15));
        // sub-VP: sigma = 1 - alpha^2
        SubVpSchedule sub = SubVpSchedule.standard();
        assertThat(sub.sigma(0.4)).isCloseTo(1 - Math.pow(sub.alpha(0.4), 2), org.assertj.core.data.Offset.offset(1e-15));
        // VE end points
        VeSchedule ve = VeSchedule.standard();
        assertThat(ve.sigma(0)).isEqualTo(0.01);
        assertThat(ve.sigma(1)).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-12));
        // flow: lambda = 0 at t = 1/2
        assertThat(FlowMatchingSchedule.standard().lambda(0.5)).isEqualTo(0.0);
        assertThat(FlowMatchingSchedule.standard().timeOfLambda(0.0)).isEqualTo(0.5);
    }
}
