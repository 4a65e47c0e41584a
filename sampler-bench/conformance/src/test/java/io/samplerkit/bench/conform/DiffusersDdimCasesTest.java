package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.DiffusersSpacing;
import io.samplerkit.core.state.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DDIM translation on spacings whose steps end off the grid (diffusers steps to
 * {@code t - N div K} but continues from the next grid timestep): the translated run must equal a
 * direct transcription of diffusers' DDIM loop (README section 4) on the same alpha-bars. With
 * {@code set_alpha_to_one=False} and a last timestep of 0 the last step goes from {@code alphas_cumprod[0]} to
 * itself: an identity that still calls the model (counted in the NFE).
 */
class DiffusersDdimCasesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CASE = "cases/diffusers/vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json";

    /** diffusers' DDIM loop (eta = 0), written from the reference README. */
    static Batch diffusersLoop(GaussianData data, double[] alphasCumprod, int[] timesteps, int trainSteps,
            double finalAlphaBar, Batch xT) {
        Batch x = xT.copy();
        Batch eps = x.like();
        int stride = trainSteps / timesteps.length;
        for (int t : timesteps) {
            double ab = alphasCumprod[t];
            data.noise(x, Math.sqrt(ab), Math.sqrt(1 - ab), eps);
            int prev = t - stride;
            double abPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaBar;
            double[] xs = x.data();
            double[] e = eps.data();
            for (int i = 0; i < xs.length; i++) {
                double x0 = (xs[i] - Math.sqrt(1 - ab) * e[i]) / Math.sqrt(ab);
                xs[i] = Math.sqrt(abPrev) * x0 + Math.sqrt(1 - abPrev) * e[i];
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0} K={1} offset={2} setAlphaToOne={3}")
    @CsvSource({"TRAILING, 12, 0, true", "LINSPACE, 10, 0, true", "LEADING, 7, 0, true", "LEADING, 10, 1, false",
        "TRAILING, 10, 0, false", "LEADING, 10, 0, false", "LEADING, 7, 0, false", "LINSPACE, 10, 0, false"})
    void offGridStepsAreChainedExactlyAsDiffusersDoes(DiffusersSpacing.Spacing spacing, int k, int offset,
            boolean setAlphaToOne) throws IOException {
        Path dir = ReferenceConformanceTest.referenceDir();
        ObjectNode json = (ObjectNode) MAPPER.readTree(dir.resolve(CASE).toFile());
        ReferenceCase original = new ReferenceCase(dir.resolve(CASE), dir, json);
        double[] acp = ReferenceCase.vector(original.scheduleArrays().path("alphas_cumprod"));
        int[] timesteps = new DiffusersSpacing(spacing, DiffusersSpacing.Family.DDIM, offset,
                Double.NEGATIVE_INFINITY).trainTimesteps(1000, k);
        double finalAlphaBar = setAlphaToOne ? 1.0 : acp[0];
        json.set("timesteps", MAPPER.valueToTree(timesteps));
        json.set("alphas_cumprod_at_timesteps", MAPPER.valueToTree(IntStream.of(timesteps).mapToDouble(t -> acp[t])
                .toArray()));
        json.put("final_alpha_cumprod", finalAlphaBar);
        ((ObjectNode) json.get("solver")).put("num_inference_steps", k);
        Batch expected = diffusersLoop(original.gaussian(), acp, timesteps, 1000, finalAlphaBar, original.xT());
        json.set("expected", MAPPER.valueToTree(expected.toArray()));
        json.put("nfe", k);

        CaseResult r = new ConformanceRunner().run(new ReferenceCase(dir.resolve(CASE), dir, json));

        assertThat(r.status()).as(r.line() + " " + r.note()).isEqualTo(CaseStatus.PASS);
        assertThat(r.maxAbsError()).isLessThan(1e-13);
        boolean onGrid = IntStream.range(0, k - 1).allMatch(i -> timesteps[i] - 1000 / k == timesteps[i + 1]);
        assertThat(r.note().contains("chained segments")).isEqualTo(!onGrid);
    }
}
