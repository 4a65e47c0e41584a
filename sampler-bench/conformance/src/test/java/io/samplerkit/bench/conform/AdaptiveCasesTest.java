package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.solvers.exponential.AdaptiveDpmSolver;
import io.samplerkit.solvers.exponential.DpmSolverStepControl;
import io.samplerkit.solvers.exponential.PidStepControl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The adaptive translators map the reference codes' own names of the step-size settings ({@code h_init},
 * {@code theta}, {@code t_err}) onto the options every adaptive entry shares ({@code initial-step},
 * {@code safety}, {@code t-err}). The public cases leave them at their defaults, so these tests set them.
 */
class AdaptiveCasesTest {

    private static final Path CASES = Path.of(System.getProperty("samplerkit.reference.dir"), "cases");

    private static ReferenceCase withSolverFields(String file, String[] fields, double[] values) {
        ReferenceCase c = ReferenceCase.load(CASES.resolve(file));
        ObjectNode root = c.root().deepCopy();
        ObjectNode solver = (ObjectNode) root.at("/solver");
        for (int i = 0; i < fields.length; i++) {
            solver.put(fields[i], values[i]);
        }
        root.remove("expected");
        return new ReferenceCase(c.file(), c.referenceRoot(), root);
    }

    @Test
    void officialNamesBecomeOurs() throws Exception {
        ReferenceCase c = withSolverFields("dpm-solver/vp-linear__dpmsolver-adaptive-o2-rtol0.05-atol0.0078__d8-b2.json",
                new String[] {"h_init", "theta", "t_err"}, new double[] {0.2, 0.8, 1e-4});
        AdaptiveDpmSolver solver = (AdaptiveDpmSolver) new DpmSolverAdaptiveCases().prepare(c).solver();
        assertThat(solver.initialStep()).isEqualTo(0.2);
        DpmSolverStepControl control = (DpmSolverStepControl) solver.control();
        assertThat(control.safety()).isEqualTo(0.8);
        assertThat(control.tErr()).isEqualTo(1e-4);
    }

    @Test
    void kDiffusionInitialStepBecomesOurs() throws Exception {
        ReferenceCase c = withSolverFields("k-diffusion/ve-sigma0.01-80__dpm_adaptive-order2__d8-b2.json",
                new String[] {"h_init", "pcoeff"}, new double[] {0.3, 0.1});
        AdaptiveDpmSolver solver = (AdaptiveDpmSolver) new KDiffusionAdaptiveCases().prepare(c).solver();
        assertThat(solver.initialStep()).isEqualTo(0.3);
        assertThat(((PidStepControl) solver.control()).coefficients().pcoeff()).isEqualTo(0.1);
    }
}
