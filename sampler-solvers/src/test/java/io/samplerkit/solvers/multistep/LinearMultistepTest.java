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
