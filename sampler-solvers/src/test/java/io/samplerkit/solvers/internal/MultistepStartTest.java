package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.assertj.core.data.Offset;
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
    void singlestepPlacesTheStagePointsAtEqualLambdaFractionsOfTheFirstIntervals() {
        Timesteps requested = CASE.timesteps(new KarrasGrid(7.0), 12);
        for (int p = 2; p <= 3; p++) {
            Timesteps stages = MultistepStart.SINGLESTEP.grid(requested, CASE.schedule(), p);
            assertThat(stages.points()).isEqualTo(requested.points());
            double span = requested.lambda(p) - requested.lambda(0);
            for (int k = 1; k < p; k++) {
                assertThat(stages.lambda(k) - stages.lambda(0)).isCloseTo(span * k / p, Offset.offset(1e-9));
            }
            for (int i = p; i < requested.points(); i++) {
                assertThat(stages.t(i)).isEqualTo(requested.t(i));
            }
            assertThat(MultistepStart.SINGLESTEP.singlestepSteps(requested, p)).isEqualTo(p);
        }
        assertThat(MultistepStart.SINGLESTEP.singlestepSteps(requested, 1)).isZero();
        assertThat(MultistepStart.REFINED.singlestepSteps(requested, 3)).isZero();
        Timesteps two = CASE.timesteps(new LogSnrGrid(), 2);
        assertThat(MultistepStart.SINGLESTEP.singlestepSteps(two, 3)).isZero();
        assertThat(MultistepStart.SINGLESTEP.grid(two, CASE.schedule(), 3)).isSameAs(two);
    }

    /**
     * With exactly {@code p} steps on a uniform log-SNR grid the singlestep start is one DPM-Solver-p step: the
     * same numbers as the independent singlestep implementation with the fixed allocation (its stage points are
     * the grid's interior points, here at lambda fractions k/p).
     */
    @Test
    void withOrderStepsTheSinglestepStartIsTheSinglestepDpmSolver() {
        for (int p = 2; p <= 3; p++) {
            SamplingProblem problem = GaussianRuns.problem(CASE, Prediction.NOISE, new LogSnrGrid(), p);
            String[][] pairs = {{"dpmpp-multistep", "dpmpp-singlestep"}, {"dpm-solver-multistep", "dpm-solver-singlestep"}};
            for (String[] pair : pairs) {
                Solver multistep = SolverRegistry.standard().create(pair[0], SolverOptions.of(Map.of("order",
                        Integer.toString(p), "third-order", "corrected", "start", "singlestep")));
                // DPM-Solver-2 in its phi_2 ("taylor") form, DPM-Solver-3 in the paper's ("dpmsolver") form
                Solver singlestep = SolverRegistry.standard().create(pair[1], SolverOptions.of(Map.of("order",
                        Integer.toString(p), "allocation", "fixed", "solver-type", p == 2 ? "taylor" : "midpoint")));
                var a = multistep.sample(problem, CASE.xStart());
                var b = singlestep.sample(problem, CASE.xStart());
                assertThat(a.modelCalls()).isEqualTo(b.modelCalls()).isEqualTo(p);
                double[] x = a.x().data();
                double[] y = b.x().data();
                for (int j = 0; j < x.length; j++) {
                    assertThat(x[j]).as("%s order %d [%d]", pair[0], p, j).isCloseTo(y[j], Offset.offset(1e-10));
                }
            }
        }
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
            Solver reference = SolverRegistry.standard().create(name, SolverOptions.of(startOptions(name, "reference")));
            // The SDE entries take refined only without noise (eta = 0), where they are the ODE solver.
            for (String start : name.endsWith("sde") ? new String[] {"refined"} : new String[] {"refined", "singlestep"}) {
                Solver other = SolverRegistry.standard().create(name, SolverOptions.of(startOptions(name, start)));
                assertThat(reference).isNotEqualTo(other);
                var a = reference.sample(p, CASE.xStart());
                var b = other.sample(p, CASE.xStart());
                assertThat(b.modelCalls()).as(name).isEqualTo(a.modelCalls()).isEqualTo(10);
                assertThat(GaussianRuns.error(other, CASE, p)).as(name).isNotEqualTo(GaussianRuns.error(reference, CASE, p));
            }
        }
    }

    private static Map<String, Object> startOptions(String name, String start) {
        if (name.endsWith("sde")) {
            return Map.of("start", start, "eta", "0");
        }
        return name.equals("deis") || name.equals("unipc-bh2") ? Map.of("order", "3", "start", start)
                : Map.of("start", start);
    }

    @Test
    void theFinalPolicyReplacesTheLowerOrderFinalOptions() {
        MultistepOrderRule official = MultistepOrderRule.official(3);
        assertThat(FinalSteps.REFERENCE.apply(official)).isSameAs(official);
        assertThat(FinalSteps.FULL.apply(official).orderOf(5, 5, 3, false)).isEqualTo(3);
        assertThat(FinalSteps.LOWERED.apply(official).orderOf(40, 40, 3, false)).isEqualTo(1);
        assertThat(FinalSteps.LOWERED.apply(official).orderOf(39, 40, 3, false)).isEqualTo(2);
        assertThat(FinalSteps.EULER.apply(official).orderOf(39, 40, 3, false)).isEqualTo(3);
        assertThat(FinalSteps.EULER.apply(official).orderOf(40, 40, 3, false)).isEqualTo(1);
        assertThat(FinalSteps.FULL.apply(official).orderOf(5, 5, 3, true)).as("to zero noise").isEqualTo(1);
        SolverRegistry r = SolverRegistry.standard();
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, new LogSnrGrid(), 12);
        assertThat(r.create("unipc-bh2", SolverOptions.of(Map.of("order", "3", "final", "full"))).sample(p, CASE.xStart())
                .x().data()).containsExactly(r.create("unipc-bh2", SolverOptions.of(Map.of("order", "3",
                        "lower-order-final", "false"))).sample(p, CASE.xStart()).x().data());
        assertThat(r.create("unipc-bh2", SolverOptions.of(Map.of("order", "3", "final", "full"))).order()).isEqualTo(4);
        assertThat(r.create("dpmpp-3m-corrected", SolverOptions.of(Map.of("final", "euler"))).order()).isEqualTo(2);
        assertThatThrownBy(() -> r.create("dpmpp-2m", SolverOptions.of(Map.of("final", "full", "euler-at-final", "true"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).isEqualTo("options.final");
                    assertThat(e.value()).isEqualTo("full");
                });
        assertThatThrownBy(() -> r.create("dpmpp-2m-sde", SolverOptions.of(Map.of("start", "singlestep"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.start"));
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
