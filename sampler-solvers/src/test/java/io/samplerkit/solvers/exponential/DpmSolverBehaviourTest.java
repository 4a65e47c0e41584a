package io.samplerkit.solvers.exponential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.support.ModelHistory;
import io.samplerkit.solvers.support.ModelSide;
import io.samplerkit.solvers.support.MultistepCorrector;
import io.samplerkit.solvers.support.MultistepOrderRule;
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
        GaussianFlowFixture f = GaussianFlowFixture.pointMass();
        for (int steps : new int[] {6, 7, 8, 12}) {
            for (Prediction p : new Prediction[] {Prediction.NOISE, Prediction.DATA, Prediction.VELOCITY}) {
                SamplingProblem problem = f.problem(p, steps);
                try {
                    solver.validate(problem);
                } catch (IllegalArgumentException e) {
                    continue; // fixed allocation needs a multiple of the order
                }
                assertThat(f.error(solver, problem)).as("steps=%d prediction=%s", steps, p).isLessThan(1e-12);
            }
        }
    }

    @Test
    void dataSideStepsExactlyToZeroNoise() {
        GaussianFlowFixture f = GaussianFlowFixture.pointMass();
        double[] t = GaussianFlowFixture.uniformLambda(GaussianFlowFixture.VP, 1.0, 1e-3, 9);
        Timesteps g = Timesteps.of(GaussianFlowFixture.VP, t).withZeroNoiseEnd(GaussianFlowFixture.VP);
        SamplingProblem p = SamplingProblem.of(GaussianFlowFixture.VP,
                f.data.model(GaussianFlowFixture.VP, Prediction.NOISE), g);
        Solver multistep = DpmSolverMultistep.of(ModelSide.DATA, 3);
        SamplingResult r = multistep.sample(p, f.xT);
        assertThat(r.modelCalls()).isEqualTo(10);
        for (int i = 0; i < f.xT.size(); i++) {
            for (int k = 0; k < f.xT.dim(); k++) {
                assertThat(r.x().get(i, k)).isCloseTo(f.data.mean()[k], org.assertj.core.data.Offset.offset(1e-13));
            }
        }
        // singlestep: order 2 fast allocation on 19 stage intervals ends with a first-order step
        Timesteps g2 = Timesteps.of(GaussianFlowFixture.VP,
                GaussianFlowFixture.uniformLambda(GaussianFlowFixture.VP, 1.0, 1e-3, 18))
                .withZeroNoiseEnd(GaussianFlowFixture.VP);
        SamplingResult r2 = new DpmSolverSinglestep(ModelSide.DATA, 2, UpdateType.MIDPOINT, OrderAllocation.FAST)
                .sample(p.withTimesteps(g2), f.xT);
        assertThat(r2.modelCalls()).isEqualTo(19);
        assertThat(r2.x().get(0, 2)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-13));
    }

    @Test
    void noiseSideRejectsZeroNoiseEndNamingTheField() {
        GaussianFlowFixture f = GaussianFlowFixture.standard();
        Timesteps g = Timesteps.of(GaussianFlowFixture.VP,
                GaussianFlowFixture.uniformLambda(GaussianFlowFixture.VP, 1.0, 1e-3, 9))
                .withZeroNoiseEnd(GaussianFlowFixture.VP);
        SamplingProblem p = f.problem(Prediction.NOISE, 10).withTimesteps(g);
        assertThatThrownBy(() -> DpmSolverMultistep.of(ModelSide.NOISE, 2).sample(p, f.xT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps must not end at zero noise");
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.NOISE, 1, UpdateType.MIDPOINT,
                OrderAllocation.FAST).sample(p, f.xT)).hasMessageContaining("timesteps must not end at zero noise");
        Timesteps g11 = Timesteps.of(GaussianFlowFixture.VP,
                GaussianFlowFixture.uniformLambda(GaussianFlowFixture.VP, 1.0, 1e-3, 10))
                .withZeroNoiseEnd(GaussianFlowFixture.VP);
        // 11 stage intervals, order 3 fast: orders 3, 3, 3, 2, so the step to zero noise would be second order
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.DATA, 3, UpdateType.MIDPOINT,
                OrderAllocation.FAST).sample(p.withTimesteps(g11), f.xT))
                .hasMessageContaining("must be first order, got order 2");
    }

    @Test
    void crossFieldRulesNameTheFields() {
        GaussianFlowFixture f = GaussianFlowFixture.standard();
        assertThatThrownBy(() -> DpmSolverMultistep.of(ModelSide.DATA, 3).sample(f.problem(Prediction.NOISE, 2),
                f.xT)).hasMessageContaining("timesteps must have at least order=3 steps").hasMessageContaining("got 2");
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.DATA, 3, UpdateType.MIDPOINT,
                OrderAllocation.FIXED).sample(f.problem(Prediction.NOISE, 10), f.xT))
                .hasMessageContaining("multiple of order=3").hasMessageContaining("got 10");
        assertThatThrownBy(() -> new DpmSolverSinglestep(ModelSide.DATA, 4, UpdateType.MIDPOINT,
                OrderAllocation.FAST)).hasMessageContaining("order must be in [1, 3], got 4");
    }

    @Test
    void modelCallsEqualTheBudget() {
        GaussianFlowFixture f = GaussianFlowFixture.standard();
        for (int n : new int[] {3, 5, 10, 11}) {
            SamplingProblem p = f.problem(Prediction.NOISE, n);
            assertThat(DpmSolverMultistep.of(ModelSide.DATA, 3).sample(p, f.xT).modelCalls()).isEqualTo(n);
            SamplingResult s = new DpmSolverSinglestep(ModelSide.NOISE, 3, UpdateType.TAYLOR, OrderAllocation.FAST)
                    .sample(p, f.xT);
            assertThat(s.modelCalls()).isEqualTo(n);
            assertThat(s.steps()).isEqualTo(OrderAllocation.FAST.orders(3, n).length);
        }
    }

    @Test
    void sameInputSameBits() {
        GaussianFlowFixture f = GaussianFlowFixture.standard();
        SamplingProblem p = f.problem(Prediction.VELOCITY, 17);
        for (Solver s : new Solver[] {DpmSolverMultistep.of(ModelSide.DATA, 3),
            new DpmSolverSinglestep(ModelSide.NOISE, 3, UpdateType.TAYLOR, OrderAllocation.FAST)}) {
            double[] a = s.sample(p, f.xT).x().data();
            double[] b = s.sample(p.withSeed(99), f.xT).x().data();
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
        double[] t = SinglestepPlan.nest(GaussianFlowFixture.VP, outer, orders,
                new io.samplerkit.core.grid.TimeGrid() {
                    @Override
                    public double[] times(io.samplerkit.core.schedule.NoiseSchedule s, double a, double b, int n) {
                        return GaussianFlowFixture.uniformLambda(s, a, b, n);
                    }

                    @Override
                    public String describe() {
                        return "uniform-lambda";
                    }
                });
        assertThat(t).hasSize(7);
        SinglestepPlan plan = new SinglestepPlan(t, orders);
        assertThat(plan.outerTimes()).containsExactly(outer);
        var vp = GaussianFlowFixture.VP;
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
                assertThat(previous).isNotSameAs(x);
                calls.add("correct " + step + " " + order + " " + history.size());
            };
        }
    }

    @Test
    void correctorRunsAfterEveryStepButTheLastWithoutModelCalls() {
        GaussianFlowFixture f = GaussianFlowFixture.standard();
        SamplingProblem p = f.problem(Prediction.NOISE, 6);
        DpmSolverMultistep plain = DpmSolverMultistep.of(ModelSide.DATA, 3);
        ProbeCorrector probe = new ProbeCorrector();
        DpmSolverMultistep corrected = plain.withCorrector(probe);
        SamplingResult a = plain.sample(p, f.xT);
        SamplingResult b = corrected.sample(p, f.xT);
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
                .hasMessageContaining("option order must be in [1, 3], got 4");
        assertThatThrownBy(() -> reg.create("dpmpp-2m", SolverOptions.of(Map.of("order", 3))))
                .hasMessageContaining("has no option 'order'");
        assertThatThrownBy(() -> reg.create("dpmpp-3s", SolverOptions.of(Map.of("solver-type", "euler"))))
                .hasMessageContaining("option solver-type must be one of midpoint|taylor, got 'euler'");
        assertThatThrownBy(() -> reg.create("dpm-solver-fast", SolverOptions.of(Map.of("allocation", "slow"))))
                .hasMessageContaining("option allocation must be one of fast|fixed");
    }

    @Test
    void historyHandedToCorrectorHoldsTheNewOutput() {
        // the output at the new point equals a fresh evaluation at the predicted state
        GaussianFlowFixture f = GaussianFlowFixture.standard();
        SamplingProblem p = f.problem(Prediction.NOISE, 5);
        List<Double> diffs = new ArrayList<>();
        MultistepCorrector check = new MultistepCorrector() {
            @Override
            public String name() {
                return "check";
            }

            @Override
            public Run start(SolverContext context, ModelSide side, int maxOrder) {
                Batch fresh = context.newBatch();
                return (int step, int order, BatchView previous, ModelHistory history, Batch x) -> {
                    f.data.model(GaussianFlowFixture.VP, Prediction.DATA).evaluate(x, history.t(0), fresh);
                    diffs.add(GaussianFlowFixture.maxAbsDiff(fresh, history.output(0)));
                };
            }
        };
        DpmSolverMultistep.of(ModelSide.DATA, 2).withCorrector(check).sample(p, f.xT);
        assertThat(diffs).hasSize(4).allSatisfy(d -> assertThat(d).isLessThan(1e-14));
    }
}
