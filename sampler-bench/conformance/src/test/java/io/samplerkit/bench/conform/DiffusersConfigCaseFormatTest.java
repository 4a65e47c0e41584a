package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A diffusers-configs case (its README's keys) that is malformed cannot be judged (ERROR), and a stored value that is
 * not a finite number never compares as equal.
 */
class DiffusersConfigCaseFormatTest {

    private static final Path CASE = DiffusersConfigConformanceTest.casesDir().resolve("sdxl/sdxl__HeunDiscrete__n10.json");

    private static CaseResult run(Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) ReferenceCase.readJson(CASE);
        change.accept(root);
        return DiffusersConfigCase.run(CASE, root).toCaseResult();
    }

    @Test
    void theUnchangedCasePasses() {
        assertThat(run(c -> { }).status()).isEqualTo(CaseStatus.PASS);
    }

    @Test
    void aNonFiniteStoredValueAnywhereInAnArrayFails() {
        // a NaN comparison used to be overwritten by the next element's finite error
        CaseResult r = run(c -> ((ArrayNode) c.get("sigmas")).set(1, "inf"));
        assertThat(r.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(r.reason()).contains("sigmas (float32)[1]");
        r = run(c -> ((ArrayNode) c.get("sigmas_float64")).set(2, "nan"));
        assertThat(r.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(r.reason()).contains("sigmas (float64)[2]");
    }

    @Test
    void malformedKeysMakeTheCaseUnjudgeable() {
        Object[][] broken = {
            {(Consumer<ObjectNode>) c -> c.put("outcome", "maybe"), "outcome must be ok or error"},
            {(Consumer<ObjectNode>) c -> c.remove("outcome"), "outcome must be ok or error"},
            {(Consumer<ObjectNode>) c -> c.put("num_inference_steps", "10"), "num_inference_steps must be"},
            {(Consumer<ObjectNode>) c -> c.put("num_inference_steps", 1_000_000_000), "num_inference_steps must be"},
            {(Consumer<ObjectNode>) c -> c.put("num_inference_steps", -1), "num_inference_steps must be"},
            {(Consumer<ObjectNode>) c -> c.put("scheduler_config", "x"), "scheduler_config must be an object"},
            {(Consumer<ObjectNode>) c -> c.putArray("from_config_overrides").add(1),
                "from_config_overrides must be an object"},
            {(Consumer<ObjectNode>) c -> c.put("scheduler_class", 3), "scheduler_class must be a string"},
            {(Consumer<ObjectNode>) c -> c.remove("timesteps"), "timesteps must be an array"},
        };
        for (Object[] b : broken) {
            @SuppressWarnings("unchecked")
            CaseResult r = run((Consumer<ObjectNode>) b[0]);
            assertThat(r.status()).as((String) b[1]).isEqualTo(CaseStatus.ERROR);
            assertThat(r.reason()).contains((String) b[1]);
        }
    }
}
