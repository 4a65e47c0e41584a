package io.samplerkit.solvers.multistep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.ode.Euler;
import io.samplerkit.solvers.testing.GaussianRuns;
import io.samplerkit.solvers.testing.RhoProblems;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearMultistepTest {

    private static final EdmSchedule EDM = RhoProblems.EDM;

    /**
     * Karras grid (power 7) from 80 to 0.002 without the final jump to 0. The first (low-order) warm-up
     * steps sit at high noise where x~ is almost linear in rho, so their error is negligible at these
     * step counts and the fitted slope is the method's order (asymptotically the warm-up caps it at 2,
     * docs/math.md §12 caveat 1).
     */
    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void measuredOrderOnKarrasGrid(int order) {
        int[] steps = {40, 80, 160};
        double[] e = new double[steps.length];
        Batch xT = RhoProblems.start(2, 80);
        for (int j = 0; j < steps.length; j++) {
            e[j] = GaussianRuns.error(new LinearMultistep(order), RhoProblems.DATA, RhoProblems.edm(steps[j], 0.002),
                    xT);
        }
        assertThat(ConvergenceSlope.leastSquares(steps, e)).as("errors %s", Arrays.toString(e)).isBetween(order - 0.35, order + 0.3);
    }

    /**
     * From {@code sigma_max = 10} the first-order warm-up step caps LMS-4 at order 2; the refined start (warm-up
     * points moved towards the start, same NFE) keeps it above 3. Measured over N = 80, 160, 320 (Karras grid to
     * 0.002): reference 2.17, refined 3.66.
     */
    @Test
    void theRefinedStartKeepsTheOrderWhereTheWarmUpCapsIt() {
        int[] steps = {80, 160, 320};
        double[] reference = new double[steps.length];
        double[] refined = new double[steps.length];
        Batch xT = RhoProblems.start(2, 10);
        for (int j = 0; j < steps.length; j++) {
            var p = RhoProblems.karras(EDM, RhoProblems.DATA.model(EDM, io.samplerkit.core.model.Prediction.DATA), 10,
                    0.002, steps[j]);
            reference[j] = GaussianRuns.error(new LinearMultistep(4), RhoProblems.DATA, p, xT);
            refined[j] = GaussianRuns.error(new LinearMultistep(4, io.samplerkit.solvers.internal.MultistepStart.REFINED), RhoProblems.DATA, p, xT);
        }
        double ref = ConvergenceSlope.leastSquares(steps, reference);
        double fine = ConvergenceSlope.leastSquares(steps, refined);
        System.out.printf("lms-4 from 10: reference %.3f %s, refined %.3f %s%n", ref, Arrays.toString(reference), fine,
                Arrays.toString(refined));
        assertThat(ref).as("reference %s", Arrays.toString(reference)).isLessThan(2.6);
        assertThat(fine).as("refined %s", Arrays.toString(refined)).isGreaterThanOrEqualTo(2.8);
        assertThatThrownBy(() -> SolverRegistry.standard().create("lms", SolverOptions.of(Map.of("start", "singlestep"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.start"));
    }

    @Test
    void orderOneIsEuler() {
        var p = RhoProblems.edm(15, 0.002);
        Batch xT = RhoProblems.start(3, 80);
        Batch lms = new LinearMultistep(1).sample(p, xT).x();
        Batch euler = new Euler().sample(p, xT).x();
        assertThat(GaussianFixtures.maxAbsDiff(lms, euler)).isLessThan(1e-12);
    }

    @Test
    void oneCallPerStepIncludingTheStepIntoZeroNoise() {
        var p = RhoProblems.edm(10, 0.002);
        p = p.withTimesteps(p.timesteps().withZeroNoiseEnd(EDM));
        assertThat(new LinearMultistep(4).sample(p, RhoProblems.start(2, 80)).modelCalls()).isEqualTo(11);
    }

    @Test
    void badOrderIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> new LinearMultistep(5)).hasMessageContaining("order");
        assertThatThrownBy(() -> SolverRegistry.standard().create("lms", SolverOptions.of(Map.of("order", 0))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThat(SolverRegistry.standard().create("lms", SolverOptions.of(Map.of("order", 3))))
                .isEqualTo(new LinearMultistep(3));
    }
}
