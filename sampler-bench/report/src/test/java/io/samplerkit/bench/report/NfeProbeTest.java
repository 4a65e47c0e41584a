package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The step-count probe must count the calls of every sampler, the predictor-corrector one included: its Langevin step
 * size divides by the score norm, which a model returning zeros makes 0 (the cause of the report's n/a rows for every
 * {@code pc-sampler} configuration).
 */
class NfeProbeTest {

    @Test
    void thePredictorCorrectorSamplerGetsAStepCountForEveryTarget() {
        Suite suite = Suites.quick();
        try (ProblemInstance problem = ReportRunner.instance(suite, suite.problems().get(0), 5L)) {
            NfeProbe probe = new NfeProbe();
            for (int corrector : new int[] {1, 2}) {
                Solver pc = SolverRegistry.standard().create("pc-sampler",
                        SolverOptions.of(Map.of("n-steps", corrector)));
                for (int target : new int[] {5, 8, 20}) {
                    NfeProbe.Choice c = probe.choose(pc, "pc-sampler-" + corrector, problem, new GridSpec.LogSnr(),
                            target);
                    assertThat(c.reason()).as("n-steps=%d target %d", corrector, target).isEmpty();
                    assertThat(c.steps()).isEqualTo(target / (corrector + 1));
                    assertThat(c.nfe()).isEqualTo(c.steps() * (corrector + 1));
                }
            }
        }
    }
}
