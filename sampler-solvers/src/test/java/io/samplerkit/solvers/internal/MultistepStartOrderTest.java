package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.exponential.DeisAdamsBashforth;
import io.samplerkit.solvers.exponential.DeisMultistep;
import io.samplerkit.solvers.exponential.DeisVariable;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.ThirdOrder;
import io.samplerkit.solvers.exponential.UpdateType;
import io.samplerkit.solvers.multistep.UniPc;
import io.samplerkit.solvers.multistep.UniPcVariant;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Third-order multistep solvers keep order 3 with the order-preserving starts ({@link MultistepStart#REFINED},
 * {@link MultistepStart#SINGLESTEP}):
 * slope of log(max error) vs log(N) over N = 40, 80, 160, 320 uniform-lambda steps on the rotated 4-d
 * Gaussian (eigenvalues 0.01 to 10), on VP linear (t = 1 to 1e-3) and on Stable Diffusion's discrete VP
 * table (scaled_linear 0.00085..0.012, 1000 steps; from its tMax to 0.01), lower-order-final off.
 * Measured slopes, VP linear / SD discrete:
 * <pre>
 *                      reference     refined       singlestep
 *   corrected 3M       3.28 / 2.08   3.88 / 3.22   3.89 / 3.21
 *   UniPC bh1, order 3 3.69 / 2.90   3.65 / 3.96   3.68 / 4.01
 *   UniPC bh2, order 3 3.66 / 3.54   3.65 / 3.97   3.68 / 4.01
 *   DEIS-3             3.10 / 2.05   3.96 / 3.31   4.06 / 3.11
 *   tAB-DEIS degree 2  2.91 / 2.04   2.90 / 2.88   2.90 / 2.93
 *   rhoAB-DEIS deg. 2  2.83 / 2.45   2.84 / 3.02   2.83 / 2.87
 * </pre>
 * (on VP linear the reference warm-up error is still below the others at these N).
 */
class MultistepStartOrderTest {

    private static final int[] STEPS = {40, 80, 160, 320};

    private static GaussianFlowCase discrete() {
        GaussianFlowCase r = GaussianFlowCase.rotated();
        NoiseSchedule sd = VpDiscreteSchedule.fromBetas(BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012));
        return new GaussianFlowCase(sd, r.data(), r.xStart(), sd.tMax(), 0.01);
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (GaussianFlowCase c : new GaussianFlowCase[] {GaussianFlowCase.rotated(), discrete()}) {
            String schedule = c.schedule().getClass().getSimpleName();
            for (MultistepStart start : MultistepStart.values()) {
                b.add(Arguments.of(schedule, "dpmpp-3m-corrected", new DpmSolverMultistep(ModelSide.DATA,
                        MultistepOrderRule.warmUpOnly(3).withStart(start), UpdateType.MIDPOINT, ThirdOrder.CORRECTED,
                        null), c, start));
                b.add(Arguments.of(schedule, "unipc-bh1-3", new UniPc(UniPcVariant.BH1, ModelSide.DATA, 3, false,
                        Set.of(), start), c, start));
                b.add(Arguments.of(schedule, "unipc-bh2-3", new UniPc(UniPcVariant.BH2, ModelSide.DATA, 3, false,
                        Set.of(), start), c, start));
                b.add(Arguments.of(schedule, "deis-3", new DeisMultistep(DeisMultistep.NAME, 3, false, start, null),
                        c, start));
                b.add(Arguments.of(schedule, "deis-tab-2", new DeisAdamsBashforth(DeisVariable.TIME, 2, start), c, start));
                b.add(Arguments.of(schedule, "deis-rhoab-2", new DeisAdamsBashforth(DeisVariable.RHO, 2, start), c,
                        start));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} start {4}")
    @MethodSource("cases")
    void orderPreservingStartsKeepThirdOrder(String schedule, String name, Solver solver, GaussianFlowCase c,
            MultistepStart start) {
        double[] errors = GaussianRuns.errors(solver, c, Prediction.NOISE, new LogSnrGrid(), STEPS);
        double slope = ConvergenceSlope.leastSquares(STEPS, errors);
        System.out.printf("%s %s %s slope %.3f errors %s%n", schedule, name, start, slope, Arrays.toString(errors));
        if (start != MultistepStart.REFERENCE) {
            assertThat(slope).as("errors %s", Arrays.toString(errors)).isGreaterThanOrEqualTo(2.8);
        } else if (c.schedule() instanceof VpDiscreteSchedule && !(solver instanceof UniPc) && !name.equals("deis-rhoab-2")) {
            // the first-order first step shows: measured 2.08 (corrected 3M), 2.05 (DEIS-3), 2.04 (tAB-DEIS degree 2);
            // rhoAB-DEIS degree 2 measures 2.45 over these N
            assertThat(slope).as("errors %s", Arrays.toString(errors)).isLessThan(2.3);
        }
    }
}
