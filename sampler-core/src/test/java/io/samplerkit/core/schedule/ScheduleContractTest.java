package io.samplerkit.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded property tests every schedule must pass. Each failure message carries the schedule, the
 * seed and the sampled time, so a failure can be replayed.
 */
class ScheduleContractTest {

    private static final long SEED = 0x5CEDL;
    private static final int SAMPLES = 400;

    static List<NoiseSchedule> schedules() {
        List<NoiseSchedule> all = new ArrayList<>();
        all.add(VpLinearSchedule.standard());
        all.add(new VpLinearSchedule(0.5, 0.5, 2.0));
        all.add(new VpLinearSchedule(0.0, 12.0, 1.0));
        all.add(VpCosineSchedule.standard());
        all.add(new VpCosineSchedule(0.0, 0.99));
        all.add(VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02)));
        all.add(VpDiscreteSchedule.fromBetas(BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012)));
        all.add(VpDiscreteSchedule.fromBetas(BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0, 0))
                .withLambdaClipping(VpDiscreteSchedule.OFFICIAL_LAMBDA_CLIP));
        all.add(VpDiscreteSchedule.fromBetas(
                ZeroTerminalSnr.rescaleBetas(BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012))));
        all.add(VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(37, 1e-3, 0.3)));
        all.add(VeSchedule.standard());
        all.add(new VeSchedule(0.002, 80));
        all.add(SubVpSchedule.standard());
        all.add(EdmSchedule.standard());
        all.add(FlowMatchingSchedule.standard());
        return all;
    }

    /** Random times inside the open domain: half uniform, half log-uniform (to probe small t). */
    static double[] times(NoiseSchedule s, SplittableRandom rng, double logRange) {
        double lo = s.tMin();
        double hi = s.tMax();
        double[] t = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double u = rng.nextDouble();
            double v;
            if (i % 2 == 0 || lo > 0) {
                v = lo + u * (hi - lo);
            } else {
                v = hi * Math.exp(-u * logRange);
            }
            if (v <= lo || v >= hi) {
                v = 0.5 * (lo + hi);
            }
            t[i] = v;
        }
        return t;
    }

    private static Stream<DynamicTest> each(String what, PerTime check) {
        return each(what, Math.log(1e12), check);
    }

    private static Stream<DynamicTest> each(String what, double logRange, PerTime check) {
        return schedules().stream().map(s -> DynamicTest.dynamicTest(what + " on " + s.describe(), () -> {
            SplittableRandom rng = new SplittableRandom(SEED);
            for (double t : times(s, rng, logRange)) {
                check.at(s, t, "seed=" + SEED + " schedule=" + s.describe() + " t=" + t);
            }
        }));
    }

    @FunctionalInterface
    interface PerTime {
        void at(NoiseSchedule s, double t, String where);
    }

    private static void close(double actual, double expected, double rel, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: got %s, expected %s", what, actual, expected)
                .isLessThanOrEqualTo(rel * Math.abs(expected));
    }

    @TestFactory
    Stream<DynamicTest> timeOfLambdaInvertsLambda() {
        return each("timeOfLambda(lambda(t)) = t", (s, t, where) -> {
            double l = s.lambda(t);
            // a rounding error dl of lambda moves t by dl / |dlambda/dt|; 4e-16 |lambda| + 2e-16 bounds dl
            double slope = Math.abs(derivative(s::lambda, s, t));
            double tol = Math.max(1e-13 * t, 4 * (Math.abs(l) + 1) * Math.ulp(1.0) / slope);
            assertThat(Math.abs(s.timeOfLambda(l) - t)).as(where + " lambda=" + l).isLessThanOrEqualTo(tol);
            assertThat(Math.abs(s.timeOfRho(s.rho(t)) - t)).as(where + " (rho)").isLessThanOrEqualTo(tol);
        });
    }

    @TestFactory
    Stream<DynamicTest> lambdaMatchesAlphaAndSigma() {
        return each("lambda = log(alpha/sigma), rho = sigma/alpha", (s, t, where) -> {
            double a = s.alpha(t);
            double sg = s.sigma(t);
            assertThat(Math.abs(s.lambda(t) - Math.log(a / sg))).as(where).isLessThanOrEqualTo(
                    1e-14 * Math.max(1, Math.abs(s.lambda(t))));
            close(s.rho(t), sg / a, 1e-14, where + " rho");
        });
    }

    @TestFactory
    Stream<DynamicTest> variancePreservingSchedulesPreserveVariance() {
        return each("alpha^2 + sigma^2 = 1 iff VP", (s, t, where) -> {
            double a = s.alpha(t);
            double sg = s.sigma(t);
            if (s.variancePreserving()) {
                assertThat(Math.abs(a * a + sg * sg - 1)).as(where).isLessThanOrEqualTo(4 * Math.ulp(1.0));
            } else {
                assertThat(Math.abs(a * a + sg * sg - 1)).as(where).isGreaterThan(0);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> driftAndDiffusionMatchFiniteDifferences() {
        // down to t = 1e-6 T: below that, alpha(t) - 1 is lost to rounding and no difference quotient
        // of alpha can check f (the schedules themselves stay accurate there)
        return each("f = dlog alpha/dt, g2 = dsigma^2/dt - 2 f sigma^2", Math.log(1e6), (s, t, where) -> {
            double f = s.f(t);
            double sg = s.sigma(t);
            DoubleUnaryOperator logAlpha = s instanceof VpSchedule vp ? vp::logAlpha : u -> Math.log(s.alpha(u));
            double dLogAlpha = derivative(logAlpha, s, t);
            double dSigma2 = derivative(u -> s.sigma(u) * s.sigma(u), s, t);
            double scale = Math.abs(f) + 1e-300;
            assertThat(Math.abs(f - dLogAlpha)).as(where + " f").isLessThanOrEqualTo(1e-6 * Math.max(scale, 1e-3));
            double g2 = dSigma2 - 2 * f * sg * sg;
            assertThat(Math.abs(s.g2(t) - g2)).as(where + " g2=" + s.g2(t) + " fd=" + g2)
                    .isLessThanOrEqualTo(1e-6 * (Math.abs(dSigma2) + Math.abs(2 * f * sg * sg)));
            // alpha - 1 (accurate through expm1 for VP schedules) has the derivative of alpha
            DoubleUnaryOperator alphaMinus1 = s instanceof VpSchedule vp ? u -> Math.expm1(vp.logAlpha(u))
                    : u -> s.alpha(u) - 1;
            double dAlpha = derivative(alphaMinus1, s, t);
            double dSigma = derivative(s::sigma, s, t);
            assertThat(Math.abs(s.alphaDerivative(t) - dAlpha)).as(where + " alpha'")
                    .isLessThanOrEqualTo(1e-6 * Math.max(Math.abs(dAlpha), 1e-3 * s.alpha(t)));
            assertThat(Math.abs(s.sigmaDerivative(t) - dSigma)).as(where + " sigma'")
                    .isLessThanOrEqualTo(1e-6 * Math.abs(dSigma));
        });
    }

    @TestFactory
    Stream<DynamicTest> lambdaDecreases() {
        return each("lambda strictly decreasing", (s, t, where) -> {
            double h = 1e-6 * Math.max(t, 1e-3);
            double lo = Math.max(s.tMin(), t - h);
            double hi = Math.min(s.tMax(), t + h);
            assertThat(s.lambda(lo)).as(where).isGreaterThan(s.lambda(hi));
        });
    }

    /**
     * Fourth-order central difference with a step small against t, against the distance to the
     * domain ends and, for discrete schedules, against the distance to the nearest knot (log alpha
     * is only piecewise smooth there).
     */
    static double derivative(DoubleUnaryOperator fn, NoiseSchedule s, double t) {
        double h = 1e-5 * (s.tMax() - s.tMin());
        h = Math.min(h, 1e-3 * t);
        h = Math.min(h, 1e-3 * (t - s.tMin()));
        h = Math.min(h, 1e-3 * (s.tMax() - t));
        if (s instanceof VpDiscreteSchedule d) {
            double dist = Math.abs(d.indexOfTime(t) - Math.rint(d.indexOfTime(t))) / d.size();
            h = Math.min(h, 0.4 * dist);
        }
        return (8 * (fn.applyAsDouble(t + h) - fn.applyAsDouble(t - h))
                - (fn.applyAsDouble(t + 2 * h) - fn.applyAsDouble(t - 2 * h))) / (12 * h);
    }
}
