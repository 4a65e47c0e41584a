package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.model.ClassifierFreeGuidance;
import io.samplerkit.core.model.CountingModel;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.state.Batch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under classifier-free guidance a run reports both counts: the NFE (calls of the guided model, what the solver's
 * step count promises) and the network evaluations (two per guided call), each equal to what counters around the
 * networks saw; through the driver and through a {@link Stepper}.
 */
class GuidanceCountTest {

    @Test
    void guidedRunsReportModelCallsAndNetworkEvaluations() {
        CountingModel unconditional = new CountingModel(ContractProblem.model());
        CountingModel conditional = new CountingModel(ContractProblem.model());
        DiffusionModel guided = new ClassifierFreeGuidance(unconditional, conditional, 3.0);
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.KARRAS, 10).withModel(guided)
                .withDenoiseToZero(true);
        Solver heun = SolverRegistry.standard().create("heun", SolverOptions.of(Map.of()));
        SamplingResult r = heun.sample(p, ContractProblem.initialState(2, 1));
        long networks = unconditional.count() + conditional.count();
        assertThat(r.modelCalls()).isEqualTo(conditional.count()).isEqualTo(2 * 10 + 1);
        assertThat(r.networkEvaluations()).isEqualTo(networks).isEqualTo(2L * r.modelCalls());
    }

    @Test
    void nestedGuidanceAndWrappersAddUpTheirNetworks() {
        DiffusionModel m = ContractProblem.model();
        DiffusionModel twice = new ClassifierFreeGuidance(new ClassifierFreeGuidance(m, m, 2.0), m, 1.5);
        assertThat(twice.networkEvaluationsPerCall()).isEqualTo(3);
        DiffusionModel thresholded = new DynamicThresholding(twice, ContractProblem.SCHEDULE, 0.995, 1.0,
                DynamicThresholding.Variant.OFFICIAL);
        assertThat(thresholded.networkEvaluationsPerCall()).isEqualTo(3);
        assertThat(m.networkEvaluationsPerCall()).isEqualTo(1);
    }

    @Test
    void aStepperAnsweringAGuidedNetworkCountsTheDeclaredCost() {
        DiffusionModel m = ContractProblem.model();
        DiffusionModel guided = new ClassifierFreeGuidance(m, m, 2.0);
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 6).withModel(guided);
        Solver solver = SolverRegistry.standard().create("dpmpp-2m", SolverOptions.of(Map.of()));
        SamplingResult expected = solver.sample(p, ContractProblem.initialState(2, 1));
        SamplingResult actual;
        try (Stepper s = solver.stepper(p.withModel(CallerModel.answering(guided.prediction(), 2)), ContractProblem.initialState(2, 1))) {
            actual = StepperContractTest.drive(s, guided);
        }
        assertThat(actual.modelCalls()).isEqualTo(expected.modelCalls()).isEqualTo(6);
        assertThat(expected.networkEvaluations()).isEqualTo(12);
        assertThat(actual.networkEvaluations()).isEqualTo(12);
    }
}
