package io.samplerkit.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.SubVpSchedule;
import io.samplerkit.core.schedule.VeSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Seeded property tests for every grid rule; failure messages carry seed and inputs. */
class GridContractTest {

    private static final long SEED = 20240611L;

    static List<NoiseSchedule> schedules() {
        return List.of(VpLinearSchedule.standard(), VpCosineSchedule.standard(),
                VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02)),
                VpDiscreteSchedule.fromBetas(BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0, 0)).withLambdaClipping(-5.1),
                VeSchedule.standard(), SubVpSchedule.standard(), EdmSchedule.standard(),
                new FlowMatchingSchedule(0.999));
    }

    static List<TimeGrid> grids() {
        return List.of(new UniformTimeGrid(), new QuadraticTimeGrid(), new LogSnrGrid(), KarrasGrid.standard(),
                new KarrasGrid(2.5), new ExponentialGrid(), new PolyExponentialGrid(1), new PolyExponentialGrid(2),
                new FlowShiftGrid(new UniformTimeGrid(), 3.0));
    }

    @TestFactory
    Stream<DynamicTest> everyGridIsStrictlyDecreasingWithExactEndPoints() {
        List<DynamicTest> tests = new ArrayList<>();
        for (NoiseSchedule s : schedules()) {
            for (TimeGrid g : grids()) {
                if (g instanceof FlowShiftGrid && !(s instanceof FlowMatchingSchedule)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(g.describe() + " on " + s.describe(), () -> {
                    SplittableRandom rng = new SplittableRandom(SEED);
                    for (int k = 0; k < 60; k++) {
                        double lo = Math.max(s.tMin(), 1e-4 * s.tMax());
                        double a = lo + rng.nextDouble() * (s.tMax() - lo);
                        double b = lo + rng.nextDouble() * (s.tMax() - lo);
                        double tStart = Math.max(a, b);
                        double tEnd = Math.min(a, b);
                        if (!(tEnd < tStart)) {
                            continue;
                        }
                        int steps = 1 + rng.nextInt(k < 5 ? 3 : 250);
                        String where = "seed=" + SEED + " k=" + k + " tStart=" + tStart + " tEnd=" + tEnd + " steps=" + steps;
                        double[] t = g.times(s, tStart, tEnd, steps);
                        assertThat(t).as(where).hasSize(steps + 1);
                        assertThat(t[0]).as(where).isEqualTo(tStart);
                        assertThat(t[steps]).as(where).isEqualTo(tEnd);
                        for (int i = 1; i <= steps; i++) {
                            assertThat(t[i]).as(where + " i=" + i).isLessThan(t[i - 1]);
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void karrasAndExponentialReproduceKDiffusionOnEdm() {
        SplittableRandom rng = new SplittableRandom(SEED);
        for (int k = 0; k < 200; k++) {
            double sigmaMin = Math.exp(-8 + 6 * rng.nextDouble());
            double sigmaMax = sigmaMin * Math.exp(0.1 + 12 * rng.nextDouble());
            double rho = 1 + 9 * rng.nextDouble();
            int n = 2 + rng.nextInt(100);
            String where = "seed=" + SEED + " k=" + k + " sigmaMin=" + sigmaMin + " sigmaMax=" + sigmaMax + " rho=" + rho
                    + " n=" + n;
            EdmSchedule edm = new EdmSchedule(sigmaMin, sigmaMax);
            double[] karras = new KarrasGrid(rho).times(edm, sigmaMax, sigmaMin, n - 1);
            double[] exponential = new ExponentialGrid().times(edm, sigmaMax, sigmaMin, n - 1);
            // (1 - ramp)^p underflows next to the end for large p and n, repeating sigmaMin: keep p <= 3
            double polyRho = 1 + (rho - 1) / 4.5;
            double[] poly = new PolyExponentialGrid(polyRho).times(edm, sigmaMax, sigmaMin, n - 1);
            double maxInv = Math.pow(sigmaMax, 1 / rho);
            double minInv = Math.pow(sigmaMin, 1 / rho);
            for (int i = 0; i < n; i++) {
                double ramp = i / (double) (n - 1);
                // get_sigmas_karras
                double base = maxInv + ramp * (minInv - maxInv);
                double ks = Math.pow(base, rho);
                // the base cancels towards the small end: its absolute rounding (ulp of maxInv) grows
                // by rho/base relative after the power; our ramp may differ from i/(n-1) in the last bit
                double tol = 1e-14 + rho * 4 * Math.ulp(maxInv) / base;
                assertThat(Math.abs(karras[i] - ks)).as(where + " karras i=" + i + ": " + karras[i] + " vs " + ks)
                        .isLessThanOrEqualTo(tol * ks);
                // get_sigmas_exponential
                double es = Math.exp(Math.log(sigmaMax) + ramp * (Math.log(sigmaMin) - Math.log(sigmaMax)));
                assertThat(exponential[i]).as(where + " exponential i=" + i).isCloseTo(es,
                        org.assertj.core.data.Percentage.withPercentage(100 * 1e-14));
                // get_sigmas_polyexponential
                double ps = Math.exp(Math.pow(1 - ramp, polyRho) * (Math.log(sigmaMax) - Math.log(sigmaMin)) + Math.log(sigmaMin));
                assertThat(poly[i]).as(where + " polyexponential i=" + i).isCloseTo(ps,
                        org.assertj.core.data.Percentage.withPercentage(100 * 1e-14));
            }
        }
    }

    @Test
    void logSnrAndExponentialGridsAreUniformInLambda() {
        for (NoiseSchedule s : schedules()) {
            double tStart = s.tMax() * 0.9;
            double tEnd = Math.max(s.tMin(), 1e-3 * s.tMax()) * 1.5;
            for (TimeGrid g : List.of(new LogSnrGrid(), new ExponentialGrid(), new PolyExponentialGrid(1))) {
                double[] t = g.times(s, tStart, tEnd, 17);
                double h = (s.lambda(tEnd) - s.lambda(tStart)) / 17;
                for (int i = 1; i <= 17; i++) {
                    assertThat(s.lambda(t[i]) - s.lambda(t[i - 1])).as(g.describe() + " on " + s.describe() + " i=" + i)
                            .isCloseTo(h, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(h)));
                }
            }
        }
    }

    @Test
    void flowShiftMapsTheBaseGrid() {
        FlowMatchingSchedule flow = FlowMatchingSchedule.standard();
        FlowShiftGrid g = new FlowShiftGrid(new UniformTimeGrid(), 3.0);
        double[] t = g.times(flow, 1.0, 0.02, 10);
        double uEnd = 0.02 / (3 - 2 * 0.02);
        for (int i = 0; i <= 10; i++) {
            double u = 1 + i * (uEnd - 1) / 10;
            assertThat(t[i]).isCloseTo(3 * u / (1 + 2 * u), org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(g.unshifted(g.shifted(0.3))).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-16));
        assertThat(FlowShiftGrid.dynamic(new UniformTimeGrid(), Math.log(3.0)).shift()).isCloseTo(3.0,
                org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void diffusersSpacingsOfTheWorkedExample() {
        // docs/math.md section 5, N = 1000, K = 10
        DiffusersSpacing multiLin = DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.MULTISTEP);
        assertThat(multiLin.trainTimesteps(1000, 10)).containsExactly(999, 899, 799, 699, 599, 500, 400, 300, 200, 100);
        assertThat(DiffusersSpacing.of(DiffusersSpacing.Spacing.LEADING, DiffusersSpacing.Family.MULTISTEP)
                .trainTimesteps(1000, 10)).containsExactly(900, 810, 720, 630, 540, 450, 360, 270, 180, 90);
        assertThat(DiffusersSpacing.of(DiffusersSpacing.Spacing.TRAILING, DiffusersSpacing.Family.MULTISTEP)
                .trainTimesteps(1000, 10)).containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
        // DDIM family: K values including 0 for linspace; leading with offset
        assertThat(DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.DDIM)
                .trainTimesteps(1000, 10)).containsExactly(999, 888, 777, 666, 555, 444, 333, 222, 111, 0);
        assertThat(new DiffusersSpacing(DiffusersSpacing.Spacing.LEADING, DiffusersSpacing.Family.DDIM, 1,
                Double.NEGATIVE_INFINITY).trainTimesteps(1000, 10)).containsExactly(901, 801, 701, 601, 501, 401, 301, 201, 101, 1);
        assertThat(DiffusersSpacing.of(DiffusersSpacing.Spacing.TRAILING, DiffusersSpacing.Family.DDIM)
                .trainTimesteps(1000, 10)).containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
        assertThat(DiffusersSpacing.ddimStride(1000, 10)).isEqualTo(100);
        // Euler linspace is fractional
        double[] euler = DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.EULER)
                .timesteps(1000, 20);
        assertThat(euler[1]).isCloseTo(999 - 999 / 19.0, org.assertj.core.data.Offset.offset(1e-12));
        // times: (n + 1)/N, then the caller's end
        VpDiscreteSchedule s = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        double[] t = multiLin.times(s, Double.NaN, s.tMin(), 10);
        assertThat(t).containsExactly(1.0, 0.9, 0.8, 0.7, 0.6, 0.501, 0.401, 0.301, 0.201, 0.101, 0.001);
    }

    @Test
    void lambdaClippingShortensTheMultistepRange() {
        VpDiscreteSchedule cos = VpDiscreteSchedule.fromBetas(BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0, 0));
        DiffusersSpacing sp = new DiffusersSpacing(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.MULTISTEP,
                0, -5.1);
        int[] ts = sp.trainTimesteps(cos, 10);
        // 4 levels of the cosine table have lambda < -5.1, so N' = 996: linspace(0, 995, 11)
        assertThat(ts[0]).isEqualTo(995);
        assertThat(ts).containsExactly(995, 896, 796, 696, 597, 498, 398, 298, 199, 100);
    }

    @Test
    void badParametersAreRejectedWithFieldValueAndRange() {
        NoiseSchedule vp = VpLinearSchedule.standard();
        assertThatThrownBy(() -> new UniformTimeGrid().times(vp, 0.5, 0.7, 10))
                .hasMessage("tEnd must be in (-inf, tStart=0.5), got 0.7");
        assertThatThrownBy(() -> new UniformTimeGrid().times(vp, 1, 0.1, 0)).hasMessage("steps must be >= 1, got 0");
        assertThatThrownBy(() -> new UniformTimeGrid().times(vp, Double.NaN, 0.1, 3)).hasMessage("tStart must be finite, got NaN");
        assertThatThrownBy(() -> new KarrasGrid(-1)).hasMessage("rho must be in (0, inf), got -1.0");
        assertThatThrownBy(() -> new PolyExponentialGrid(Double.NaN)).hasMessage("rho must be in (0, inf), got NaN");
        assertThatThrownBy(() -> new ExponentialGrid().times(vp, 1, 0, 5))
                .hasMessageStartingWith("tEnd=0.0 must have sigma/alpha in (0, inf) for a exponential grid");
        assertThatThrownBy(() -> new LogSnrGrid().times(vp, 1, 0, 5))
                .hasMessageContaining("a log-SNR grid needs finite lambda at both ends");
        assertThatThrownBy(() -> new QuadraticTimeGrid().times(vp, 1, -0.5, 5)).hasMessage("tEnd must be in [0, inf), got -0.5");
        assertThatThrownBy(() -> new ExplicitGrid(new double[] {1, 0.5, 0.5}))
                .hasMessage("points must be strictly decreasing, got points[2]=0.5 after points[1]=0.5");
        assertThatThrownBy(() -> new ExplicitGrid(new double[] {1}).times(vp, 1, 1, 0))
                .hasMessage("points must have at least 2 times, got 1");
        assertThatThrownBy(() -> new ExplicitGrid(new double[] {1, 0.5}).times(vp, 1, 0.5, 2))
                .hasMessage("steps must be in [1, 1], got 2");
        assertThatThrownBy(() -> new FlowShiftGrid(new UniformTimeGrid(), 0)).hasMessage("shift must be in (0, inf), got 0.0");
        assertThatThrownBy(() -> DiffusersSpacing.of(DiffusersSpacing.Spacing.TRAILING, DiffusersSpacing.Family.MULTISTEP)
                .trainTimesteps(1000, 61)).hasMessageContaining("timestep[61]=-1.0");
        assertThatThrownBy(() -> DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.EULER)
                .trainTimesteps(1000, 20)).hasMessageContaining("is not an integer");
        assertThatThrownBy(() -> DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.DDIM)
                .trainTimesteps(1000, 1001)).hasMessage("steps must be in [1, 1000], got 1001");
        assertThatThrownBy(() -> new DiffusersSpacing(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.DDIM, 0, -5.1))
                .hasMessage("lambdaMinClipped must be -inf for family DDIM (only MULTISTEP clips), got -5.1");
        assertThatThrownBy(() -> DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.MULTISTEP)
                .times(vp, 1, 0.001, 10)).hasMessageStartingWith("schedule must be a VpDiscreteSchedule");
        VpDiscreteSchedule d = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        assertThatThrownBy(() -> DiffusersSpacing.of(DiffusersSpacing.Spacing.LINSPACE, DiffusersSpacing.Family.DDIM)
                .times(d, 1, 0.001, 10)).hasMessageStartingWith("tEnd must be below the last inference time 0.001")
                .hasMessageContaining("Timesteps.ofZeroNoiseEnd");
    }
}
