package io.samplerkit.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.solvers.SolverRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code samplerkit sample} reports {@code exactLaw} for every solver on Gaussian data (a deterministic solver's law
 * is the push-forward of the exact marginal at the first time), and null on a mixture.
 */
class ExactLawOutputTest {

    private static JsonNode run(String model, String solver, int steps) throws Exception {
        return run(model, solver, "{}", steps);
    }

    private static JsonNode run(String model, String solver, String options, int steps) throws Exception {
        String spec = "{\"schedule\": {\"type\": \"vp-linear\"}, \"model\": " + model
                + ", \"solver\": {\"name\": \"" + solver + "\", \"options\": " + options + "}, \"grid\": {\"type\": \"logsnr\", \"steps\": " + steps
                + ", \"tEnd\": 0.001}, \"seed\": 5, \"batch\": 3}";
        return SampleSpec.parse(spec, SolverRegistry.standard()).run().toJson();
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "ddim", "dpmpp-2m-sde", "heun"})
    void gaussianRunsReportTheirExactLawWhichConverges(String solver) throws Exception {
        String gaussian = "{\"type\": \"gaussian\", \"mean\": [1, -0.5], \"covariance\": [[1, 0.6], [0.6, 0.5]]}";
        JsonNode coarse = run(gaussian, solver, 20).path("exactLaw");
        JsonNode fine = run(gaussian, solver, 80).path("exactLaw");
        assertThat(coarse.path("mean").size()).isEqualTo(2);
        assertThat(coarse.path("covariance").size()).isEqualTo(2);
        assertThat(coarse.path("covariance").path(0).path(1).asDouble())
                .isEqualTo(coarse.path("covariance").path(1).path(0).asDouble());
        double c = coarse.path("frechetToMarginal").asDouble();
        double f = fine.path("frechetToMarginal").asDouble();
        assertThat(f).as("%s: %s then %s", solver, c, f).isPositive().isLessThan(c);
        assertThat(fine.path("frechetToData").asDouble()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "ddim"})
    void aMixtureHasNoExactLaw(String solver) throws Exception {
        JsonNode out = run("{\"type\": \"gaussian-mixture\", \"weights\": [0.5, 0.5], \"components\": ["
                + "{\"mean\": [-2, 0], \"variances\": [0.2, 0.3]}, {\"mean\": [2, 1], \"variances\": [0.5, 0.4]}]}",
                solver, 10);
        assertThat(out.has("exactLaw")).isTrue();
        assertThat(out.path("exactLaw").isNull()).isTrue();
    }

    /**
     * Clipping the data prediction keeps a run affine near the mode only: the law is refused (null, with the reason),
     * never linearized from probes that stay inside the clipping range.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ddim", "ddpm"})
    void aClippedRunHasNoExactLawAndSaysWhy(String solver) throws Exception {
        String gaussian = "{\"type\": \"gaussian\", \"mean\": [1, -0.5], \"covariance\": [[1, 0.6], [0.6, 0.5]]}";
        JsonNode clipped = run(gaussian, solver, "{\"clip-sample\": 1}", 10);
        assertThat(clipped.path("exactLaw").isNull()).isTrue();
        assertThat(clipped.path("exactLawNote").asText()).contains("must be affine");
        JsonNode plain = run(gaussian, solver, "{}", 10);
        assertThat(plain.path("exactLaw").path("mean").size()).isEqualTo(2);
        assertThat(plain.has("exactLawNote")).isFalse();
    }
    /**
     * The law of an adaptive deterministic solver is read off probe runs from unit states, which the solver may fail
     * to integrate where the sampled run succeeds: {@code bosh3} with {@code atol = 1e-300} measures a zero state's
     * error relative to {@code 1e-300} and its first step underflows. That failure used to end the command as
     * "sampling failed" (exit code 1) although the samples were computed; now the law is null with the reason.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bosh3", "dopri5"})
    void aFailedProbeRunLeavesTheSamplesAndSaysWhy(String solver) throws Exception {
        String gaussian = "{\"type\": \"gaussian\", \"mean\": [1, -0.5], \"variances\": [1, 0.25]}";
        JsonNode out = run(gaussian, solver, "{\"atol\": 1e-300}", 1);
        assertThat(out.path("samples").size()).isEqualTo(3);
        assertThat(out.path("exactLaw").isNull()).isTrue();
        assertThat(out.path("exactLawNote").asText()).contains("probe run", "STEP_SIZE_UNDERFLOW");
    }
}
