package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.internal.MultistepStart;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weak orders measured on the exact output law ({@link ExactOutputLaw}): the Fréchet distance between a
 * sampler's output law and the exact marginal at the last time, on 80, 160, 320 log-SNR steps, for two schedules
 * and data with a non-diagonal covariance ({@link SdeProblems}). No sampling error is involved, so the slopes are
 * those of the methods. Measured (VP linear / VP cosine, least squares over 80..320): euler-maruyama 0.994 / 1.001,
 * ddpm fixed-small 0.973 / 0.973 (the same numbers as SDE-DPM-Solver++-1: the two updates coincide), ddpm
 * fixed-large 0.984 / 0.984, SDE-DPM-Solver-1 (noise side) 2.05 / 2.08 (faster than its order on this problem,
 * its only allowed excess: slope at most 2.2), dpmpp-2m-sde 1.994 / 1.994, dpmpp-3m-sde 2.031 / 2.032, corrected
 * 2.039 / 2.041, noise side order 2 1.990 / 1.990, order 3 1.971 / 1.971; the diffusers third order 1.10;
 * euler-ancestral 0.973 (the DDPM numbers again), dpm-2-ancestral 2.022 / 2.023, dpmpp-2s-ancestral 1.975 / 1.975;
 * sa-solver (predictor/corrector orders p/c, tau = 1): 1/0 0.973 / 0.973, 2/2 (default) 2.148 / 2.152 (with
 * exact two-node weights, second-order=lagrange: 2.981 / 2.979 and errors 6x smaller), 2/0 2.056 / 2.057, 1/2
 * 2.026 / 2.027, 2/3 2.535 / 2.541, 3/3 1.977 / 1.976, 4/4 1.992 / 1.991; noise prediction 1/0 2.047 / 2.078
 * (like SDE-DPM-Solver-1, faster than its order here), 2/2 2.094 / 2.095, 3/3 2.038 / 2.040.
 */
class SdeWeakOrderTest {

