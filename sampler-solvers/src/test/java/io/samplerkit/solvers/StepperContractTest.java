package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SolverContractTest.SolverCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The stepper contract over the whole registry (every case of {@link SolverContractTest}, so a new entry is
 * covered without editing this test): a run driven by the caller through a {@link Stepper} gives the same bits,
 * NFE, network evaluations, times, rejected steps and observer calls as {@link Solver#sample} with the model
 * handed over, also with denoise-to-zero and with an inpainting {@link StateEdit}; solvers with one evaluation per
 * step also through diffusers' {@code timesteps()/step()} (bit for bit when they evaluate at the sample itself,
 * to rounding when they evaluate in EDM coordinates), and the others refuse that shape. The predictor-corrector
 * runs (UniPC, *-unic) evaluate at the predicted state inside the step, so they refuse it too.
 */
class StepperContractTest {

    private static final int STEPS = 12;
    private static final int ROWS = 3;
    /** Solvers known to evaluate once per step at the step's start (diffusers' one-call schedulers). */
    private static final Set<String> ONE_CALL = Set.of("ddim", "dpmpp-2m", "deis", "euler", "lms");
    /** Solvers known to evaluate more than once per step. */
    private static final Set<String> SEVERAL_CALLS = Set.of("heun", "dpm-2", "rk4", "dopri5", "unipc-bh2");

    @TestFactory
    Stream<DynamicNode> stepperEqualsDriverForEveryEntry() {
        return SolverContractTest.cases().stream().map(c -> dynamicContainer(c.label(), Stream.of(
                dynamicTest("same bits as sample", () -> sameAsDriver(c, problem(c), StateEdit.NONE)),
                dynamicTest("same bits with denoise-to-zero",
                        () -> sameAsDriver(c, problem(c).withDenoiseToZero(true), StateEdit.NONE)),
                dynamicTest("same bits with an inpainting edit", () -> sameAsDriver(c, problem(c), inpainting(c))),
                dynamicTest("diffusers shape or a clear refusal", () -> diffusersShape(c)))));
    }

    static SamplingProblem problem(SolverCase c) {
        return ContractProblem.problem(SolverContractTest.gridFor(c), STEPS).withSeed(11);
    }

    private static Inpainting inpainting(SolverCase c) {
        Batch clean = ContractProblem.initialState(ROWS, 5);
        Batch mask = Batch.zeros(ROWS, ContractProblem.DIM);
        for (int r = 0; r < ROWS; r++) {
            mask.set(r, 0, 1.0);
            mask.set(r, 2, 0.5);
        }
        return new Inpainting(problem(c), clean, mask, Inpainting.Noise.FRESH);
    }

    /** Runs the stepper, answering every query with {@code model}; returns its result. */
    static SamplingResult drive(Stepper s, DiffusionModel model) {
        Batch out = null;
        while (!s.done()) {
            Stepper.Query q = s.query();
            if (out == null || out.size() != q.x().size()) {
                out = Batch.zeros(q.x().size(), q.x().dim());
            }
            model.evaluate(q.x(), q.t(), out);
            s.answer(out);
        }
        return s.result();
    }

    private static void sameAsDriver(SolverCase c, SamplingProblem p, StateEdit edit) {
        Solver solver = c.create();
        Batch xT = ContractProblem.initialState(ROWS, 7);
        List<String> driverSteps = new ArrayList<>();
        List<String> stepperSteps = new ArrayList<>();
        SamplingResult expected = SamplingDriver.run(solver, p.withObserver(i -> driverSteps.add(describe(i))), xT, edit);
        DiffusionModel model = p.model();
        SamplingProblem asked = p.withModel(CallerModel.answering(model.prediction()))
                .withObserver(i -> stepperSteps.add(describe(i)));
        SamplingResult actual;
        try (Stepper s = Stepper.start(solver, asked, xT, edit)) {
            actual = drive(s, model);
        }
        assertThat(actual.x().data()).as("state of %s", c.label()).isEqualTo(expected.x().data());
        assertThat(actual.modelCalls()).as("NFE of %s", c.label()).isEqualTo(expected.modelCalls());
        assertThat(actual.networkEvaluations()).isEqualTo(expected.networkEvaluations());
        assertThat(actual.times()).isEqualTo(expected.times());
        assertThat(actual.rejectedSteps()).isEqualTo(expected.rejectedSteps());
        assertThat(stepperSteps).isEqualTo(driverSteps);
    }

    private static String describe(StepInfo i) {
        return i.index() + " " + i.t() + " " + i.tNext() + " " + i.modelCalls() + " " + Arrays.toString(i.x().data());
    }

