package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return SampleSpec.parse(spec, SolverRegistry.standard()).run().maxAbsError();
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
        return SampleSpec.parse(spec, SolverRegistry.standard()).run();
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
        SampleOutcome o = SampleSpec.parse(spec, SolverRegistry.standard()).run();
        assertThat(o.exact()).isNull();
        assertThat(o.maxAbsError()).isNaN();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"gaussian-mixture\", \"weights\": [1, 2], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]}]}"
            + " | model.components | model.components must have 2 entries (one per weight), got 1",
        "{\"type\": \"gaussian-mixture\", \"weights\": [1], \"components\": [{\"mean\": [0, 0]}]}"
            + " | model.components[0].covariance | model.components[0] needs exactly one of covariance ([d][d]) or variances ([d]), got neither",
        "{\"type\": \"gaussian-mixture\", \"weights\": [-1], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]}]}"
            + " | model.weights | model.weights",
        "{\"type\": \"gaussian-mixture\", \"weights\": [0.3, 0.3], \"components\": [{\"mean\": [0], \"variances\": [1]},"
            + " {\"mean\": [1], \"variances\": [1]}]} | model.weights | model.weights must be positive numbers summing to 1",
        "{\"type\": \"gaussian-mixture\", \"weights\": [1, 1], \"components\": [{\"mean\": [0], \"variances\": [1]},"
            + " {\"mean\": [1], \"variances\": [1]}]} | model.weights | model.weights must be positive numbers summing to 1",
        "{\"type\": \"gaussian-mixture\", \"weights\": [1, 1], \"components\": [{\"mean\": [0, 0], \"variances\": [1, 1]},"
            + " {\"mean\": [0], \"variances\": [1]}]} | model.components[1].mean | model.components[1].mean must have 2 entries like the first component, got 1",
    })
    void badMixturesNameTheField(String model, String path, String message) throws Exception {
        assertRejected("model", model, path, message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"karras\", \"rho\": -1, \"steps\": 10}        | grid.rho | grid.rho must be in [4.9E-324, 1.7976931348623157E308], got -1",
        "{\"type\": \"logsnr\", \"steps\": 0}                      | grid.steps | grid.steps must be an integer in [1, 1000000], got 0",
        "{\"type\": \"logsnr\"}                                    | grid.steps | grid.steps is required",
        "{\"type\": \"logsnr\", \"steps\": 5, \"rho\": 7}          | grid.rho | grid.rho is not a known field of grid; allowed: type, steps, tStart, tEnd, zeroNoiseEnd",
        "{\"type\": \"logsnr\", \"steps\": 5, \"tEnd\": 2}         | grid.tEnd | grid.tEnd must be in (-inf, tStart=1.0), got 2.0",
        "{\"type\": \"diffusers\", \"spacing\": \"leading\", \"steps\": 5} | grid.type | grid.type diffusers needs a vp-discrete schedule",
        "{\"type\": \"flow-shift\", \"shift\": 3, \"steps\": 5, \"base\": {\"type\": \"explicit\"}} | grid.base.type | grid.base.type must be one of uniform-time, quadratic-time, logsnr, karras, exponential, polyexponential, got 'explicit'",
        "{\"type\": \"spiral\"}                                    | grid.type | grid.type must be one of uniform-time,",
    })
    void badGridsNameTheField(String grid, String path, String message) throws Exception {
        assertRejected("grid", grid, path, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"vp-discrete\", \"betas\": [0.1, 0.2], \"betaStart\": 0.1} | schedule.betas | schedule takes one of betas, alphasCumprod or",
        "{\"type\": \"vp-discrete\", \"betaSchedule\": \"cubic\"}     | schedule.betaSchedule | schedule.betaSchedule must be one of linear, scaled-linear, squaredcos-cap-v2, got 'cubic'",
        "{\"type\": \"vp-discrete\", \"betaStart\": 0.5, \"betaEnd\": 0.1} | schedule.betaEnd | schedule.betaEnd must be in [betaStart=0.5, 1), got 0.1",
        "{\"type\": \"vp-discrete\", \"alphasCumprod\": [0.9, 0.95]}  | schedule | schedule: ",
        "{\"type\": \"ve\", \"sigmaMin\": 5, \"sigmaMax\": 1}         | schedule.sigmaMax | schedule.sigmaMax must be",
    })
    void badSchedulesNameTheField(String schedule, String path, String message) throws Exception {
        assertRejected("schedule", schedule, path, message);
    }

    /** Replaces one top-level object of the base spec and expects a SpecException at {@code path}. */
    private static void assertRejected(String field, String json, String path, String message) throws Exception {
        ObjectNode spec = SampleSpecTest.base();
        spec.set(field, MAPPER.readTree(json));
        assertThatThrownBy(() -> SampleSpec.parse(spec, SolverRegistry.standard()))
                .isInstanceOf(SpecException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((SpecException) e).path()).isEqualTo(path));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"linspace, 10", "leading, 10", "trailing, 12"})
    void theDiffusersGridIsTheSpacingsTimesOnTheDiscreteSchedule(String spacing, int steps) throws Exception {
        SpecNode node = SpecNode.root(MAPPER.readTree("{\"type\": \"diffusers\", \"spacing\": \"" + spacing
                + "\", \"family\": \"ddim\", \"steps\": " + steps + ", \"zeroNoiseEnd\": true}"));
        NoiseSchedule schedule = ScheduleSpecs.parse(SpecNode.root(MAPPER.readTree("{\"type\": \"vp-discrete\"}")));
        Timesteps ts = GridSpecs.parse(node, schedule);
        assertThat(ts.steps()).isEqualTo(steps);
        assertThat(ts.endsAtZeroNoise()).isTrue();
        for (int i = 0; i < steps; i++) {
            double n = ((VpDiscreteSchedule) schedule).indexOfTime(ts.t(i));
            assertThat(Math.abs(n - Math.rint(n))).isLessThan(1e-9);
        }
    }
}
