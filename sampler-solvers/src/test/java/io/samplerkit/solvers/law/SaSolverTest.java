package io.samplerkit.solvers.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SA-Solver beyond its weak orders ({@link SdeWeakOrderTest}): with {@code tau = 0} a deterministic multistep
 * solver converging at its ODE order, its first-order predictor equal in law to SDE-DPM-Solver++-1 with
 * {@code eta = tau^2}, and the {@code tau} window.
 */
class SaSolverTest {

    private static final int[] ODE_STEPS = {40, 80, 160, 320};

    /**
     * Max-abs error against the exact flow map (8 starts, the data of {@link SdeProblems}), {@code tau = 0},
     * without lower-order-final and with the refined start (with the reference start the first-order first step
     * shows below about 1e-6 at 160 steps and more). Measured slopes over 40..320 steps, VP linear / VP cosine:
     * p/c = 1/0 0.988 / 0.987, 2/0 2.048 / 2.049, 3/0 3.970 / 3.955, 4/0 3.982 / 4.003, 1/2 2.064 / 2.065, 2/2
     * 2.200 / 2.205, 2/3 3.042 / 3.043, 3/3 3.702 / 3.683, 3/4 3.664 / 3.648 (last doubling 3.90 / 3.89). (4/4
     * reaches 3e-9 at 160 steps and stops there.)
     */
    static Stream<Arguments> odeCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SdeProblems.Schedule s : SdeProblems.Schedule.values()) {
            for (String algorithm : new String[] {"data-prediction", "noise-prediction"}) {
                b.add(Arguments.of(s, algorithm, 1, 0, 1));
                b.add(Arguments.of(s, algorithm, 2, 0, 2));
                b.add(Arguments.of(s, algorithm, 2, 2, 2));
                b.add(Arguments.of(s, algorithm, 2, 3, 3));
                b.add(Arguments.of(s, algorithm, 3, 4, 4));
            }
            b.add(Arguments.of(s, "data-prediction", 3, 0, 3));
            b.add(Arguments.of(s, "data-prediction", 4, 0, 4));
            b.add(Arguments.of(s, "data-prediction", 1, 2, 2));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} p={2} c={3}: ODE order {4}")
    @MethodSource("odeCases")
    void withoutNoiseItConvergesAtItsOdeOrder(SdeProblems.Schedule schedule, String algorithm, int p, int c,
            int order) {
        Solver solver = SdeProblems.solver("sa-solver", Map.of("predictor-order", p, "corrector-order", c,
                "tau", 0.0, "lower-order-final", false, "start", "refined", "algorithm-type", algorithm));
        assertThat(solver.stochastic()).isFalse();
        assertThat(solver.order()).isEqualTo(order);
        Batch x = GaussianFixtures.normalBatch(new SplittableRandom(3), 8, 4, 1.0);
        double[] e = new double[ODE_STEPS.length];
        for (int j = 0; j < e.length; j++) {
            e[j] = GaussianRuns.error(solver, SdeProblems.DATA, schedule.problem(ODE_STEPS[j]), x);
        }
        double slope = ConvergenceSlope.leastSquares(ODE_STEPS, e);
        assertThat(slope).as("errors %s", Arrays.toString(e)).isBetween(order - 0.4, order + 1.1);
        double last = Math.log(e[e.length - 2] / e[e.length - 1]) / Math.log(2);
        assertThat(last).as("last doubling, errors %s", Arrays.toString(e)).isGreaterThan(order - 0.15);
    }

    @Test
    void noisePredictionRejectsAZeroNoiseEnd() {
        SamplingProblem p = SdeProblems.Schedule.VP_LINEAR.problem(8);
        SamplingProblem toZero = p.withTimesteps(p.timesteps().withZeroNoiseEnd(SdeProblems.Schedule.VP_LINEAR.schedule()));
        Solver solver = SdeProblems.solver("sa-solver", Map.of("algorithm-type", "noise-prediction"));
        assertThatThrownBy(() -> solver.sample(toZero, GaussianFixtures.normalBatch(new SplittableRandom(1), 2, 4, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero-noise end");
        Solver data = SdeProblems.solver("sa-solver", Map.of());
        double[] out = data.sample(toZero, GaussianFixtures.normalBatch(new SplittableRandom(1), 2, 4, 1.0)).x().data();
        assertThat(Arrays.stream(out).allMatch(Double::isFinite)).isTrue();
    }

    @ParameterizedTest(name = "{0} tau={2}")
    @org.junit.jupiter.params.provider.CsvSource({"data-prediction, dpmpp-sde-multistep, 0.5",
        "data-prediction, dpmpp-sde-multistep, 1.0", "data-prediction, dpmpp-sde-multistep, 1.7",
        "noise-prediction, dpm-solver-sde-multistep, 0.5", "noise-prediction, dpm-solver-sde-multistep, 1.0",
        "noise-prediction, dpm-solver-sde-multistep, 1.7"})
    void firstOrderPredictorIsSdeDpmSolverOneWithEtaTauSquared(String algorithm, String sdeDpmSolver, double tau) {
        SamplingProblem problem = SdeProblems.Schedule.VP_COSINE.problem(12);
        ExactLaw sa = ExactOutputLaw.of(SdeProblems.solver("sa-solver", Map.of("predictor-order", 1,
                "corrector-order", 0, "tau", tau, "algorithm-type", algorithm)), problem, SdeProblems.DATA);
        ExactLaw dpm = ExactOutputLaw.of(SdeProblems.solver(sdeDpmSolver, Map.of("order", 1, "eta", tau * tau)),
                problem, SdeProblems.DATA);
        assertThat(GaussianFixtures.maxAbsDiff(sa.law().mean(), dpm.law().mean())).isLessThan(1e-12);
        assertThat(sa.frechetToMarginal()).isCloseTo(dpm.frechetToMarginal(),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void tauActsOnlyInsideItsWindow() {
        SamplingProblem problem = SdeProblems.Schedule.VP_LINEAR.problem(16).withSeed(9);
        Batch x = GaussianFixtures.normalBatch(new SplittableRandom(4), 5, 4, 1.0);
        Batch ode = SdeProblems.solver("sa-solver", Map.of("tau", 0.0)).sample(problem, x).x();
        Solver outside = SdeProblems.solver("sa-solver", Map.of("tau-t-min", 2.0, "tau-t-max", 3.0));
        assertThat(outside.sample(problem, x).x().data()).isEqualTo(ode.data());
        Solver window = SdeProblems.solver("sa-solver", Map.of("tau-t-min", 0.2, "tau-t-max", 0.8));
        ExactLaw windowLaw = ExactOutputLaw.of(window, problem, SdeProblems.DATA);
        ExactLaw full = ExactOutputLaw.of(SdeProblems.solver("sa-solver", Map.of()), problem, SdeProblems.DATA);
        ExactLaw none = ExactOutputLaw.of(SdeProblems.solver("sa-solver", Map.of("tau", 0.0)), problem,
                SdeProblems.DATA);
        assertThat(windowLaw.frechetToMarginal()).isNotCloseTo(full.frechetToMarginal(),
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(windowLaw.frechetToMarginal()).isNotCloseTo(none.frechetToMarginal(),
                org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void anInvertedWindowIsRejected() {
        assertThatThrownBy(() -> SdeProblems.solver("sa-solver", Map.of("tau-t-min", 0.5, "tau-t-max", 0.2)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("options.tau-t-max");
                    assertThat(e.value()).isEqualTo("0.2");
                });
    }

    /** With noise only the reference warm-up is accepted; at {@code tau = 0} every start is. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"refined", "singlestep"})
    void aStochasticRunTakesOnlyTheReferenceStart(String start) {
        assertThatThrownBy(() -> SdeProblems.solver("sa-solver", Map.of("start", start)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("options.start");
                    assertThat(e.value()).isEqualTo(start);
                });
        assertThat(SdeProblems.solver("sa-solver", Map.of("start", start, "tau", 0)).stochastic()).isFalse();
    }
}