    private static final int[] STEPS = {80, 160, 320};
    /** Allowed shortfall of a fitted slope below the weak order. */
    private static final double SLACK = 0.15;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SdeProblems.Schedule s : SdeProblems.Schedule.values()) {
            b.add(Arguments.of(s, "euler-maruyama", Map.of(), 1, 1.5));
            b.add(Arguments.of(s, "ddpm", Map.of(), 1, 1.5));
            b.add(Arguments.of(s, "ddpm", Map.of("variance", "fixed-large"), 1, 1.5));
            b.add(Arguments.of(s, "dpmpp-sde-multistep", Map.of("order", 1), 1, 1.5));
            b.add(Arguments.of(s, "dpm-solver-sde-multistep", Map.of("order", 1), 1, 2.2));
            b.add(Arguments.of(s, "euler-ancestral", Map.of(), 1, 1.5));
            b.add(Arguments.of(s, "dpm-2-ancestral", Map.of(), 2, 2.5));
            b.add(Arguments.of(s, "dpmpp-2s-ancestral", Map.of(), 2, 2.5));
            b.add(Arguments.of(s, "dpmpp-2m-sde", Map.of(), 2, 2.5));
            b.add(Arguments.of(s, "dpmpp-3m-sde", Map.of(), 2, 2.5));
            b.add(Arguments.of(s, "dpmpp-3m-sde", Map.of("third-order", "corrected"), 2, 2.5));
            b.add(Arguments.of(s, "dpm-solver-sde-multistep", Map.of("order", 2), 2, 2.5));
            b.add(Arguments.of(s, "dpm-solver-sde-multistep", Map.of("order", 3), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 1, "corrector-order", 0), 1, 1.5));
            b.add(Arguments.of(s, "sa-solver", Map.of(), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("second-order", "lagrange"), 2, 3.2));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 2, "corrector-order", 0), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 1, "corrector-order", 2), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 2, "corrector-order", 3), 2, 2.7));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 3, "corrector-order", 3), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 4, "corrector-order", 4), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 1, "corrector-order", 0,
                    "algorithm-type", "noise-prediction"), 1, 2.2));
            b.add(Arguments.of(s, "sa-solver", Map.of("algorithm-type", "noise-prediction"), 2, 2.5));
            b.add(Arguments.of(s, "sa-solver", Map.of("predictor-order", 3, "corrector-order", 3,
                    "algorithm-type", "noise-prediction"), 2, 2.5));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}: weak order {3}, slope at most {4}")
    @MethodSource("cases")
    void weakOrderOnTheExactLaw(SdeProblems.Schedule schedule, String name, Map<String, Object> options, int order,
            double maxSlope) {
        Solver solver = SdeProblems.solver(name, options);
        double[] errors = errors(solver, schedule, STEPS);
        double slope = ConvergenceSlope.leastSquares(STEPS, errors);
        assertThat(slope).as("%s %s errors %s", name, options, Arrays.toString(errors))
                .isBetween(order - SLACK, maxSlope);
        assertThat(solver.order()).isEqualTo(order);
    }

    /**
     * diffusers' third-order {@code sde-dpmsolver++} weight has a sign error: it converges with weak order 1, and
     * the corrected third order (weak order 2) pulls away in proportion to the number of steps. Measured at
     * {@code eta = 1}: the ratio is 4.89 (VP linear) and 4.72 (VP cosine) at 20 steps, 13.8 and 13.4 at 40; on the
     * SD-like discrete schedule 11.0 at 20 steps (41.7 at {@code eta = 0.5}). The "about 100x at 20 steps"
     * and its ">= 10x at 20 steps" hold only on the SD-like schedule (docs/solvers/sde.md lists the misses).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SdeProblems.Schedule.class)
    void diffusersThirdOrderIsWeakOrderOne(SdeProblems.Schedule schedule) {
        Solver diffusers = SdeProblems.solver("dpmpp-3m-sde-diffusers", Map.of());
        Solver corrected = SdeProblems.solver("dpmpp-3m-sde", Map.of("third-order", "corrected"));
        double[] bad = errors(diffusers, schedule, STEPS);
        assertThat(ConvergenceSlope.leastSquares(STEPS, bad)).as(Arrays.toString(bad)).isBetween(0.9, 1.3);
        assertThat(diffusers.order()).isEqualTo(1);
        int[] at = {20, 40};
        double[] worse = errors(diffusers, schedule, at);
        double[] good = errors(corrected, schedule, at);
        assertThat(worse[0] / good[0]).as("ratio at 20 steps").isGreaterThan(4.5);
        assertThat(worse[1] / good[1]).as("ratio at 40 steps").isGreaterThan(13.0);
    }

    /** On the SD-like schedule the corrected third order is more than 10 times closer at 20 steps (measured 11.0). */
    @org.junit.jupiter.api.Test
    void onTheSdLikeScheduleTheCorrectedThirdOrderIsTenTimesCloserAtTwentySteps() {
        Solver diffusers = SdeProblems.solver("dpmpp-3m-sde-diffusers", Map.of());
        Solver corrected = SdeProblems.solver("dpmpp-3m-sde", Map.of("third-order", "corrected"));
        SamplingProblem p = SdeProblems.sdLikeProblem(20);
        double worse = ExactOutputLaw.of(diffusers, p, SdeProblems.DATA).frechetToMarginal();
        double good = ExactOutputLaw.of(corrected, p, SdeProblems.DATA).frechetToMarginal();
        assertThat(worse / good).as("%s / %s", worse, good).isGreaterThan(10.0);
    }

    /**
     * The warm-up does not cap the corrected third order of the SDE solver; the injected noise does. With the same
     * start and grids, without noise ({@code eta = 0}, the ODE solver) it converges with slope 4.25 / 4.44 over
     * 20..80 steps (VP linear / cosine, measured), with {@code eta = 1} with 2.04 over 80..320, 114 / 143 times
     * farther from the marginal at 80 steps.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SdeProblems.Schedule.class)
    void theNoiseNotTheWarmUpCapsTheCorrectedThirdOrder(SdeProblems.Schedule schedule) {
        int[] early = {20, 40, 80};
        double[] ode = errors(SdeProblems.solver("dpmpp-3m-sde", Map.of("third-order", "corrected", "eta", 0)), schedule,
                early);
        double[] sde = errors(SdeProblems.solver("dpmpp-3m-sde", Map.of("third-order", "corrected")), schedule, STEPS);
        assertThat(ConvergenceSlope.leastSquares(early, ode)).as(Arrays.toString(ode)).isGreaterThan(3.8);
        assertThat(ConvergenceSlope.leastSquares(STEPS, sde)).as(Arrays.toString(sde)).isBetween(1.9, 2.2);
        assertThat(sde[0] / ode[2]).as("at 80 steps").isGreaterThan(50.0);
    }

    /**
     * Why a stochastic run refuses {@code start=refined}: that start is the reference warm-up on a grid whose first
     * points are moved towards the start, so running the reference start on {@link MultistepStart#REFINED}'s grid
     * gives its law. On VP linear (first point at {@code lambda = -5.02}, where the model hardly depends on the state)
     * it changes the distance at 20..320 steps by less than 0.1 % (measured 0.09 % at 20 steps). On the SD-like schedule (first point at
     * {@code lambda = -2.68}) the divided differences over the short warm-up intervals amplify the injected noise:
     * measured 2.23 against 0.0231 at 20 steps, weak slope 1.59 over 80..320.
     */
    @org.junit.jupiter.api.Test
    void theRefinedStartAmplifiesTheNoiseWhereTheModelDependsOnTheState() {
        Solver corrected = SdeProblems.solver("dpmpp-3m-sde", Map.of("third-order", "corrected"));
        double[] requested = new double[STEPS.length];
        double[] refined = new double[STEPS.length];
        for (int j = 0; j < STEPS.length; j++) {
            SamplingProblem p = SdeProblems.sdLikeProblem(STEPS[j]);
            requested[j] = ExactOutputLaw.of(corrected, p, SdeProblems.DATA).frechetToMarginal();
            refined[j] = ExactOutputLaw.of(corrected, refinedGrid(p), SdeProblems.DATA).frechetToMarginal();
        }
        assertThat(ConvergenceSlope.leastSquares(STEPS, requested)).as(Arrays.toString(requested)).isBetween(1.9, 2.2);
        assertThat(ConvergenceSlope.leastSquares(STEPS, refined)).as(Arrays.toString(refined)).isLessThan(1.8);
        SamplingProblem at20 = SdeProblems.sdLikeProblem(20);
        double worse = ExactOutputLaw.of(corrected, refinedGrid(at20), SdeProblems.DATA).frechetToMarginal();
        double better = ExactOutputLaw.of(corrected, at20, SdeProblems.DATA).frechetToMarginal();
        assertThat(worse / better).as("%s / %s at 20 steps", worse, better).isGreaterThan(10.0);
        SamplingProblem vp = SdeProblems.Schedule.VP_LINEAR.problem(20);
        assertThat(ExactOutputLaw.of(corrected, refinedGrid(vp), SdeProblems.DATA).frechetToMarginal())
                .isCloseTo(ExactOutputLaw.of(corrected, vp, SdeProblems.DATA).frechetToMarginal(), withinPercentage(0.2));
        assertThatThrownBy(() -> SdeProblems.solver("dpmpp-3m-sde", Map.of("start", "refined")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("options.start");
                    assertThat(e.value()).isEqualTo("refined");
                });
        assertThat(SdeProblems.solver("dpmpp-3m-sde", Map.of("start", "refined", "eta", 0)).stochastic()).isFalse();
    }

    private static SamplingProblem refinedGrid(SamplingProblem p) {
        return p.withTimesteps(MultistepStart.REFINED.grid(p.timesteps(), p.schedule(), 3));
    }

    private static double[] errors(Solver solver, SdeProblems.Schedule schedule, int[] steps) {
        double[] e = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            e[j] = ExactOutputLaw.of(solver, schedule.problem(steps[j]), SdeProblems.DATA).frechetToMarginal();
        }
        return e;
    }
}
