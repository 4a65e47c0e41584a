package io.samplerkit.solvers.ode;

import static io.samplerkit.solvers.testing.RhoProblems.DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.core.testing.TestModels;
import io.samplerkit.solvers.RejectedStep;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepInfo;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.adaptive.PidController;
import io.samplerkit.solvers.testing.GaussianRuns;
import io.samplerkit.solvers.testing.RhoProblems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmbeddedRungeKuttaTest {

    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final EdmSchedule EDM = new EdmSchedule(0.002, 80);

    /** docs/math.md §12 setup: VP linear from t = 1 to 1e-3, or EDM from sigma = 80 to 0.002. */
    private record Setup(String name, GaussianFlowCase flow) {
        SamplingProblem problem() {
            return GaussianRuns.problem(flow, Prediction.NOISE, ends());
        }

        double[] ends() {
            return new double[] {flow.tStart(), flow.tEnd()};
        }

        Batch start() {
            return flow.xStart();
        }

        Batch exact() {
            return flow.exact(flow.tStart(), flow.tEnd());
        }

        double error(SamplingResult r) {
            return flow.error(r.x(), flow.timesteps(ends()));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Setup VP_SETUP = new Setup("vp",
            new GaussianFlowCase(VP, DATA, RhoProblems.start(2, 1.0), 1.0, 1e-3));
    private static final Setup EDM_SETUP = new Setup("edm",
            new GaussianFlowCase(EDM, DATA, RhoProblems.start(2, 80), 80, 0.002));

    static Stream<Arguments> pairsAndSetups() {
        return Stream.of(ButcherTableau.BOGACKI_SHAMPINE, ButcherTableau.DORMAND_PRINCE)
                .flatMap(t -> Stream.of(Arguments.of(t, VP_SETUP), Arguments.of(t, EDM_SETUP)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pairsAndSetups")
    void errorTracksTheToleranceOverFourDecades(ButcherTableau tableau, Setup setup) {
        double[] tol = {1e-3, 1e-4, 1e-5, 1e-6, 1e-7};
        double[] ratio = new double[tol.length];
        int[] inverse = new int[tol.length];
        double[] err = new double[tol.length];
        for (int j = 0; j < tol.length; j++) {
            SamplingResult r = EmbeddedRungeKutta.of(tableau).withTolerances(tol[j], tol[j])
                    .sample(setup.problem(), setup.start());
            err[j] = setup.error(r);
            ratio[j] = err[j] / tol[j];
            inverse[j] = (int) Math.round(1 / tol[j]);
        }
        // slope of log(error) against log(tolerance)
        double slope = ConvergenceSlope.leastSquares(inverse, err);
        String why = "errors " + Arrays.toString(err);
        assertThat(slope).as(why).isBetween(0.85, 1.2);
        double max = Arrays.stream(ratio).max().orElseThrow();
        double min = Arrays.stream(ratio).min().orElseThrow();
        assertThat(max / min).as(why).isLessThan(6.0);
        assertThat(max).as(why).isLessThan(30.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variables")
    void dopri5AtTightToleranceMatchesTheExactFlow(EmbeddedRungeKutta.Variable variable) {
        for (Setup setup : List.of(VP_SETUP, EDM_SETUP)) {
            SamplingResult r = EmbeddedRungeKutta.of(ButcherTableau.DORMAND_PRINCE).withVariable(variable)
                    .withTolerances(1e-10, 1e-10).sample(setup.problem(), setup.start());
            Batch exact = setup.exact();
            double scale = Math.max(1, Arrays.stream(exact.data()).map(Math::abs).max().orElseThrow());
            assertThat(setup.error(r)).as("%s %s", setup, variable).isLessThan(1e-8 * scale);
        }
    }

    /**
     * A discrete VP table (diffusers' linear betas, 1000 entries): f and g^2 are constant between knots. In
     * time, attempts that straddled a knot made the controller shrink the step at every knot; now they stop at
     * the knot. Measured (dopri5, 2 samples, t = 1 to 0.01): in lambda errors 5.5e-7 and 1.7e-10 with 170 and 506
     * model calls at tol 1e-7 and 1e-10; in time 8.6e-14 with 6 931 calls at both (one step per knot interval
     * already resolves the smooth pieces). With stops but the next interval's coefficients at the knot, the run
     * at tol 1e-7 still exhausted its 100 000-call budget.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variables")
    void convergesInBothVariablesOnADiscreteSchedule(EmbeddedRungeKutta.Variable variable) {
        io.samplerkit.core.schedule.VpDiscreteSchedule table = io.samplerkit.core.schedule.VpDiscreteSchedule
                .fromBetas(io.samplerkit.core.schedule.BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        GaussianFlowCase flow = new GaussianFlowCase(table, DATA, RhoProblems.start(2, 1.0), table.tMax(), 0.01);
        double[] ends = {flow.tStart(), flow.tEnd()};
        SamplingProblem p = GaussianRuns.problem(flow, Prediction.NOISE, ends);
        double[] err = new double[2];
        int[] calls = new int[2];
        double[] tol = {1e-7, 1e-10};
        for (int j = 0; j < tol.length; j++) {
            SamplingResult r = EmbeddedRungeKutta.of(ButcherTableau.DORMAND_PRINCE).withVariable(variable)
                    .withTolerances(tol[j], tol[j]).sample(p, flow.xStart());
            err[j] = flow.error(r.x(), flow.timesteps(ends));
            calls[j] = r.modelCalls();
        }
        System.out.printf("dopri5 %s on a 1000-entry VP table: errors %s, model calls %s at tol %s%n", variable,
                Arrays.toString(err), Arrays.toString(calls), Arrays.toString(tol));
        for (int j = 0; j < tol.length; j++) {
            assertThat(err[j]).as("%s: error at tol %s", variable, tol[j]).isLessThan(30 * tol[j]);
        }
        // in time every one of the ~990 knot intervals in the span is at least one step of 7 calls
        assertThat(calls[1]).as("%s: model calls at tol 1e-10", variable).isLessThan(10_000);
    }

    static Stream<EmbeddedRungeKutta.Variable> variables() {
        return Stream.of(EmbeddedRungeKutta.Variable.values());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pairsAndSetups")
    void modelCallsAndRejectionsAreAccountedFor(ButcherTableau tableau, Setup setup) {
        List<RejectedStep> rejected = new ArrayList<>();
        List<StepInfo> accepted = new ArrayList<>();
        StepObserver observer = new StepObserver() {
            @Override
            public void onStep(StepInfo info) {
                accepted.add(info);
            }

            @Override
            public void onRejected(RejectedStep step) {
                rejected.add(step);
            }
        };
        SamplingProblem p = setup.problem().withObserver(observer);
        SamplingResult r = EmbeddedRungeKutta.of(tableau).withTolerances(1e-4, 1e-4).sample(p, setup.start());
        assertThat(r.rejectedSteps()).isEqualTo(rejected.size());
        assertThat(accepted).hasSize(r.steps());
        int attempts = r.steps() + r.rejectedSteps();
        // f0 and the probe of the initial-step rule, then s - 1 calls per attempt (FSAL)
        assertThat(r.modelCalls()).isEqualTo(2 + (tableau.stages() - 1) * attempts);
        assertThat(r.times()[0]).isEqualTo(setup.flow().tStart());
        assertThat(r.times()[r.steps()]).isEqualTo(setup.flow().tEnd());
        for (RejectedStep s : rejected) {
            assertThat(s.error()).isGreaterThanOrEqualTo(1.0);
            assertThat(s.tAttempted()).isLessThan(s.t());
        }
        double[] t = r.times();
        for (int i = 1; i < t.length; i++) {
            assertThat(t[i]).isLessThan(t[i - 1]);
        }
    }

    @Test
    void aTooLargeFirstStepIsRejectedAndRetried() {
        SamplingProblem p = VP_SETUP.problem();
        EmbeddedRungeKutta solver = new EmbeddedRungeKutta(ButcherTableau.BOGACKI_SHAMPINE,
                EmbeddedRungeKutta.Variable.LAMBDA, 1e-6, 1e-6, PidController.DEFAULT, 8.0, 100_000);
        SamplingResult r = solver.sample(p, VP_SETUP.start());
        assertThat(r.rejectedSteps()).isPositive();
        assertThat(r.modelCalls()).isEqualTo(1 + 3 * (r.steps() + r.rejectedSteps()));
        assertThat(VP_SETUP.error(r)).isLessThan(1e-4);
    }

    @Test
    void exceedingTheEvaluationBudgetThrows() {
        EmbeddedRungeKutta solver = EmbeddedRungeKutta.of(ButcherTableau.DORMAND_PRINCE).withTolerances(1e-8, 1e-8)
                .withMaxModelCalls(30);
        assertThatThrownBy(() -> solver.sample(VP_SETUP.problem(), VP_SETUP.start()))
                .isInstanceOfSatisfying(SamplingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SamplingException.Kind.TOO_MANY_EVALUATIONS);
                    assertThat(e.solver()).isEqualTo("dopri5");
                });
    }

    @Test
    void anUnreachableToleranceEndsInStepSizeUnderflow() {
        SamplingProblem p = VP_SETUP.problem();
        assertThatThrownBy(() -> EmbeddedRungeKutta.of(ButcherTableau.BOGACKI_SHAMPINE).withTolerances(1e-100, 1e-100)
                .sample(p, VP_SETUP.start()))
                .isInstanceOfSatisfying(SamplingException.class,
                        e -> assertThat(e.kind()).isEqualTo(SamplingException.Kind.STEP_SIZE_UNDERFLOW));
    }

    @Test
    void aModelOutputBeyondTheMagnitudeGuardStopsTheRunAtTheFirstCall() {
        DiffusionModel wild = TestModels.of(Prediction.DATA, (x, t, out) -> Arrays.fill(out.data(), 1e300));
        SamplingProblem p = SamplingProblem.of(VP, wild, Timesteps.of(VP, new double[] {1.0, 1e-3}));
        assertThatThrownBy(() -> EmbeddedRungeKutta.of(ButcherTableau.BOGACKI_SHAMPINE).sample(p, VP_SETUP.start()))
                .isInstanceOfSatisfying(SamplingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
                    assertThat(e.step()).isZero();
                });
    }

    @Test
    void problemsEndingAtZeroNoiseAreRejected() {
        SamplingProblem p = EDM_SETUP.problem();
        SamplingProblem zero = p.withTimesteps(p.timesteps().withZeroNoiseEnd(EDM));
        assertThatThrownBy(() -> EmbeddedRungeKutta.of(ButcherTableau.DORMAND_PRINCE).sample(zero, EDM_SETUP.start()))
                .hasMessageContaining("sigma > 0");
        SamplingResult r = EmbeddedRungeKutta.of(ButcherTableau.DORMAND_PRINCE)
                .sample(p.withDenoiseToZero(true), EDM_SETUP.start());
        assertThat(r.x().firstNonFinite()).isEqualTo(-1);
    }

    @Test
    void badOptionsAreRejectedNamingTheOption() {
        SolverRegistry reg = SolverRegistry.standard();
        assertThatThrownBy(() -> reg.create("dopri5", SolverOptions.of(Map.of("rtol", -1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.rtol"));
        assertThatThrownBy(() -> reg.create("bosh3", SolverOptions.of(Map.of("factor-min", 0.95))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.factor-min"));
        assertThatThrownBy(() -> reg.create("bosh3", SolverOptions.of(Map.of("variable", "rho"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.variable"));
        assertThatThrownBy(() -> reg.create("dopri5", SolverOptions.of(Map.of("order", 5))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThatThrownBy(() -> reg.create("dopri5", SolverOptions.of(Map.of("rtol", 0, "atol", 1e-6))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.rtol"));
        assertThatThrownBy(() -> new EmbeddedRungeKutta(ButcherTableau.DORMAND_PRINCE, EmbeddedRungeKutta.Variable.LAMBDA,
                0, 0, PidController.DEFAULT, 0, 10)).hasMessageContaining("rtol and atol");
        assertThatThrownBy(() -> EmbeddedRungeKutta.of(ButcherTableau.RK4)).hasMessageContaining("tableau");
        assertThatThrownBy(() -> new PidController(0, 0, 0, 0.9, 0.2, 10)).hasMessageContaining("pcoeff");
        assertThat(reg.create("dopri5", SolverOptions.parse("rtol=1e-6,atol=1e-7,variable=time,pcoeff=0.4,icoeff=0.3")))
                .isEqualTo(new EmbeddedRungeKutta(ButcherTableau.DORMAND_PRINCE, EmbeddedRungeKutta.Variable.TIME,
                        1e-6, 1e-7, new PidController(0.4, 0.3, 0, 0.9, 0.2, 10), 0.0, 100_000));
    }

    /** A PI controller (diffrax's suggested (0.4, 0.3)) also meets the tolerance. */
    @Test
    void piControllerMeetsTheTolerance() {
        SamplingResult r = EmbeddedRungeKutta.of(ButcherTableau.DORMAND_PRINCE).withTolerances(1e-7, 1e-7)
                .withController(new PidController(0.4, 0.3, 0, 0.9, 0.2, 10))
                .sample(VP_SETUP.problem(), VP_SETUP.start());
        assertThat(VP_SETUP.error(r)).isLessThan(3e-6);
    }
}
