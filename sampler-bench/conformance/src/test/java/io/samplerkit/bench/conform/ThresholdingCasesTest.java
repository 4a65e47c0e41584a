package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.model.DynamicThresholding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Thresholding options of the DPM-Solver translators: no public case uses them, so these tests check the
 * mapping (model wrapped in the right variant with the case's parameters) and that it changes the result
 * exactly when the data leave the threshold box.
 */
class ThresholdingCasesTest {

    private static final Path CASES = Path.of(System.getProperty("samplerkit.reference.dir"), "cases");

    private static ReferenceCase load(String file) {
        return ReferenceCase.load(CASES.resolve(file));
    }

    private static ReferenceCase withSolverField(ReferenceCase c, String path, String field, Object value) {
        ObjectNode root = c.root().deepCopy();
        ObjectNode node = (ObjectNode) root.at(path);
        if (value instanceof Boolean b) {
            node.put(field, b);
        } else if (value instanceof Double d) {
            node.put(field, d);
        } else {
            node.put(field, value.toString());
        }
        root.remove("expected");
        return new ReferenceCase(c.file(), c.referenceRoot(), root);
    }

    @Test
    void officialDpmSolverPlusPlusThresholdsWithTheOfficialVariant() throws Exception {
        ReferenceCase base = load("dpm-solver/vp-linear__dpmsolver++-multistep-o2-logSNR-s10-modeldata__d3-b2.json");
        ReferenceCase c = withSolverField(
                withSolverField(base, "/solver", "correcting_x0_fn", "dynamic_thresholding"),
                "/solver", "thresholding_max_val", 0.5);
        PreparedCase prepared = new DpmSolverCases().prepare(c);
        assertThat(prepared.problem().model()).isInstanceOf(DynamicThresholding.class);
        DynamicThresholding t = (DynamicThresholding) prepared.problem().model();
        assertThat(t.variant()).isEqualTo(DynamicThresholding.Variant.OFFICIAL);
        assertThat(t.maxValue()).isEqualTo(0.5);
        assertThat(t.ratio()).isEqualTo(0.995);
        double[] plain = new DpmSolverCases().prepare(base).run().x().data();
        double[] thresholded = prepared.run().x().data();
        assertThat(thresholded).isNotEqualTo(plain);
    }

    @Test
    void officialNoiseSideIgnoresThresholdingAsTheOfficialCodeDoes() throws Exception {
        ReferenceCase base = load("dpm-solver/vp-linear__dpmsolver-multistep-o2-logSNR-s8__d2-b2.json");
        ReferenceCase c = withSolverField(base, "/solver", "correcting_x0_fn", "dynamic_thresholding");
        PreparedCase prepared = new DpmSolverCases().prepare(c);
        assertThat(prepared.problem().model()).isNotInstanceOf(DynamicThresholding.class);
        assertThat(prepared.run().x().data()).isEqualTo(new DpmSolverCases().prepare(base).run().x().data());
    }

    @Test
    void diffusersThresholdingUsesTheDiffusersVariant() throws Exception {
        ReferenceCase base = load("diffusers/vp-discrete-linear__DPMSolverMultistep-solver_order2-n10__d3-b2.json");
        ReferenceCase c = withSolverField(
                withSolverField(base, "/solver/config", "thresholding", Boolean.TRUE),
                "/solver/config", "sample_max_value", 2.0);
        PreparedCase prepared = new DiffusersDpmSolverMultistepCases().prepare(c);
        DynamicThresholding t = (DynamicThresholding) prepared.problem().model();
        assertThat(t.variant()).isEqualTo(DynamicThresholding.Variant.DIFFUSERS);
        assertThat(t.maxValue()).isEqualTo(2.0);
        assertThat(prepared.run().modelCalls()).isEqualTo(base.nfe());
    }
}
