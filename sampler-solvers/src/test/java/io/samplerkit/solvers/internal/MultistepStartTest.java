package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grids {@link MultistepStart} makes, and the {@code start} option of the registry entries. */
class MultistepStartTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.rotated();

    @Test
    void refinedMovesOnlyTheWarmUpPointsAndShrinksThoseSteps() {
        int n = 27;
        Timesteps requested = CASE.timesteps(new LogSnrGrid(), n);
        Timesteps refined = MultistepStart.REFINED.grid(requested, CASE.schedule(), 3);
        assertThat(refined.points()).isEqualTo(requested.points());
        assertThat(refined.t(0)).isEqualTo(requested.t(0));
        for (int i = 3; i < requested.points(); i++) {
            assertThat(refined.t(i)).isEqualTo(requested.t(i));
        }
        double h = (requested.lambda(3) - requested.lambda(0)) / 3;
        // h_1 = H / N, h_2 = H N^(-1/3)
        assertThat(refined.lambda(1) - refined.lambda(0)).isCloseTo(h / n, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(refined.lambda(2) - refined.lambda(1)).isCloseTo(h / 3.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void referenceAndShortGridsAreLeftAsRequested() {
        Timesteps requested = CASE.timesteps(new LogSnrGrid(), 4);
        assertThat(MultistepStart.REFERENCE.grid(requested, CASE.schedule(), 3)).isSameAs(requested);
        assertThat(MultistepStart.REFINED.grid(requested, CASE.schedule(), 3)).isSameAs(requested);
        assertThat(MultistepStart.REFINED.grid(requested, CASE.schedule(), 1)).isSameAs(requested);
        assertThat(MultistepStart.REFINED.grid(requested, CASE.schedule(), 2)).isNotSameAs(requested);
    }

    @Test
    void theRegistryOptionKeepsTheNfeAndChangesTheResult() {
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, new LogSnrGrid(), 10);
        for (String name : new String[] {"dpmpp-3m-corrected", "deis", "unipc-bh2", "dpmpp-3m-sde"}) {
            Solver reference = SolverRegistry.standard().create(name, SolverOptions.of(Map.of("order", "3")
                    .entrySet().stream().filter(e -> name.equals("deis") || name.equals("unipc-bh2"))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
            Solver refined = SolverRegistry.standard().create(name, SolverOptions.of(name.equals("deis")
                    || name.equals("unipc-bh2") ? Map.of("order", "3", "start", "refined") : Map.of("start", "refined")));
            assertThat(reference).isNotEqualTo(refined);
            if (name.equals("dpmpp-3m-sde")) {
                continue;
            }
            var a = reference.sample(p, CASE.xStart());
            var b = refined.sample(p, CASE.xStart());
            assertThat(b.modelCalls()).as(name).isEqualTo(a.modelCalls()).isEqualTo(10);
            assertThat(GaussianRuns.error(refined, CASE, p)).as(name).isNotEqualTo(GaussianRuns.error(reference, CASE, p));
        }
    }

    @Test
    void aBadStartNamesTheOption() {
        assertThatThrownBy(() -> SolverRegistry.standard().create("dpmpp-2m", SolverOptions.of(Map.of("start", "early"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("options.start");
                    assertThat(e.value()).isEqualTo("early");
                });
    }
}
