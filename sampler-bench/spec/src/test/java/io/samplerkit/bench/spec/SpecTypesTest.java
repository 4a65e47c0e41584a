package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.SolverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every schedule and grid type of the spec format builds a run that converges at DDIM's first
 * order against the exact flow, and malformed grid objects are rejected with the field named.
 */
class SpecTypesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static double error(String schedule, String grid, int steps) throws Exception {
        ObjectNode spec = (ObjectNode) MAPPER.readTree("{\"schedule\": " + schedule + ","
                + "\"model\": {\"type\": \"gaussian\", \"mean\": [0.3, -1.0], \"covariance\": [[1.0, 0.3], [0.3, 0.5]]},"
                + "\"solver\": {\"name\": \"ddim\"}, \"grid\": " + grid + ", \"seed\": 3, \"batch\": 2}");
        ((ObjectNode) spec.get("grid")).put("steps", steps);
        return SampleSpec.parse(spec.toString(), SolverRegistry.standard()).run().maxAbsError();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"vp-linear\"}                                   | {\"type\": \"logsnr\"}",
        "{\"type\": \"vp-cosine\"}                                   | {\"type\": \"uniform-time\"}",
        "{\"type\": \"vp-discrete\"}                                 | {\"type\": \"quadratic-time\"}",
        "{\"type\": \"vp-discrete\", \"betaSchedule\": \"scaled-linear\", \"betaStart\": 0.00085, \"betaEnd\": 0.012}"
            + " | {\"type\": \"diffusers\", \"spacing\": \"trailing\", \"zeroNoiseEnd\": true}",
        "{\"type\": \"vp-discrete\", \"betaSchedule\": \"squaredcos-cap-v2\", \"lambdaClip\": -5.1}"
            + " | {\"type\": \"diffusers\", \"spacing\": \"leading\", \"family\": \"ddim\", \"stepsOffset\": 1}",
        "{\"type\": \"sub-vp\"}                                      | {\"type\": \"logsnr\", \"tEnd\": 0.01}",
        "{\"type\": \"ve\"}                                          | {\"type\": \"exponential\"}",
        "{\"type\": \"edm\"}                                         | {\"type\": \"karras\", \"rho\": 7, \"zeroNoiseEnd\": true}",
        "{\"type\": \"edm\", \"sigmaMin\": 0.01}                     | {\"type\": \"polyexponential\", \"rho\": 2}",
        "{\"type\": \"flow-matching\"}                               | {\"type\": \"flow-shift\", \"shift\": 3, \"tStart\": 0.99,"
            + " \"base\": {\"type\": \"uniform-time\"}}",
    })
    void everyTypeRunsAndConvergesAtFirstOrder(String schedule, String grid) throws Exception {
        double coarse = error(schedule, grid, 50);
        double fine = error(schedule, grid, 100);
        double slope = Math.log(coarse / fine) / Math.log(2);
        assertThat(slope).as("errors %s, %s", coarse, fine).isBetween(0.8, 1.3);
    }

    private static SampleOutcome runModel(String model, int steps) throws Exception {
        ObjectNode spec = (ObjectNode) MAPPER.readTree("{\"schedule\": {\"type\": \"vp-linear\"}, \"model\": " + model
                + ", \"solver\": {\"name\": \"ddim\"}, \"grid\": {\"type\": \"logsnr\", \"steps\": " + steps
                + "}, \"seed\": 5, \"batch\": 3}");
        return SampleSpec.parse(spec.toString(), SolverRegistry.standard()).run();
    }

    @Test
    void aOneComponentMixtureIsTheGaussianAndItsReferenceFlowTheExactOne() throws Exception {
        SampleOutcome gaussian = runModel("{\"type\": \"gaussian\", \"mean\": [1, 2], \"variances\": [0.5, 2]}", 20);
        SampleOutcome mixture = runModel("{\"type\": \"gaussian-mixture\", \"weights\": [1],"
                + " \"components\": [{\"mean\": [1, 2], \"variances\": [0.5, 2]}]}", 20);
        double[] g = gaussian.result().x().data();
        double[] m = mixture.result().x().data();
        double[] ge = gaussian.exact().data();
        double[] me = mixture.exact().data();
        for (int i = 0; i < g.length; i++) {
            assertThat(m[i]).isCloseTo(g[i], within(1e-12 * (1 + Math.abs(g[i]))));
            assertThat(me[i]).isCloseTo(ge[i], within(1e-9 * (1 + Math.abs(ge[i]))));
        }
        assertThat(mixture.toJson().path("exact").path("kind").asText()).startsWith("reference integration");
    }

    @Test
    void aTwoComponentMixtureConvergesAtFirstOrderToItsReferenceFlow() throws Exception {
        String model = "{\"type\": \"gaussian-mixture\", \"weights\": [0.3, 0.7], \"components\": ["
                + "{\"mean\": [-2, 0], \"variances\": [0.2, 0.3]}, {\"mean\": [2, 1], \"covariance\": [[0.5, 0.1], [0.1, 0.4]]}]}";
        double coarse = runModel(model, 100).maxAbsError();
        double fine = runModel(model, 200).maxAbsError();
        assertThat(Math.log(coarse / fine) / Math.log(2)).as("errors %s, %s", coarse, fine).isBetween(0.8, 1.3);
    }

    @Test
    void aMixtureHasNoReferenceAtZeroNoise() throws Exception {
        ObjectNode spec = (ObjectNode) MAPPER.readTree("{\"schedule\": {\"type\": \"edm\"}, \"model\": "
                + "{\"type\": \"gaussian-mixture\", \"weights\": [0.5, 0.5], \"components\": [{\"mean\": [0], \"variances\": [1]},"
                + " {\"mean\": [3], \"variances\": [1]}]}, \"solver\": {\"name\": \"euler\"},"
                + " \"grid\": {\"type\": \"karras\", \"steps\": 5, \"zeroNoiseEnd\": true}}");
        SampleOutcome o = SampleSpec.parse(spec.toString(), SolverRegistry.standard()).run();
        assertThat(o.exact()).isNull();
        assertThat(o.maxAbsError()).isNaN();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"gaussian-mixture\", \"weights\": [0.5, 0.5], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]}]}"
            + " | model.components | one per weight",
        "{\"type\": \"gaussian-mixture\", \"weights\": [1], \"components\": [{\"mean\": [0, 0]}]}"
            + " | model.components[0].covariance | exactly one of covariance",
        "{\"type\": \"gaussian-mixture\", \"weights\": [-1], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]}]}"
            + " | model.weights[0] | positive",
        "{\"type\": \"gaussian-mixture\", \"weights\": [0.6], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]}]}"
            + " | model.weights | summing to 1",
        "{\"type\": \"gaussian-mixture\", \"weights\": [1e308, 1e308], \"components\": [{\"mean\": [0], \"variances\": [1]},"
            + " {\"mean\": [0], \"variances\": [1]}]} | model.weights[0] | magnitude at most 1.0E150",
        "{\"type\": \"gaussian-mixture\", \"weights\": [0.5, 0.5], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]},"
            + " {\"mean\": [0], \"variances\": [1]}]} | model.components[1].mean | like components[0].mean",
    })
    void badMixturesNameTheField(String model, String path, String allowed) throws Exception {
        assertRejected("model", model, path, allowed);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"karras\", \"rho\": -1, \"steps\": 10}        | grid.rho | (0, inf)",
        "{\"type\": \"logsnr\", \"steps\": 0}                      | grid.steps | an integer in [1, 100000]",
        "{\"type\": \"logsnr\"}                                    | grid.steps | an integer in [1, 100000]",
        "{\"type\": \"logsnr\", \"steps\": 5, \"rho\": 7}          | grid.rho | absent",
        "{\"type\": \"logsnr\", \"steps\": 5, \"tEnd\": 2}         | grid.tEnd | the time range of",
        "{\"type\": \"logsnr\", \"steps\": 5, \"tStart\": 0.5, \"tEnd\": 0.7} | grid.tEnd | below tStart",
        "{\"type\": \"logsnr\", \"steps\": 5, \"tStart\": 3}       | grid.tStart | the time range of",
        "{\"type\": \"explicit\", \"times\": [1.0, 0.5, -0.1]}     | grid.times[2] | a time >= 0",
        "{\"type\": \"explicit\", \"times\": [40.0, 0.5, 0.1]}     | grid.times[0] | the time range of",
        "{\"type\": \"explicit\", \"times\": [1.0, 0.5, 0.7]}      | grid.times[2] | strictly decreasing",
        "{\"type\": \"diffusers\", \"spacing\": \"leading\", \"steps\": 5} | grid.type | vp-discrete schedule",
        "{\"type\": \"flow-shift\", \"shift\": 3, \"steps\": 5, \"base\": {\"type\": \"explicit\"}} | grid.base.type | one of [uniform-time",
        "{\"type\": \"spiral\"}                                    | grid.type | one of [uniform-time,",
    })
    void badGridsNameTheField(String grid, String path, String allowed) throws Exception {
        assertRejected("grid", grid, path, allowed == null ? "" : allowed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"vp-discrete\", \"betas\": [0.1, 0.2], \"betaStart\": 0.1} | schedule.betas | the only table",
        "{\"type\": \"vp-discrete\", \"betaSchedule\": \"cubic\"}     | schedule.betaSchedule | one of [linear, scaled-linear, squaredcos-cap-v2]",
        "{\"type\": \"vp-discrete\", \"betaStart\": 0.5, \"betaEnd\": 0.1} | schedule.betaEnd | betaStart",
        "{\"type\": \"ve\", \"sigmaMin\": 5, \"sigmaMax\": 1}         | schedule.sigmaMax | ",
    })
    void badSchedulesNameTheField(String schedule, String path, String allowed) throws Exception {
        assertRejected("schedule", schedule, path, allowed == null ? "" : allowed);
    }

    /** Replaces one top-level object of the base spec and expects an InvalidInputException at {@code path}. */
    static void assertRejected(String field, String json, String path, String allowed) throws Exception {
        ObjectNode spec = SampleSpecTest.base();
        spec.set(field, MAPPER.readTree(json));
        assertThatThrownBy(() -> SampleSpec.parse(spec.toString(), SolverRegistry.standard()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.path()).as(e.getMessage()).isEqualTo(path);
                    assertThat(e.allowed()).as(e.getMessage()).contains(allowed);
                    assertThat(e.getMessage().length()).isLessThan(400);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"linspace, 10", "leading, 10", "trailing, 12"})
    void theDiffusersGridIsTheSpacingsTimesOnTheDiscreteSchedule(String spacing, int steps) throws Exception {
        SampleGrid grid = StrictJson.parse("{\"type\": \"diffusers\", \"spacing\": \"" + spacing
                + "\", \"family\": \"ddim\", \"steps\": " + steps + ", \"zeroNoiseEnd\": true}", SampleGrid.class);
        NoiseSchedule schedule = StrictJson.parse("{\"type\": \"vp-discrete\"}", ScheduleSpec.class).create();
        Timesteps ts = grid.timesteps(schedule);
        assertThat(ts.steps()).isEqualTo(steps);
        assertThat(ts.endsAtZeroNoise()).isTrue();
        for (int i = 0; i < steps; i++) {
            double n = ((VpDiscreteSchedule) schedule).indexOfTime(ts.t(i));
            assertThat(Math.abs(n - Math.rint(n))).isLessThan(1e-9);
        }
    }
}
