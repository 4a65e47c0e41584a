package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdaptiveDpmSolverTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();

    private static final double[] ENDS = {CASE.tStart(), CASE.tEnd()};

    static AdaptiveDpmSolver solver(String kind, int order) {
        switch (kind) {
            case "noise":
                return AdaptiveDpmSolver.official(order, ModelSide.NOISE);
            case "data":
                return AdaptiveDpmSolver.official(order, ModelSide.DATA);
            default:
                return AdaptiveDpmSolver.kDiffusion(order);
        }
    }

    @ParameterizedTest
    @CsvSource({"noise, 2", "data, 2", "pid, 2", "noise, 3", "data, 3", "pid, 3"})
    void errorFallsAndNfeGrowsAsTheToleranceTightens(String kind, int order) {
        int[] divisors = {1, 5, 25, 125};
        double[] err = new double[divisors.length];
        int[] nfe = new int[divisors.length];
        StringBuilder seen = new StringBuilder();
        for (int k = 0; k < divisors.length; k++) {
            AdaptiveDpmSolver s = solver(kind, order).withTolerances(0.05 / divisors[k], 0.0078 / divisors[k]);
            SamplingResult r = s.sample(GaussianRuns.problem(CASE, Prediction.NOISE, ENDS), CASE.xStart());
            err[k] = CASE.error(r.x(), CASE.timesteps(ENDS));
            nfe[k] = r.modelCalls();
            seen.append(String.format(java.util.Locale.ROOT, "/%d: err %.2e nfe %d; ", divisors[k], err[k], nfe[k]));
            // every attempt costs `order` calls: accepted steps plus rejected ones
            assertThat(r.modelCalls()).isEqualTo(order * (r.steps() + r.rejectedSteps()));
            assertThat(r.times()[r.times().length - 1]).isCloseTo(ENDS[1],
                    org.assertj.core.api.Assertions.within(1e-5));
        }
        for (int k = 1; k < divisors.length; k++) {
            assertThat(nfe[k]).as(seen.toString()).isGreaterThanOrEqualTo(nfe[k - 1]);
            if (order == 2) {
                assertThat(err[k]).as(seen.toString()).isLessThan(err[k - 1]);
            }
        }
        assertThat(nfe[divisors.length - 1]).as(seen.toString()).isGreaterThan(nfe[0]);
        assertThat(err[divisors.length - 1]).as(seen.toString()).isLessThan(err[0] / 10);
    }

    @Test
    void budgetAndUnderflowFailLoudly() {
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, ENDS);
        assertThatThrownBy(() -> AdaptiveDpmSolver.official(3, ModelSide.NOISE).withMaxModelCalls(12)
                .sample(p, CASE.xStart())).isInstanceOfSatisfying(SamplingException.class,
                        e -> assertThat(e.kind()).isEqualTo(SamplingException.Kind.TOO_MANY_EVALUATIONS));
        for (String kind : new String[] {"noise", "pid"}) {
            assertThatThrownBy(() -> solver(kind, 3).withTolerances(1e-300, 1e-300).sample(p, CASE.xStart()))
                    .as(kind).isInstanceOfSatisfying(SamplingException.class,
                            e -> assertThat(e.kind()).isEqualTo(SamplingException.Kind.STEP_SIZE_UNDERFLOW));
        }
    }

    @Test
    void finalTimeToleranceCoveringTheSpanIsRefused() {
        // t-err = 1e308 used to satisfy the stopping rule at the start: no step, x_T returned as the sample
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, ENDS);
        double span = Math.abs(p.tStart() - p.tEnd());
        for (String name : new String[] {AdaptiveDpmSolver.NOISE_NAME, AdaptiveDpmSolver.DATA_NAME}) {
            for (double tErr : new double[] {1e308, span}) {
                assertThatThrownBy(() -> SolverRegistry.standard().create(name, SolverOptions.of(Map.of("t-err", tErr)))
                        .sample(p, CASE.xStart())).as("%s t-err=%s", name, tErr)
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                            assertThat(e.path()).isEqualTo("t-err");
                            assertThat(e.allowed()).contains("|tStart - tEnd|");
                        });
            }
            double justBelow = Math.nextDown(span);
            assertThat(SolverRegistry.standard().create(name, SolverOptions.of(Map.of("t-err", justBelow)))
                    .sample(p, CASE.xStart()).steps()).as("%s t-err just below the span", name).isPositive();
        }
    }

    @Test
    void initialStepLongerThanTheSpanEndsAtTheEnd() {
        // initial-step = 1e6 (allowed: (0, inf)) used to step past lambda_end: a NaN state at t = 0 (noise side) or
        // "step NaN" (data side); the first step is now clamped to the span like every later one
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, ENDS);
        double span = p.schedule().lambda(p.tEnd()) - p.schedule().lambda(p.tStart());
        for (String name : new String[] {AdaptiveDpmSolver.NOISE_NAME, AdaptiveDpmSolver.DATA_NAME}) {
            SamplingResult whole = SolverRegistry.standard().create(name, SolverOptions.of(Map.of("initial-step",
                    span))).sample(p, CASE.xStart());
            SamplingResult longer = SolverRegistry.standard().create(name, SolverOptions.of(Map.of("initial-step",
                    1e6))).sample(p, CASE.xStart());
            assertThat(longer.x().data()).as(name).containsExactly(whole.x().data());
            assertThat(longer.modelCalls()).as(name).isEqualTo(whole.modelCalls());
            assertThat(longer.times()[longer.times().length - 1]).as(name).isCloseTo(ENDS[1],
                    org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void rejectsZeroNoiseEndAndBadOptions() {
        SamplingProblem p = GaussianRuns.zeroNoiseEndProblem(CASE, Prediction.NOISE, ENDS);
        assertThatThrownBy(() -> AdaptiveDpmSolver.kDiffusion(2).sample(p, CASE.xStart()))
                .hasMessageContaining("timesteps must end at sigma > 0");
        SolverRegistry reg = SolverRegistry.standard();
        String[][] bad = {
            {AdaptiveDpmSolver.NOISE_NAME, "order", "4"},
            {AdaptiveDpmSolver.NOISE_NAME, "rtol", "-0.1"},
            {AdaptiveDpmSolver.DATA_NAME, "safety", "1.5"},
            {AdaptiveDpmSolver.DATA_NAME, "t-err", "0"},
            {AdaptiveDpmSolver.DATA_NAME, "initial-step", "0"},
            {AdaptiveDpmSolver.NOISE_NAME, "max-model-calls", "0"},
            {AdaptiveDpmSolver.NOISE_NAME, "solver-type", "heun3"},
            {AdaptiveDpmSolver.PID_NAME, "accept-safety", "0"},
            {AdaptiveDpmSolver.PID_NAME, "icoeff", "-1"},
            {AdaptiveDpmSolver.PID_NAME, "safety", "0.9"},
            // the reference codes' names are mapped by the conformance translators, not accepted here
            {AdaptiveDpmSolver.DATA_NAME, "theta", "0.9"},
            {AdaptiveDpmSolver.NOISE_NAME, "h-init", "0.05"},
            {AdaptiveDpmSolver.PID_NAME, "max-evaluations", "2"},
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> reg.create(b[0], SolverOptions.of(Map.of(b[1], b[2]))))
                    .as("%s %s=%s", b[0], b[1], b[2]).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.path()).isEqualTo("options." + b[1]);
                        assertThat(e.value()).isEqualTo(b[2]);
                    });
        }
        assertThatThrownBy(() -> new PidStepControl(0, 0, 0, 0.81)).hasMessageContaining("pcoeff + icoeff + dcoeff");
    }

    @Test
    void registryDefaultsAreTheReferenceDefaults() {
        SolverRegistry reg = SolverRegistry.standard();
        assertThat(reg.create(AdaptiveDpmSolver.NOISE_NAME)).isEqualTo(AdaptiveDpmSolver.official(3, ModelSide.NOISE));
        assertThat(reg.create(AdaptiveDpmSolver.DATA_NAME)).isEqualTo(AdaptiveDpmSolver.official(3, ModelSide.DATA));
        assertThat(reg.create(AdaptiveDpmSolver.PID_NAME)).isEqualTo(AdaptiveDpmSolver.kDiffusion(3));
    }
}
