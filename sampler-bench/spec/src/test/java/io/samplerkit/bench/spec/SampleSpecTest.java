package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.exponential.Ddim;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SampleSpecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final String BASE = "{"
            + "\"schedule\": {\"type\": \"vp-linear\"},"
            + "\"model\": {\"type\": \"gaussian\", \"mean\": [0.5, -1.0], \"variances\": [0.25, 4.0]},"
            + "\"prediction\": \"noise\","
            + "\"solver\": {\"name\": \"ddim\", \"options\": {\"eta\": 0}},"
            + "\"grid\": {\"type\": \"explicit\", \"times\": [1.0, 0.6, 0.3, 0.1, 0.001]},"
            + "\"seed\": 7, \"batch\": 3"
            + "}";

    static ObjectNode base() {
        try {
            return (ObjectNode) MAPPER.readTree(BASE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SampleRun parse(Consumer<ObjectNode> change) {
        ObjectNode spec = base();
        change.accept(spec);
        return SampleSpec.parse(spec.toString(), SolverRegistry.standard());
    }

    @Test
    void theSpecDescribesTheSameRunAsTheJavaApi() {
        SampleRun spec = parse(s -> { });
        SampleOutcome outcome = spec.run();
        VpLinearSchedule vp = VpLinearSchedule.standard();
        GaussianData data = GaussianData.diagonal(new double[] {0.5, -1.0}, new double[] {0.25, 4.0});
        Timesteps ts = Timesteps.of(vp, new double[] {1.0, 0.6, 0.3, 0.1, 0.001});
        Batch direct = new Ddim(0).sample(SamplingProblem.of(vp, data.model(vp, Prediction.NOISE), ts), spec.xT()).x();
        assertThat(outcome.result().x().data()).containsExactly(direct.data());
        assertThat(outcome.result().modelCalls()).isEqualTo(4);
        Batch exact = spec.xT().like();
        data.flow(spec.xT(), vp, 1.0, 0.001, exact);
        assertThat(outcome.exact().data()).containsExactly(exact.data());
        assertThat(outcome.maxAbsError()).isPositive().isFinite();
    }

    @Test
    void theSeedFixesTheInitialStateScaledBySigmaAtTheStart() {
        Batch a = parse(s -> { }).xT();
        Batch b = parse(s -> { }).xT();
        Batch c = parse(s -> s.put("seed", 8)).xT();
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.data()).containsExactly(b.data());
        assertThat(a.data()).isNotEqualTo(c.data());
    }

    @Test
    void anExplicitInitialStateIsUsedAsGiven() throws Exception {
        SampleRun spec = parse(s -> {
            s.remove("batch");
            s.set("xT", MAPPER.valueToTree(new double[][] {{1, 2}, {3, 4}}));
        });
        assertThat(spec.xT().toArray()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    }

    @Test
    void denoiseToZeroAddsOneCallAndComparesWithTheCleanEnd() {
        SampleOutcome o = parse(s -> s.put("denoiseToZero", true)).run();
        assertThat(o.result().modelCalls()).isEqualTo(5);
        assertThat(o.sigmaEnd()).isZero();
    }

    @Test
    void outputJsonHasTheDocumentedFields() {
        JsonNode json = parse(s -> { }).run().toJson();
        assertThat(json.path("solver").asText()).isEqualTo("ddim");
        assertThat(json.path("nfe").asInt()).isEqualTo(4);
        assertThat(json.path("networkEvaluations").asInt()).isEqualTo(4);
        assertThat(json.path("times").size()).isEqualTo(5);
        assertThat(json.path("samples").size()).isEqualTo(3);
        assertThat(json.path("samples").get(0).size()).isEqualTo(2);
        assertThat(json.path("exact").path("maxAbsError").isNumber()).isTrue();
    }

    @Test
    void stochasticSolversHaveNoExactAnswer() {
        SampleOutcome o = parse(s -> ((ObjectNode) s.get("solver").get("options")).put("eta", 1.0)).run();
        assertThat(o.exact()).isNull();
        assertThat(o.toJson().path("exact").isNull()).isTrue();
    }

    static Stream<Arguments> badSpecs() {
        return Stream.<Arguments>of(
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("solver").get("options")).put("eta", 5),
                        "solver.options.eta", "[0"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("solver").get("options")).put("k", 1),
                        "solver.options.k", "an option of"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("solver")).put("name", "rk99"),
                        "solver.name", "a registered solver name"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("schedule")).put("type", "vp-quartic"),
                        "schedule.type", "one of [vp-linear, vp-cosine, vp-discrete, sub-vp, ve, edm, flow-matching]"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("schedule")).put("beta1", 0.05),
                        "schedule.beta1", "beta0"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("schedule")).put("beta0", "small"),
                        "schedule.beta0", "a number"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("schedule")).put("betaMax", 3),
                        "schedule.betaMax", "a known field: one of [beta0, beta1, tMax"),
                Arguments.of((Consumer<ObjectNode>) s -> s.remove("model"), "model", "a model object"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("model")).putArray("variances").add(1),
                        "model.variances", "2 entries like mean"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("model")).putArray("covariance").addArray().add(1),
                        "model.covariance", "exactly one of covariance"),
                Arguments.of((Consumer<ObjectNode>) s -> {
                    ObjectNode m = (ObjectNode) s.get("model");
                    m.remove("variances");
                    m.set("covariance", MAPPER.valueToTree(new double[][] {{1, 0.5}, {0.4, 1}}));
                }, "model.covariance", "symmetric"),
                Arguments.of((Consumer<ObjectNode>) s -> s.put("prediction", "x0"),
                        "prediction", "one of [noise, data, velocity, score, flow]"),
                Arguments.of((Consumer<ObjectNode>) s -> s.put("batch", 0), "batch", "an integer in [1, 10000]"),
                Arguments.of((Consumer<ObjectNode>) s -> s.put("batch", 1_000_000), "batch", "an integer in [1, 10000]"),
                Arguments.of((Consumer<ObjectNode>) s -> s.put("seed", 1.5), "seed", "an integer"),
                Arguments.of((Consumer<ObjectNode>) s -> ((ObjectNode) s.get("grid")).putArray("times").add(1).add(2),
                        "grid.times[1]", "strictly decreasing"),
                Arguments.of((Consumer<ObjectNode>) s -> s.put("steps", 10), "steps", "a known field"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSpecs")
    void badSpecsNameTheFieldTheValueAndWhatIsAllowed(Consumer<ObjectNode> change, String path, String allowed) {
        assertThatThrownBy(() -> parse(change)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.path()).as(e.getMessage()).isEqualTo(path);
            assertThat(e.allowed()).as(e.getMessage()).contains(allowed);
        });
    }
}
