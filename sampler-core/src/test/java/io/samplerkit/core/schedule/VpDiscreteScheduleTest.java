package io.samplerkit.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.testing.ReferenceJson;
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
        ReferenceJson ref = ReferenceJson.load("schedules/" + file);
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
        ReferenceJson ref = ReferenceJson.load("schedules/" + file);
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

    @Test
    void interpolatesThroughTheKnotsAndExtrapolatesTheOuterSegments() {
        VpDiscreteSchedule s = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        double[] la = s.logAlphaTable();
        double[] t = s.knotTimes();
        for (int n = 0; n < la.length; n++) {
            assertThat(Math.abs(s.logAlpha(t[n]) - la[n])).as("knot %d", n).isLessThanOrEqualTo(2 * Math.ulp(la[n]));
            assertThat(s.timeOfIndex(n)).isEqualTo(t[n]);
            assertThat(s.indexOfTime(t[n])).isCloseTo(n, org.assertj.core.data.Offset.offset(1e-12));
        }
        // midpoints: the average of the neighbours
        for (int n = 0; n + 1 < la.length; n += 37) {
            double mid = 0.5 * (t[n] + t[n + 1]);
            assertThat(s.logAlpha(mid)).as("mid %d", n)
                    .isCloseTo(0.5 * (la[n] + la[n + 1]), org.assertj.core.data.Offset.offset(1e-15));
            assertThat(s.f(mid)).isCloseTo((la[n + 1] - la[n]) * 1000, org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
        // below 1/N and above 1: the outer segments extended
        double slope0 = (la[1] - la[0]) / (t[1] - t[0]);
        double slope1 = (la[999] - la[998]) / (t[999] - t[998]);
        assertThat(s.logAlpha(0.5e-3)).isCloseTo(la[0] - 0.5e-3 * slope0, org.assertj.core.data.Offset.offset(1e-17));
        assertThat(s.logAlpha(1.01)).isCloseTo(la[999] + 0.01 * slope1, org.assertj.core.data.Offset.offset(1e-14));
        assertThat(s.f(0.5e-3)).isEqualTo(s.f(0.0015));
        // on an inner knot f is the slope of the segment to its left
        assertThat(s.f(t[500])).isEqualTo(s.f(0.5 * (t[499] + t[500])));
        assertThat(s.tMin()).isEqualTo(1e-3);
        assertThat(s.tMax()).isEqualTo(1.0);
        assertThat(s.size()).isEqualTo(1000);
        assertThat(s.alphasCumprod()[0]).isCloseTo(1 - 1e-4, org.assertj.core.data.Offset.offset(1e-16));
    }

    @Test
    void inverseIsTheInterpolationOfTheReversedTable() {
        VpDiscreteSchedule s = VpDiscreteSchedule.fromBetas(BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0, 0))
                .withLambdaClipping(VpDiscreteSchedule.OFFICIAL_LAMBDA_CLIP);
        double[] la = s.logAlphaTable();
        double[] t = s.knotTimes();
        for (int n = 0; n < la.length; n += 7) {
            assertThat(s.timeOfLogAlpha(la[n])).as("knot %d", n).isCloseTo(t[n], org.assertj.core.data.Offset.offset(1e-15));
        }
        // beyond the table: the outer segments of the reversed interpolation
        double below = la[la.length - 1] - 0.3;
        double expected = t[t.length - 1] + (below - la[la.length - 1]) * (t[t.length - 2] - t[t.length - 1])
                / (la[la.length - 2] - la[la.length - 1]);
        assertThat(s.timeOfLogAlpha(below)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(s.size()).isEqualTo(996);
        assertThat(s.tMin()).isEqualTo(1.0 / 996);
    }

    @Test
    void zeroTerminalSnrTableEndsItsDomainBeforeTheLastIndex() {
        double[] betas = BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012);
        double[] rescaled = ZeroTerminalSnr.rescaleBetas(betas);
        assertThat(rescaled[999]).isEqualTo(1.0);
        // 1 - alphabar carries the rounding of alphabar (a few eps absolute)
        assertThat(rescaled[0]).isCloseTo(betas[0], org.assertj.core.data.Offset.offset(4 * Math.ulp(1.0)));
        double[] abar = BetaSchedule.alphasCumprod(betas);
        double[] abarZ = ZeroTerminalSnr.rescaleAlphasCumprod(abar);
        assertThat(abarZ[999]).isEqualTo(0.0);
        // sqrt(abar) is an affine image of the original: equal first value, zero last
        double a0 = Math.sqrt(abar[0]);
        double aT = Math.sqrt(abar[999]);
        for (int i = 0; i < 1000; i += 111) {
            assertThat(Math.sqrt(abarZ[i])).isCloseTo((Math.sqrt(abar[i]) - aT) * a0 / (a0 - aT),
                    org.assertj.core.data.Offset.offset(1e-15));
        }
        VpDiscreteSchedule s = VpDiscreteSchedule.fromBetas(rescaled);
        VpDiscreteSchedule s2 = VpDiscreteSchedule.fromAlphasCumprod(abarZ);
        assertThat(s.zeroTerminalSnr()).isTrue();
        assertThat(s2.zeroTerminalSnr()).isTrue();
        assertThat(s.size()).isEqualTo(1000);
        assertThat(s.tMax()).isEqualTo(0.999);
        assertThat(s.logAlphaOfIndex(999)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.alphasCumprod()[999]).isEqualTo(0.0);
        assertThat(s.logAlphaTable()).hasSize(999);
        assertThat(Math.abs(s.logAlphaOfIndex(998) - s2.logAlphaOfIndex(998))).isLessThan(1e-12);
        // lambda clipping removes the terminal entry (lambda = -inf) and re-spreads the time axis
        VpDiscreteSchedule clipped = s.withLambdaClipping(-30);
        assertThat(clipped.zeroTerminalSnr()).isFalse();
        assertThat(clipped.size()).isEqualTo(999);
    }

    @Test
    void badTablesAreRejectedWithFieldValueAndRange() {
        assertThatThrownBy(() -> VpDiscreteSchedule.fromBetas(new double[] {0.1, 1.2, 0.3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("betas[1] must be in (0, 1), got 1.2");
        assertThatThrownBy(() -> VpDiscreteSchedule.fromBetas(new double[] {0.1, 0.2, Double.NaN}))
                .hasMessageContaining("betas[2] must be in (0, 1)").hasMessageContaining("got NaN");
        assertThatThrownBy(() -> VpDiscreteSchedule.fromBetas(new double[] {0.1}))
                .hasMessage("log-alpha table must have at least 2 entries with alpha > 0, got 1");
        assertThatThrownBy(() -> VpDiscreteSchedule.fromAlphasCumprod(new double[] {0.9, 0.95}))
                .hasMessageContaining("logAlpha[1] must be in (").hasMessageContaining("strictly decreasing");
        assertThatThrownBy(() -> VpDiscreteSchedule.fromAlphasCumprod(new double[] {0.9, 0.0, 0.5}))
                .hasMessage("alphasCumprod[1] must be in (0, 1), got 0.0");
        assertThatThrownBy(() -> VpDiscreteSchedule.fromLogAlphas(new double[] {-0.1, Double.NEGATIVE_INFINITY, -3}))
                .hasMessageContaining("logAlpha[1] must be in (-inf, -0.1)");
        VpDiscreteSchedule s = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(10, 0.1, 0.2));
        assertThatThrownBy(() -> s.timeOfIndex(10)).hasMessage("n must be in [0, 9], got 10");
        assertThatThrownBy(() -> s.withLambdaClipping(5)).hasMessageContaining("lambdaMin=5.0 leaves 0 table entries");
        assertThatThrownBy(() -> BetaSchedule.LINEAR.betas(10, 0.2, 0.1))
                .hasMessage("betaEnd must be in [betaStart=0.2, 1), got 0.1");
        assertThatThrownBy(() -> BetaSchedule.SCALED_LINEAR.betas(1, 0.1, 0.2)).hasMessage("n must be in [2, 2147483647], got 1");
        assertThatThrownBy(() -> ZeroTerminalSnr.rescaleAlphasCumprod(new double[] {0.9, 0.95}))
                .hasMessage("alphasCumprod[1] must be in (0, 0.9) (strictly decreasing), got 0.95");
    }
}
