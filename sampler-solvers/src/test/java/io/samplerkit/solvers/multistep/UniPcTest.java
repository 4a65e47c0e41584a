package io.samplerkit.solvers.multistep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.analytic.GaussianFlowCase;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.ConvergenceSlope;
import io.samplerkit.core.testing.TestModels;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.exponential.DpmSolverMultistep;
import io.samplerkit.solvers.exponential.ThirdOrder;
import io.samplerkit.solvers.exponential.UpdateType;
import io.samplerkit.solvers.internal.ExactHistoryStart;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.testing.GaussianRuns;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UniPcTest {

    private static final GaussianFlowCase CASE = GaussianFlowCase.standard();
    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final GaussianData DATA = CASE.data();
    private static final Batch X_START = CASE.xStart();
    private static final int[] STEPS = {160, 320};

    private static double[] grid(int steps) {
        return CASE.times(new LogSnrGrid(), steps);
    }

    /**
     * Frobenius-norm error against the exact flow over {@code times}, the first {@code warm} steps started
     * exactly (the superconvergence band of UniP-3 below was measured in this norm).
     */
    private static double error(Solver solver, double[] times, Prediction prediction, int warm) {
        return GaussianFixtures.distance(ExactHistoryStart.warmSteps(solver, CASE, times, prediction, warm),
                CASE.exact(CASE.timesteps(times)));
    }

    private static Prediction prediction(ModelSide side) {
        return side == ModelSide.DATA ? Prediction.DATA : Prediction.NOISE;
    }

    /** Slope between the two step counts, exact-history start for the first {@code warm} steps. */
    private static double slope(Solver solver, ModelSide side, int warm) {
        double[] e = new double[STEPS.length];
        for (int j = 0; j < STEPS.length; j++) {
            e[j] = error(solver, grid(STEPS[j]), prediction(side), warm);
        }
        return ConvergenceSlope.lastTwo(STEPS, e);
    }

    private static Set<Integer> allSteps(int n) {
        return new HashSet<>(IntStream.range(0, n).boxed().toList());
    }

    static Stream<Arguments> configurations() {
        return Stream.of(UniPcVariant.BH1, UniPcVariant.BH2).flatMap(v -> Stream.of(ModelSide.values())
                .flatMap(side -> IntStream.rangeClosed(1, 3).mapToObj(p -> Arguments.of(v, side, p))));
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("configurations")
    void uniPcOfOrderPConvergesAtOrderPPlusOne(UniPcVariant variant, ModelSide side, int p) {
        // docs/math.md §12: exact-history start, lower_order_final off, end at sigma_min (no jump to 0)
        UniPc solver = new UniPc(variant, side, p, false, Set.of());
        assertThat(slope(solver, side, p - 1)).as("%s %s p=%d", variant, side, p).isCloseTo(p + 1.0, within(0.15));
        assertThat(solver.order()).isEqualTo(p + 1);
    }

    /**
     * With lower-order-final (UniPC's default, at every step count) the last step is a first-order predictor that
     * no corrector follows; its local error {@code C h^2} has a small constant but bounds the global order by 2,
     * so {@code order()} is 2 for every {@code p}. The slope between 640 and 1280 steps must reach 2 and may
     * exceed it by up to one order while the {@code h^(p+1)} error of the other steps still dominates: measured
     * (bh1/bh2, data/noise, exact-history start as above) p = 1 1.99-2.01, p = 2 2.97-3.00 (the {@code h^3}
     * term still larger than {@code C h^2} at 1280 steps), p = 3 2.01-2.02 (the {@code h^4} term already smaller).
     */
    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("configurations")
    void withLowerOrderFinalTheOrderIsTwo(UniPcVariant variant, ModelSide side, int p) {
        UniPc solver = new UniPc(variant, side, p, true, Set.of());
        int[] steps = {640, 1280};
        double[] e = new double[steps.length];
        for (int j = 0; j < steps.length; j++) {
            e[j] = error(solver, grid(steps[j]), prediction(side), p - 1);
        }
        double slope = ConvergenceSlope.lastTwo(steps, e);
        assertThat(solver.order()).isEqualTo(2);
        assertThat(slope).as("%s %s p=%d", variant, side, p).isBetween(solver.order() - 0.2, solver.order() + 1.1);
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("configurations")
    void thePredictorAloneConvergesAtOrderP(UniPcVariant variant, ModelSide side, int p) {
        Set<Integer> none = allSteps(STEPS[STEPS.length - 1]);
        double[] e = new double[STEPS.length];
        for (int j = 0; j < STEPS.length; j++) {
            e[j] = error(new UniPc(variant, side, p, false, none), grid(STEPS[j]), prediction(side), p - 1);
        }
        // UniP-3 (= multistep 3 with the corrected D2) superconverges on this problem (docs/math.md §12: 3.8-4.1)
        double slope = ConvergenceSlope.lastTwo(STEPS, e);
        if (p < 3) {
            assertThat(slope).as("UniP-%d %s %s", p, variant, side).isCloseTo(p, within(0.15));
        } else {
            assertThat(slope).as("UniP-%d %s %s", p, variant, side).isBetween(p - 0.15, p + 1.15);
        }
    }

    @Test
    void varyCoeffAsPublishedConvergesOnlyAtFirstOrderBeyondOrderOne() {
        for (ModelSide side : ModelSide.values()) {
            UniPc one = new UniPc(UniPcVariant.VARY_COEFF_REFERENCE, side, 1, false, Set.of());
            assertThat(slope(one, side, 0)).as("vary_coeff p=1 %s", side).isCloseTo(2.0, within(0.15));
            UniPc three = new UniPc(UniPcVariant.VARY_COEFF_REFERENCE, side, 3, false, Set.of());
            assertThat(slope(three, side, 2)).as("vary_coeff p=3 %s", side).isCloseTo(1.0, within(0.15));
            assertThat(three.order()).isEqualTo(1);
        }
    }

    @Test
    void uniPTwoWithBh2IsDpmSolverPlusPlus2MAndUniPThreeIsTheCorrectedThirdOrder() {
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, grid(12));
        for (int order = 2; order <= 3; order++) {
            for (ModelSide side : ModelSide.values()) {
                UniPc uniP = new UniPc(UniPcVariant.BH2, side, order, false, allSteps(12));
                DpmSolverMultistep dpm = new DpmSolverMultistep(side, MultistepOrderRule.warmUpOnly(order),
                        UpdateType.MIDPOINT, ThirdOrder.CORRECTED, null);
                SamplingResult a = uniP.sample(p, X_START);
                SamplingResult b = dpm.sample(p, X_START);
                assertThat(GaussianFixtures.maxAbsDiff(a.x(), b.x())).as("order %d %s", order, side).isLessThan(1e-12);
                assertThat(a.modelCalls()).isEqualTo(b.modelCalls()).isEqualTo(12);
            }
        }
    }

    /**
     * Declared without state edits (as {@code SamplingDriver} runs it without an edit), the fused corrector and
     * predictor write the prediction over the oldest model output: the same bits, step by step, as a run that keeps that
     * output for a possible edit, for every registered solver with a UniC corrector, random orders (UniPC), step counts
     * and model parameterizations; the run then refuses an edit and another batch, which would need the output. Seeded
     * generator: the label names the seed.
     */
    @Test
    void withoutStateEditsThePredictionOverTheOldestOutputGivesTheSameBits() {
        SolverRegistry registry = SolverRegistry.standard();
        List<String> corrected = registry.entries().stream().map(SolverEntry::name)
                .filter(n -> n.startsWith("unipc") || n.endsWith("-unic")).sorted().toList();
        assertThat(corrected).hasSizeGreaterThanOrEqualTo(9);
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            String name = corrected.get(rng.nextInt(corrected.size()));
            Map<String, Object> options = name.startsWith("unipc") ? Map.of("order", 1 + rng.nextInt(3)) : Map.of();
            Solver solver = registry.create(name, SolverOptions.of(options));
            Prediction prediction = List.of(Prediction.DATA, Prediction.NOISE, Prediction.VELOCITY)
                    .get(rng.nextInt(3));
            int steps = 3 + rng.nextInt(14);
            String label = "seed " + seed + ": " + name + " " + options + ", " + prediction + ", " + steps + " steps";
            SamplingProblem problem = GaussianRuns.problem(CASE, prediction, grid(steps));
            Batch kept = X_START.copy();
            Batch dropped = X_START.copy();
            SolverRun keeping = solver.start(new SolverContext(solver.name(), problem, kept.size(), kept.dim()));
            SolverRun dropping = solver.start(
                    new SolverContext(solver.name(), problem, dropped.size(), dropped.dim()).withoutStateEdits());
            while (!keeping.done()) {
                keeping.step(kept);
                dropping.step(dropped);
                assertThat(dropped.data()).as(label).isEqualTo(kept.data());
            }
            assertThat(dropping.done()).as(label).isTrue();
            assertThat(solver.sample(problem, X_START).x().data()).as(label).isEqualTo(kept.data());
        }
        // UniPC-3 on 12 steps writes over the oldest output from its fourth step on: then neither an edit nor another
        // batch can be served
        Solver solver = UniPc.of(UniPcVariant.BH2, 3);
        SamplingProblem problem = GaussianRuns.problem(CASE, Prediction.DATA, grid(12));
        SolverRun edited = solver.start(
                new SolverContext(solver.name(), problem, X_START.size(), X_START.dim()).withoutStateEdits());
        Batch x = X_START.copy();
        for (int i = 0; i < 5; i++) {
            edited.step(x);
        }
        assertThatThrownBy(() -> edited.stateEdited(x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declared no state edits");
        assertThatThrownBy(() -> edited.step(x.copy())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step given another batch");
    }

    @Test
    void correctorUsesTheModelValueAtThePredictedPointWithoutAnExtraCall() {
        // two steps of UniPC-1 (bh2, data): x1 = DDIM, m1 = x0hat(x1); x1c = A x0 + C (w1 m0 + w1/2 (m1 - m0));
        // the last step is DDIM from x1c with m1, the value at the *predicted* point
        double[] t = {1.0, 0.3, 0.05};
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.DATA, t);
        SamplingResult r = UniPc.of(UniPcVariant.BH2, 1).sample(p, X_START);
        Timesteps g = p.timesteps();
        Batch m0 = X_START.like();
        DATA.denoise(X_START, g.alpha(0), g.sigma(0), m0);
        double h1 = g.lambda(1) - g.lambda(0);
        double w1 = -Math.expm1(-h1);
        Batch x1 = X_START.like();
        Batch m1 = X_START.like();
        Batch x1c = X_START.like();
        Batch x2 = X_START.like();
        for (int i = 0; i < x1.data().length; i++) {
            x1.data()[i] = g.sigma(1) / g.sigma(0) * X_START.data()[i] + g.alpha(1) * w1 * m0.data()[i];
        }
        DATA.denoise(x1, g.alpha(1), g.sigma(1), m1);
        double h2 = g.lambda(2) - g.lambda(1);
        for (int i = 0; i < x1.data().length; i++) {
            x1c.data()[i] = g.sigma(1) / g.sigma(0) * X_START.data()[i]
                    + g.alpha(1) * (w1 * m0.data()[i] + 0.5 * w1 * (m1.data()[i] - m0.data()[i]));
            x2.data()[i] = g.sigma(2) / g.sigma(1) * x1c.data()[i] - g.alpha(2) * Math.expm1(-h2) * m1.data()[i];
        }
        assertThat(r.modelCalls()).isEqualTo(2);
        assertThat(GaussianFixtures.maxAbsDiff(r.x(), x2)).isLessThan(1e-14);
    }

    @Test
    void uniCOnDpmSolverPlusPlus2MRaisesItsOrderByOne() {
        SolverRegistry registry = SolverRegistry.standard();
        SolverOptions noLowerOrder = SolverOptions.of(Map.of("lower-order-final", false));
        Solver plain = registry.create("dpmpp-2m", SolverOptions.of(Map.of("lower-order-final", false)));
        Solver corrected = registry.create("dpmpp-2m-unic", noLowerOrder);
        double p0 = slope(plain, ModelSide.DATA, 1);
        double p1 = slope(corrected, ModelSide.DATA, 1);
        assertThat(p0).isCloseTo(2.0, within(0.15));
        assertThat(p1).isCloseTo(3.0, within(0.15));
        assertThat(corrected.order()).isEqualTo(plain.order() + 1);
        Solver threeCorrected = registry.create("dpmpp-3m-corrected-unic",
                SolverOptions.of(Map.of("lower-order-final", false)));
        assertThat(slope(threeCorrected, ModelSide.DATA, 2)).isCloseTo(4.0, within(0.2));
    }

    @Test
    void uniCOnDeisRaisesItsOrderByOne() {
        SolverRegistry registry = SolverRegistry.standard();
        Solver plain = registry.create("deis", SolverOptions.parse("order=2"));
        Solver corrected = registry.create("deis-unic", SolverOptions.parse("order=2"));
        assertThat(slope(plain, ModelSide.NOISE, 1)).isCloseTo(2.0, within(0.15));
        assertThat(slope(corrected, ModelSide.NOISE, 1)).isCloseTo(3.0, within(0.15));
        assertThat(corrected.order()).isEqualTo(plain.order() + 1);
    }

    @Test
    void modelCallsEqualStepsAndAStepToZeroNoiseReturnsTheStoredDataPrediction() {
        double[] t = grid(7);
        Timesteps zeroEnd = Timesteps.of(VP, t).withZeroNoiseEnd(VP);
        for (UniPcVariant v : UniPcVariant.values()) {
            // records the last model input: the predicted state at t_7, whose data prediction the history keeps
            Batch lastInput = X_START.like();
            double[] lastTime = new double[1];
            DiffusionModel exact = DATA.model(VP, Prediction.NOISE);
            DiffusionModel recording = TestModels.of(Prediction.NOISE, (x, time, out) -> {
                lastInput.copyFrom(x);
                lastTime[0] = time;
                exact.evaluate(x, time, out);
            });
            SamplingProblem p = SamplingProblem.of(VP, recording, zeroEnd);
            // without lower_order_final the last step would be third order; to zero noise it is first order:
            // x_end = alpha_end x0hat(x~_7, t_7) with x~_7 the predicted (not the corrected) state
            SamplingResult r = new UniPc(v, ModelSide.DATA, 3, false, Set.of()).sample(p, X_START);
            assertThat(r.modelCalls()).isEqualTo(8);
            assertThat(lastTime[0]).isEqualTo(t[7]);
            Batch denoised = X_START.like();
            DATA.denoise(lastInput, VP.alpha(t[7]), VP.sigma(t[7]), denoised);
            Kernels.scale(denoised, zeroEnd.alpha(8), denoised);
            assertThat(GaussianFixtures.maxAbsDiff(r.x(), denoised)).as("%s", v).isLessThan(1e-13);
        }
        SamplingResult dtz = UniPc.of(UniPcVariant.BH2, 2).sample(
                GaussianRuns.problem(CASE, Prediction.NOISE, t).withDenoiseToZero(true), X_START);
        assertThat(dtz.modelCalls()).isEqualTo(t.length);
    }

    @Test
    void disabledCorrectorStepsAreLeftUncorrected() {
        SamplingProblem p = GaussianRuns.problem(CASE, Prediction.NOISE, grid(6));
        Batch all = UniPc.of(UniPcVariant.BH2, 2).sample(p, X_START).x();
        Batch beyond = new UniPc(UniPcVariant.BH2, ModelSide.DATA, 2, true, Set.of(5, 9)).sample(p, X_START).x();
        Batch second = new UniPc(UniPcVariant.BH2, ModelSide.DATA, 2, true, Set.of(1)).sample(p, X_START).x();
        // step 5 is the last one, never corrected: disabling it changes nothing
        assertThat(beyond.data()).containsExactly(all.data());
        assertThat(GaussianFixtures.maxAbsDiff(second, all)).isGreaterThan(1e-8);
    }

    @Test
    void rejectsNoisePredictionToZeroNoiseAndBadOptions() {
        Timesteps zeroEnd = Timesteps.of(VP, grid(4)).withZeroNoiseEnd(VP);
        SamplingProblem p = SamplingProblem.of(VP, DATA.model(VP, Prediction.NOISE), zeroEnd);
        assertThatThrownBy(() -> new UniPc(UniPcVariant.BH1, ModelSide.NOISE, 2, true, Set.of()).sample(p, X_START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps must end at sigma > 0 for unipc-bh1 (with noise prediction");
        assertThatThrownBy(() -> new UniPc(UniPcVariant.BH1, ModelSide.DATA, 4, true, Set.of()))
                .hasMessageContaining("order must be in [1, 3], got 4");
        SolverRegistry registry = SolverRegistry.standard();
        assertThat(registry.create("unipc-bh2", SolverOptions.parse("order=3,prediction=noise,lower-order-final=false,"
                + "disable-corrector=0;4"))).isEqualTo(new UniPc(UniPcVariant.BH2, ModelSide.NOISE, 3, false,
                        Set.of(0, 4)));
        assertThat(registry.create("unipc-bh1", SolverOptions.of(Map.of("disable-corrector", List.of(2, 3)))))
                .isEqualTo(new UniPc(UniPcVariant.BH1, ModelSide.DATA, 2, true, Set.of(2, 3)));
        assertThatThrownBy(() -> registry.create("unipc-bh2", SolverOptions.parse("order=0")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.order"));
        assertThatThrownBy(() -> registry.create("unipc-bh2", SolverOptions.parse("prediction=velocity")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.prediction"));
        assertThatThrownBy(() -> registry.create("unipc-bh2", SolverOptions.parse("disable-corrector=1;x")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.disable-corrector"));
        assertThatThrownBy(() -> registry.create("unipc-bh2", SolverOptions.parse("disable-corrector=-1")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.disable-corrector"));
        assertThatThrownBy(() -> registry.create("unipc-vary-coeff-reference", SolverOptions.parse("variant=bh1")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.variant"));
        assertThat(registry.create("dpmpp-3m-unic", SolverOptions.parse("corrector-variant=bh1")).name())
                .isEqualTo("dpmpp-3m-unic");
        assertThatThrownBy(() -> registry.create("dpmpp-2m-unic", SolverOptions.parse("corrector-variant=bh3")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("options.corrector-variant"));
        assertThat(Arrays.asList(UniPcVariant.values())).extracting(UniPcVariant::registryName)
                .allMatch(registry::contains);
    }
}
