package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.exponential.DeisMultistep;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.ThirdOrder;
import io.samplerkit.solvers.exponential.UpdateType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A zero-length final step ({@link Timesteps#ofRepeatedEnd}): DDIM and the multistep exponential and
 * EDM-coordinate runs leave the state as it was at the last distinct point, after the model call their scheme makes
 * there; every other run is rejected by the driver. Solvers whose order rule does not depend on the
 * number of steps and that have no corrector must therefore give the result of the grid without the
 * repeated point, with more model calls.
 */
class ZeroLengthFinalStepTest {

    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final GaussianData DATA = GaussianData.diagonal(new double[] {0.5, -1, 2},
            new double[] {0.01, 1, 9});
    private static final double[] TIMES = {1.0, 0.7, 0.45, 0.3, 0.2, 0.12, 0.07, 0.04, 0.02, 0.01};

    @TestFactory
    Stream<DynamicTest> multistepRunsTakeTheIdentityAfterTheModelCallTheyAlreadyMade() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ModelSide side : ModelSide.values()) {
            for (int order = 1; order <= 3; order++) {
                for (UpdateType type : UpdateType.values()) {
                    for (ThirdOrder third : ThirdOrder.values()) {
                        Solver s = new DpmSolverMultistep(side, MultistepOrderRule.warmUpOnly(order), type, third, null);
                        tests.add(DynamicTest.dynamicTest(s.name() + " " + side + " order " + order + " " + type + " "
                                + third, () -> sameAsWithoutRepeat(s, 1, 0.0)));
                    }
                }
            }
        }
        for (int order = 1; order <= 3; order++) {
            Solver s = new DeisMultistep(order, false);
            tests.add(DynamicTest.dynamicTest("deis order " + order, () -> sameAsWithoutRepeat(s, 1, 0.0)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> edmRunsStepFromRhoToItself() {
        // Euler and LMS evaluate once at the start of a step, Heun and DPM-2 twice, RK4 four times
        Object[][] solvers = {{"euler", 1}, {"heun", 2}, {"dpm-2", 2}, {"rk4", 4}, {"lms", 1}};
        return Stream.of(solvers).map(s -> DynamicTest.dynamicTest((String) s[0],
                () -> sameAsWithoutRepeat(SolverRegistry.standard().create((String) s[0]), (Integer) s[1], 1e-14)));
    }

    @TestFactory
    Stream<DynamicTest> ddimCallsTheModelAndLeavesTheState() {
        // diffusers' DDIMScheduler with set_alpha_to_one=False ending at timestep 0; eta > 0 draws no noise there
        return Stream.of(0.0, 1.0).map(eta -> DynamicTest.dynamicTest("ddim eta=" + eta, () -> sameAsWithoutRepeat(
                SolverRegistry.standard().create("ddim", SolverOptions.of(java.util.Map.of("eta", eta))), 1, 0.0)));
    }

    @TestFactory
    Stream<DynamicTest> otherRunsAreRejectedBeforeAnyStep() {
        return Stream.of("dpmpp-singlestep", "deis-rhork", "pndm").map(name -> DynamicTest.dynamicTest(name,
                () -> assertThatThrownBy(() -> SolverRegistry.standard().create(name).sample(problem(true), xT()))
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                            // an input error naming the solver (a diffusers pipeline's --solver: exit code 2)
                            assertThat(e.path()).isEqualTo("solver");
                            assertThat(e.value()).isEqualTo(name);
                            assertThat(e.allowed()).startsWith("a solver that can take the zero-length final step");
                        })));
    }

    private static void sameAsWithoutRepeat(Solver solver, int extraCalls, double rtol) {
        SamplingResult plain = solver.sample(problem(false), xT());
        SamplingResult repeated = solver.sample(problem(true), xT());
        assertThat(repeated.modelCalls()).isEqualTo(plain.modelCalls() + extraCalls);
        double[] a = plain.x().data();
        double[] b = repeated.x().data();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(b[i] - a[i])).as("element %d: %s vs %s", i, b[i], a[i])
                    .isLessThanOrEqualTo(rtol * Math.abs(a[i]));
        }
    }

    private static SamplingProblem problem(boolean repeatedEnd) {
        Timesteps ts = repeatedEnd ? Timesteps.ofRepeatedEnd(VP, TIMES) : Timesteps.of(VP, TIMES);
        return SamplingProblem.of(VP, DATA.model(VP, Prediction.NOISE), ts);
    }

    private static Batch xT() {
        return Batch.of(new double[][] {{0.3, -1.2, 0.8}, {-0.5, 0.4, 2.0}});
    }
}