    /** One-call solvers run through timesteps()/step() with the driver's bits; the others refuse it. */
    private static void diffusersShape(SolverCase c) {
        Solver solver = c.create();
        SamplingProblem p = problem(c);
        DiffusionModel model = p.model();
        Batch xT = ContractProblem.initialState(ROWS, 7);
        SamplingResult expected = solver.sample(p, xT);
        try (Stepper s = solver.stepper(p.withModel(CallerModel.answering(model.prediction())), xT)) {
            double[] timesteps;
            try {
                timesteps = s.timesteps();
            } catch (IllegalStateException refused) {
                if (c.options().isEmpty()) {
                    assertThat(ONE_CALL).as("%s refused: %s", c.label(), refused.getMessage()).doesNotContain(c.name());
                }
                assertThat(refused.getMessage()).contains(c.name()).contains("query()");
                return;
            }
            assertThat(SEVERAL_CALLS).as("%s accepted", c.label()).doesNotContain(c.name());
            assertThat(timesteps).hasSize(p.timesteps().steps());
            Batch x = xT.copy();
            Batch out = x.like();
            for (int i = 0; i < timesteps.length; i++) {
                model.evaluate(x, timesteps[i], out);
                s.step(out, i, x);
            }
            assertThat(s.done()).isTrue();
            if (s.evaluatesAtSample()) {
                assertThat(x.data()).as("diffusers-shaped run of %s", c.label()).isEqualTo(expected.x().data());
            } else {
                double scale = Arrays.stream(expected.x().data()).map(Math::abs).max().orElseThrow();
                assertThat(ContractProblem.maxAbsDiff(x, expected.x())).as("diffusers-shaped run of %s", c.label())
                        .isLessThanOrEqualTo(1e-13 * scale * timesteps.length);
            }
            assertThat(s.result().modelCalls()).isEqualTo(expected.modelCalls());
        }
    }

    @Test
    void everyNamedSolverIsInTheRegistry() {
        for (String name : Set.copyOf(union())) {
            assertThat(SolverRegistry.standard().contains(name)).as(name).isTrue();
        }
    }

    private static List<String> union() {
        List<String> all = new ArrayList<>(ONE_CALL);
        all.addAll(SEVERAL_CALLS);
        return all;
    }

    @Test
    void stepRejectsAWrongIndexAndAnEditedState() {
        Solver ddim = SolverRegistry.standard().create("ddim", SolverOptions.of(java.util.Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 4);
        Batch xT = ContractProblem.initialState(2, 1);
        try (Stepper s = ddim.stepper(p.withModel(CallerModel.answering(p.model().prediction())), xT)) {
            Batch out = xT.like();
            InvalidInputException wrongIndex = catchThrowableOfType(() -> s.step(out, 1, xT.copy()),
                    InvalidInputException.class);
            assertThat(wrongIndex.path()).isEqualTo("i");
            Batch edited = xT.copy();
            edited.set(0, 0, edited.get(0, 0) + 1);
            InvalidInputException editedState = catchThrowableOfType(() -> s.step(out, 0, edited),
                    InvalidInputException.class);
            assertThat(editedState.path()).isEqualTo("x");
            InvalidInputException shape = catchThrowableOfType(() -> s.answer(Batch.zeros(1, ContractProblem.DIM)),
                    InvalidInputException.class);
            assertThat(shape.path()).isEqualTo("prediction");
        }
    }

    @Test
    void aNanAnswerStopsTheRunWithStepAndTime() {
        Solver solver = SolverRegistry.standard().create("heun", SolverOptions.of(java.util.Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.KARRAS, 6);
        Batch xT = ContractProblem.initialState(2, 1);
        try (Stepper s = solver.stepper(p.withModel(CallerModel.answering(p.model().prediction())), xT)) {
            Batch out = xT.like();
            p.model().evaluate(s.query().x(), s.query().t(), out);
            s.answer(out);
            p.model().evaluate(s.query().x(), s.query().t(), out);
            s.answer(out);
            double t = s.query().t();
            out.set(1, 2, Double.NaN);
            SamplingException e = catchThrowableOfType(() -> s.answer(out), SamplingException.class);
            assertThat(e.getMessage()).contains("heun");
            assertThat(e.time()).isEqualTo(t);
            assertThat(e.step()).isEqualTo(1);
            assertThat(s.done()).isTrue();
            assertThatThrownBy(s::query).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingAnUnfinishedStepperEndsItsThread() {
        Solver solver = SolverRegistry.standard().create("dopri5", SolverOptions.of(java.util.Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 1);
        Stepper s = solver.stepper(p.withModel(CallerModel.answering(p.model().prediction())),
                ContractProblem.initialState(2, 1));
        assertThat(s.done()).isFalse();
        s.close();
        assertThat(s.done()).isTrue();
        s.close();
    }

    @Test
    void anInterruptedCallerFinishesItsAnswerAndKeepsTheFlag() {
        Solver solver = SolverRegistry.standard().create("dpmpp-2m", SolverOptions.of(java.util.Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 5);
        Batch xT = ContractProblem.initialState(2, 1);
        SamplingResult expected = solver.sample(p, xT);
        try (Stepper s = solver.stepper(p.withModel(CallerModel.answering(p.model().prediction())), xT)) {
            Thread.currentThread().interrupt();
            SamplingResult actual = drive(s, p.model());
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
            assertThat(actual.x().data()).isEqualTo(expected.x().data());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aStepperRefusesAModelItWouldBypass() {
        Solver solver = SolverRegistry.standard().create("euler", SolverOptions.of(java.util.Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.KARRAS, 3);
        InvalidInputException e = catchThrowableOfType(() -> solver.stepper(p, ContractProblem.initialState(1, 1)),
                InvalidInputException.class);
        assertThat(e.path()).isEqualTo("problem.model");
    }

    @Test
    void aCallerModelCannotBeSampled() {
        Solver solver = SolverRegistry.standard().create("euler", SolverOptions.of(java.util.Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.KARRAS, 3);
        assertThatThrownBy(() -> solver.sample(p.withModel(CallerModel.answering(p.model().prediction())),
                ContractProblem.initialState(1, 1))).hasStackTraceContaining("stepper");
    }
}
