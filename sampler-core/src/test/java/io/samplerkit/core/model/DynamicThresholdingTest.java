package io.samplerkit.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.TestModels;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DynamicThresholdingTest {

    /** A model that returns a fixed batch. */
    private static DiffusionModel constant(Prediction prediction, double[][] rows) {
        return TestModels.of(prediction, (x, t, out) -> out.copyFrom(Batch.of(rows)));
    }

    @Test
    void quantileIsTorchLinearInterpolation() {
        double[] v = {4.0, 0.5, 2.0, 1.0};
        // sorted 0.5 1 2 4; rank p (n - 1)
        assertThat(DynamicThresholding.quantile(v, 0.0)).isEqualTo(0.5);
        assertThat(DynamicThresholding.quantile(v, 1.0)).isEqualTo(4.0);
        assertThat(DynamicThresholding.quantile(v, 0.5)).isEqualTo(1.5); // rank 1.5: 1 + 0.5 (2 - 1)
        assertThat(DynamicThresholding.quantile(v, 0.9)).isCloseTo(3.4, Offset.offset(1e-15)); // rank 2.7: 2 + 0.7 (4 - 2)
        assertThat(DynamicThresholding.quantile(v, 0.1)).isCloseTo(0.65, Offset.offset(1e-15)); // rank 0.3
        assertThat(DynamicThresholding.quantile(new double[] {1, Double.NaN}, 0.0)).isNaN();
        assertThat(DynamicThresholding.quantile(new double[] {7}, 0.995)).isEqualTo(7.0);
    }

    @Test
    void handComputedExampleForBothVariants() {
        // row 0: |x0| sorted = 0.5 1 2 4, p = 0.5 -> q = 1.5; row 1: |x0| = 0.1 0.2 0.3 0.4 -> q = 0.25
        double[][] x0 = {{-4.0, 0.5, 2.0, -1.0}, {0.1, -0.2, 0.3, 0.4}};
        VpLinearSchedule vp = VpLinearSchedule.standard();
        Batch x = Batch.zeros(2, 4);
        Batch out = Batch.zeros(2, 4);

        new DynamicThresholding(constant(Prediction.DATA, x0), vp, 0.5, 1.0, DynamicThresholding.Variant.OFFICIAL)
                .evaluate(x, 0.5, out);
        // OFFICIAL: s = max(q, 1) -> 1.5 and 1; x0 = clamp(x0, -s, s)/s
        assertThat(out.toArray()[0]).containsExactly(-1.0, 0.5 / 1.5, 1.0, -1.0 / 1.5);
        assertThat(out.toArray()[1]).containsExactly(0.1, -0.2, 0.3, 0.4);

        new DynamicThresholding(constant(Prediction.DATA, x0), vp, 0.5, 1.2, DynamicThresholding.Variant.DIFFUSERS)
                .evaluate(x, 0.5, out);
        // DIFFUSERS: s = clamp(q, 1, 1.2) -> 1.2 and 1
        assertThat(out.toArray()[0]).containsExactly(-1.0, 0.5 / 1.2, 1.0, -1.0 / 1.2);
        assertThat(out.toArray()[1]).containsExactly(0.1, -0.2, 0.3, 0.4);

        new DynamicThresholding(constant(Prediction.DATA, x0), vp, 0.5, 0.2, DynamicThresholding.Variant.OFFICIAL)
                .evaluate(x, 0.5, out);
        // OFFICIAL with max value 0.2: row 1 s = max(0.25, 0.2) = 0.25
        assertThat(out.toArray()[1]).containsExactly(0.1 / 0.25, -0.2 / 0.25, 0.25 / 0.25, 0.25 / 0.25);
    }

    @Test
    void noiseModelIsThresholdedInDataSpaceAndReturnsData() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        double t = 0.3;
        double a = vp.alpha(t);
        double s = vp.sigma(t);
        double[][] eps = {{0.3, -2.0, 1.0}};
        Batch x = Batch.of(new double[][] {{1.0, 2.0, -3.0}});
        DynamicThresholding thresholded = new DynamicThresholding(constant(Prediction.NOISE, eps), vp, 0.995, 1.0,
                DynamicThresholding.Variant.OFFICIAL);
        assertThat(thresholded.prediction()).isEqualTo(Prediction.DATA);
        Batch out = Batch.zeros(1, 3);
        thresholded.evaluate(x, t, out);
        double[] x0 = new double[3];
        double[] abs = new double[3];
        for (int i = 0; i < 3; i++) {
            x0[i] = (x.get(0, i) - s * eps[0][i]) / a;
            abs[i] = Math.abs(x0[i]);
        }
        double q = DynamicThresholding.quantile(abs, 0.995);
        double scale = Math.max(q, 1.0);
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(0, i)).isCloseTo(Math.min(Math.max(x0[i], -scale), scale) / scale,
                    Offset.offset(1e-15));
        }
        assertThat(scale).isGreaterThan(1.0);
    }

    @Test
    void invalidOptionsAreRejected() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        DiffusionModel m = constant(Prediction.DATA, new double[][] {{0}});
        assertThatThrownBy(() -> new DynamicThresholding(m, vp, 1.5, 1, DynamicThresholding.Variant.OFFICIAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new DynamicThresholding(m, vp, 0.9, 0.5, DynamicThresholding.Variant.DIFFUSERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValue");
        assertThatThrownBy(() -> new DynamicThresholding(m, vp, 0.9, 0, DynamicThresholding.Variant.OFFICIAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValue");
    }
}
