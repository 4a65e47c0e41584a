package io.samplerkit.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VpDiscreteScheduleTest {

    /** Largest distance in ulps of {@code expected} over the arrays. */
    static double maxUlps(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.ulp(expected[i]));
        }
        return worst;
    }

    static Stream<Arguments> dpmTables() {
        return Stream.of(
                Arguments.of("vp-discrete-linear-0.0001-0.02-N1000-clipped.json", BetaSchedule.LINEAR, 1e-4, 0.02, true),
                Arguments.of("vp-discrete-linear-0.0001-0.02-N1000-unclipped.json", BetaSchedule.LINEAR, 1e-4, 0.02, false),
                Arguments.of("vp-discrete-scaled_linear-0.00085-0.012-N1000-clipped.json", BetaSchedule.SCALED_LINEAR,
                        0.00085, 0.012, true),
                Arguments.of("vp-discrete-scaled_linear-0.00085-0.012-N1000-unclipped.json", BetaSchedule.SCALED_LINEAR,
                        0.00085, 0.012, false),
                Arguments.of("vp-discrete-cosine-N1000-clipped.json", BetaSchedule.SQUAREDCOS_CAP_V2, 0.0, 0.0, true));
    }

    @ParameterizedTest
    @MethodSource("dpmTables")
    void reproducesTheOfficialTables(String file, BetaSchedule kind, double b0, double b1, boolean clipped) {
        ScheduleTables ref = ScheduleTables.load(file);
        double[] betas = ref.array("betas");
        VpDiscreteSchedule s = VpDiscreteSchedule.fromBetas(betas);
        if (clipped) {
            s = s.withLambdaClipping(VpDiscreteSchedule.OFFICIAL_LAMBDA_CLIP);
        }
        assertThat(s.size()).as(file).isEqualTo(ref.integer("total_N"));
        assertThat(maxUlps(s.logAlphaTable(), ref.array("log_alpha_array"))).as(file + " log alpha (ulps)")
                .isLessThanOrEqualTo(4);
        // t_array came from torch.linspace (blocked fma scheme, a couple of ulps off the exact (n+1)/N)
        double[] tRef = ref.array("t_array");
        double[] knots = s.knotTimes();
        for (int i = 0; i < knots.length; i++) {
            assertThat(knots[i]).as("%s t[%d]", file, i).isEqualTo((i + 1) / (double) s.size());
            assertThat(Math.abs(knots[i] - tRef[i])).as("%s t[%d]", file, i).isLessThanOrEqualTo(1e-15 * tRef[i]);
        }
        double[] mine = kind.betas(1000, b0, b1);
        if (kind == BetaSchedule.SQUAREDCOS_CAP_V2) {
            // 1 - f(t+)/f(t) cancels: a last-bit difference between Java's and glibc's cos becomes an
            // absolute error of a few eps in beta (the ratio is close to 1)
            for (int i = 0; i < mine.length; i++) {
                assertThat(Math.abs(mine[i] - betas[i])).as("%s beta[%d]", file, i).isLessThanOrEqualTo(4 * Math.ulp(1.0));
            }
            VpDiscreteSchedule own = VpDiscreteSchedule.fromBetas(mine).withLambdaClipping(-5.1);
            assertThat(own.size()).isEqualTo(ref.integer("total_N"));
            double[] la = own.logAlphaTable();
            double[] laRef = ref.array("log_alpha_array");
            for (int i = 0; i < la.length; i++) {
                // a sum of i+1 terms, each off by a few eps
                assertThat(Math.abs(la[i] - laRef[i])).as("%s log alpha[%d]", file, i)
                        .isLessThanOrEqualTo(4 * (i + 1) * Math.ulp(1.0));
            }
        } else {
            assertThat(maxUlps(mine, betas)).as(file + " betas (ulps)").isLessThanOrEqualTo(4);
        }
    }

    @Test
    void lambdaClippingLengths() {
        double[] cos = BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0, 0);
        assertThat(VpDiscreteSchedule.fromBetas(cos).withLambdaClipping(-5.1).size()).isEqualTo(996);
        assertThat(VpDiscreteSchedule.fromBetas(cos).size()).isEqualTo(1000);
        VpDiscreteSchedule lin = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        assertThat(lin.withLambdaClipping(-5.1)).isSameAs(lin);
        VpDiscreteSchedule sl = VpDiscreteSchedule.fromBetas(BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012));
        assertThat(sl.withLambdaClipping(-5.1).size()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"diffusers-linear-0.0001-0.02-N1000-float64.json",
        "diffusers-linear-0.00085-0.012-N1000-float64.json", "diffusers-scaled_linear-0.00085-0.012-N1000-float64.json"})
    void diffusersTables(String file) {
        ScheduleTables ref = ScheduleTables.load(file);
        double[] betas = ref.array("betas");
        double[] abar = ref.array("alphas_cumprod");
        // diffusers multiplies in order: same operations, same bits
        assertThat(BetaSchedule.alphasCumprod(betas)).containsExactly(abar);
        // torch.linspace vs numpy linspace: last-bit differences only
        boolean scaled = file.contains("scaled");
        double b0 = file.contains("0.0001") ? 1e-4 : 0.00085;
        double b1 = file.contains("0.0001") ? 0.02 : 0.012;
        BetaSchedule kind = scaled ? BetaSchedule.SCALED_LINEAR : BetaSchedule.LINEAR;
        assertThat(maxUlps(kind.betas(1000, b0, b1), betas)).as("betas (ulps)").isLessThanOrEqualTo(4);
        // the two routes to the log-alpha table (sum of logs, log of the product) agree to round-off
        VpDiscreteSchedule fromBetas = VpDiscreteSchedule.fromBetas(betas);
        VpDiscreteSchedule fromAbar = VpDiscreteSchedule.fromAlphasCumprod(abar);
        double[] a = fromBetas.logAlphaTable();
        double[] b = fromAbar.logAlphaTable();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("log alpha[%d]", i).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-13));
        }
        double[] back = fromAbar.alphasCumprod();
        for (int i = 0; i < abar.length; i++) {
            // exp(log(x)) amplifies the rounding of the log by |log x|
            double bound = (Math.abs(Math.log(abar[i])) + 2) * Math.ulp(1.0) * abar[i];
            assertThat(Math.abs(back[i] - abar[i])).as("alphabar[%d]", i).isLessThanOrEqualTo(bound);
        }
    }
}
