package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.internal.ModelHistory;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepCorrector;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DpmSolverBehaviourTest {

    static Stream<Arguments> everyVariant() {
        List<Arguments> r = new ArrayList<>();
        for (ModelSide side : ModelSide.values()) {
            for (UpdateType type : UpdateType.values()) {
                for (int order = 1; order <= 3; order++) {
                    for (OrderAllocation a : OrderAllocation.values()) {
                        r.add(Arguments.of(new DpmSolverSinglestep(side, order, type, a)));
                    }
                    for (ThirdOrder third : ThirdOrder.values()) {
                        r.add(Arguments.of(new DpmSolverMultistep(side, MultistepOrderRule.official(order), type,
                                third, null)));
                    }
                }
            }
        }
        return r.stream();
    }

    /**
     * For a point mass the data prediction is constant and the noise prediction is constant along the
     * exact flow (x/alpha = mu + rho * const), so every step of every order is exact.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyVariant")
    void exactWhenThePredictionIsConstantInLambda(Solver solver) {
        GaussianFlowCase f = GaussianFlowCase.pointMass();
        for (int steps : new int[] {6, 7, 8, 12}) {
            for (Prediction p : new Prediction[] {Prediction.NOISE, Prediction.DATA, Prediction.VELOCITY}) {
                SamplingProblem problem = GaussianRuns.problem(f, p, new LogSnrGrid(), steps);
                try {
                    solver.validate(problem);
                } catch (IllegalArgumentException e) {
                    continue; // fixed allocation needs a multiple of the order
                }
                assertThat(GaussianRuns.error(solver, f, problem)).as("steps=%d prediction=%s", steps, p).isLessThan(1e-12);
            }
        }
    }

    @Test
    void dataSideStepsExactlyToZeroNoise() {
        GaussianFlowCase f = GaussianFlowCase.pointMass();
        SamplingProblem p = GaussianRuns.zeroNoiseEndProblem(f, Prediction.NOISE, f.times(new LogSnrGrid(), 9));
        Solver multistep = DpmSolverMultistep.of(ModelSide.DATA, 3);
        SamplingResult r = multistep.sample(p, f.xStart());
        assertThat(r.modelCalls()).isEqualTo(10);
        for (int i = 0; i < f.xStart().size(); i++) {
            for (int k = 0; k < f.xStart().dim(); k++) {
                assertThat(r.x().get(i, k)).isCloseTo(f.data().mean()[k], org.assertj.core.data.Offset.offset(1e-13));
            }
        }
        // singlestep: order 2 fast allocation on 19 stage intervals ends with a first-order step
        Timesteps g2 = f.timesteps(new LogSnrGrid(), 18).withZeroNoiseEnd(f.schedule());
        SamplingResult r2 = new DpmSolverSinglestep(ModelSide.DATA, 2, UpdateType.MIDPOINT, OrderAllocation.FAST)
                .sample(p.withTimesteps(g2), f.xStart());
        assertThat(r2.modelCalls()).isEqualTo(19);
        assertThat(r2.x().get(0, 2)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-13));
    }

    @Test
    void noiseSideRejectsZeroNoiseEndNamingTheField() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        SamplingProblem p = GaussianRuns.zeroNoiseEndProblem(f, Prediction.NOISE, f.times(new LogSnrGrid(), 9));
        assertThatThrownBy(() -> DpmSolverMultistep.of(ModelSide.NOISE, 2).sample(p, f.xStart()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps must not end at zero noise");
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.NOISE, 1, UpdateType.MIDPOINT,
                OrderAllocation.FAST).sample(p, f.xStart())).hasMessageContaining("timesteps must not end at zero noise");
        Timesteps g11 = f.timesteps(new LogSnrGrid(), 10).withZeroNoiseEnd(f.schedule());
        // 11 stage intervals, order 3 fast: orders 3, 3, 3, 2, so the step to zero noise would be second order
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.DATA, 3, UpdateType.MIDPOINT,
                OrderAllocation.FAST).sample(p.withTimesteps(g11), f.xStart()))
                .hasMessageContaining("must be first order, got order 2");
    }

    @Test
    void crossFieldRulesNameTheFields() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        assertThatThrownBy(() -> DpmSolverMultistep.of(ModelSide.DATA, 3)
                .sample(GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), 2), f.xStart()))
                .hasMessageContaining("timesteps must have at least order=3 steps").hasMessageContaining("got 2");
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.DATA, 3, UpdateType.MIDPOINT,
                OrderAllocation.FIXED).sample(GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), 10),
                        f.xStart()))
                .hasMessageContaining("multiple of order=3").hasMessageContaining("got 10");
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.DATA, 4, UpdateType.MIDPOINT,
                OrderAllocation.FAST)).hasMessageContaining("order must be in [1, 3], got 4");
    }

    @Test
    void modelCallsEqualTheBudget() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        for (int n : new int[] {3, 5, 10, 11}) {
            SamplingProblem p = GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), n);
            assertThat(DpmSolverMultistep.of(ModelSide.DATA, 3).sample(p, f.xStart()).modelCalls()).isEqualTo(n);
            SamplingResult s = new DpmSolverSinglestep(ModelSide.NOISE, 3, UpdateType.TAYLOR, OrderAllocation.FAST)
                    .sample(p, f.xStart());
            assertThat(s.modelCalls()).isEqualTo(n);
            assertThat(s.steps()).isEqualTo(OrderAllocation.FAST.orders(3, n).length);
        }
    }

    @Test
    void sameInputSameBits() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        SamplingProblem p = GaussianRuns.problem(f, Prediction.VELOCITY, new LogSnrGrid(), 17);
        for (Solver s : new Solver[] {DpmSolverMultistep.of(ModelSide.DATA, 3),
            new DpmSolverSinglestep(ModelSide.NOISE, 3, UpdateType.TAYLOR, OrderAllocation.FAST)}) {
            double[] a = s.sample(p, f.xStart()).x().data();
            double[] b = s.sample(p.withSeed(99), f.xStart()).x().data();
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void fastAllocationFollowsTheOfficialTable() {
        assertThat(OrderAllocation.FAST.orders(3, 10)).containsExactly(3, 3, 3, 1);
        assertThat(OrderAllocation.FAST.orders(3, 9)).containsExactly(3, 3, 2, 1);
        assertThat(OrderAllocation.FAST.orders(3, 20)).containsExactly(3, 3, 3, 3, 3, 3, 2);
        assertThat(OrderAllocation.FAST.orders(3, 3)).containsExactly(2, 1);
        assertThat(OrderAllocation.FAST.orders(2, 7)).containsExactly(2, 2, 2, 1);
        assertThat(OrderAllocation.FAST.orders(2, 6)).containsExactly(2, 2, 2);
        assertThat(OrderAllocation.FAST.orders(1, 4)).containsExactly(1, 1, 1, 1);
        assertThat(OrderAllocation.FIXED.orders(3, 17)).containsExactly(3, 3, 3, 3, 3);
        for (int n = 1; n < 40; n++) {
            for (int o = 1; o <= 3; o++) {
                assertThat(OrderAllocation.FAST.modelCalls(o, n)).as("order %d nfe %d", o, n).isEqualTo(n);
            }
        }
    }

    @Test
    void nestedPlanPutsInnerStagesUniformlyInLambda() {
        double[] outer = {1.0, 0.5, 0.1, 1e-3};
        int[] orders = {3, 2, 1};
        var vp = VpLinearSchedule.standard();
        double[] t = SinglestepPlan.nest(vp, outer, orders, new LogSnrGrid());
        assertThat(t).hasSize(7);
        SinglestepPlan plan = new SinglestepPlan(t, orders);
        assertThat(plan.outerTimes()).containsExactly(outer);
        double h = vp.lambda(0.5) - vp.lambda(1.0);
        assertThat((vp.lambda(t[1]) - vp.lambda(1.0)) / h).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-13));
        assertThat((vp.lambda(t[2]) - vp.lambda(1.0)) / h).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-13));
    }

    /** A corrector that checks the protocol and leaves the state unchanged. */
    private static final class ProbeCorrector implements MultistepCorrector {
        final List<String> calls = new ArrayList<>();

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public Run start(SolverContext context, ModelSide side, int maxOrder) {
            calls.add("start " + side + " " + maxOrder);
            return (step, order, previous, history, x) -> {
                assertThat(history.size()).isLessThanOrEqualTo(maxOrder + 1);
                // entry 0 is the model at the new point, entry 1 the one at the previous point
                assertThat(history.lambda(0)).isGreaterThan(history.lambda(1));
                // the run hands its state as both the previous state and the destination: no copy of x
                assertThat(previous).isSameAs(x);
                calls.add("correct " + step + " " + order + " " + history.size());
                return false;
            };
        }
    }

    @Test
    void correctorRunsAfterEveryStepButTheLastWithoutModelCalls() {
        GaussianFlowCase f = GaussianFlowCase.rotated();
        SamplingProblem p = GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), 6);
        DpmSolverMultistep plain = DpmSolverMultistep.of(ModelSide.DATA, 3);
        ProbeCorrector probe = new ProbeCorrector();
        DpmSolverMultistep corrected = plain.withCorrector(probe);
        SamplingResult a = plain.sample(p, f.xStart());
        SamplingResult b = corrected.sample(p, f.xStart());
        assertThat(b.modelCalls()).isEqualTo(6);
        assertThat(b.x().data()).containsExactly(a.x().data());
        // 6 steps, official lower_order_final (6 < 10): orders 1, 2, 3, 3, 2, 1; no correction after step 6
        assertThat(probe.calls).containsExactly("start DATA 3", "correct 0 1 2", "correct 1 2 3", "correct 2 3 4",
                "correct 3 3 4", "correct 4 2 4");
        assertThat(corrected.name()).isEqualTo("dpmpp-multistep+probe");
        assertThat(corrected.order()).isEqualTo(3);
    }

    @Test
    void registryBuildsEveryNameAndRejectsBadOptions() {
        SolverRegistry reg = SolverRegistry.standard();
        for (String name : new String[] {"dpm-solver-multistep", "dpmpp-multistep", "dpmpp-2m", "dpmpp-3m",
            "dpmpp-3m-corrected", "dpm-solver-singlestep", "dpmpp-singlestep", "dpmpp-2s", "dpmpp-3s",
            "dpm-solver-fast"}) {
            assertThat(reg.create(name)).as(name).isNotNull();
        }
        Solver s = reg.create("dpmpp-multistep", SolverOptions.of(Map.of("order", 3, "third-order", "corrected",
                "solver-type", "taylor", "lower-order-final-below", 15)));
        assertThat(s).isEqualTo(new DpmSolverMultistep(ModelSide.DATA, new MultistepOrderRule(3, true, 15, false),
                UpdateType.TAYLOR, ThirdOrder.CORRECTED, null));
        assertThat(((DpmSolverMultistep) reg.create("dpmpp-3m")).thirdOrder()).isEqualTo(ThirdOrder.REFERENCE);
        assertThat(((DpmSolverMultistep) reg.create("dpmpp-3m-corrected")).thirdOrder())
                .isEqualTo(ThirdOrder.CORRECTED);
        assertThatThrownBy(() -> reg.create("dpmpp-multistep", SolverOptions.of(Map.of("order", 4))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThatThrownBy(() -> reg.create("dpmpp-2m", SolverOptions.of(Map.of("order", 3))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThatThrownBy(() -> reg.create("dpmpp-3s", SolverOptions.of(Map.of("solver-type", "euler"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.solver-type"));
        assertThatThrownBy(() -> reg.create("dpm-solver-fast", SolverOptions.of(Map.of("allocation", "slow"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.allocation"));
    }

    @Test
    void historyHandedToCorrectorHoldsTheNewOutput() {
        // the output at the new point equals a fresh evaluation at the predicted state, which is the step's
        // result when the corrector declines to correct
        GaussianFlowCase f = GaussianFlowCase.rotated();
        List<double[]> outputs = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        List<Double> diffs = new ArrayList<>();
        Batch fresh = Batch.zeros(f.xStart().size(), f.xStart().dim());
        SamplingProblem p = GaussianRuns.problem(f, Prediction.NOISE, new LogSnrGrid(), 5).withObserver(info -> {
            if (info.index() < outputs.size()) {
                f.model(Prediction.DATA).evaluate(info.x(), times.get(info.index()), fresh);
                diffs.add(GaussianFixtures.maxAbsDiff(fresh, Batch.wrap(fresh.size(), fresh.dim(),
                        outputs.get(info.index()))));
            }
        });
        MultistepCorrector check = new MultistepCorrector() {
            @Override
            public String name() {
                return "check";
            }

            @Override
            public Run start(SolverContext context, ModelSide side, int maxOrder) {
                return (int step, int order, BatchView previous, ModelHistory history, Batch x) -> {
                    outputs.add(history.output(0).data().clone());
                    times.add(history.t(0));
                    return false;
                };
            }
        };
        DpmSolverMultistep.of(ModelSide.DATA, 2).withCorrector(check).sample(p, f.xStart());
        assertThat(diffs).hasSize(4).allSatisfy(d -> assertThat(d).isLessThan(1e-14));
    }
}
