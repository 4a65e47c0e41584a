package io.samplerkit.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samplerkit sample --scheduler-config}: the configured scheduler, a swapped class, a swapped solver. */
class SampleSchedulerConfigTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String config(String name) {
        return Path.of(System.getProperty("samplerkit.reference.dir")).resolveSibling("diffusers-configs")
                .resolve("configs").resolve(name).resolve("scheduler_config.json").toString();
    }

    @Test
    void theConfiguredSchedulerAndTwoSwapsRun() throws IOException {
        CliRun own = CliRun.of("sample", "--scheduler-config", config("sdxl"), "--steps", "12");
        assertThat(own.exit()).as(own.err()).isZero();
        JsonNode o = MAPPER.readTree(own.out());
        assertThat(o.path("scheduler_class").asText()).isEqualTo("EulerDiscreteScheduler");
        assertThat(o.path("run").asText()).contains("-> euler");
        assertThat(o.path("nfe").asInt()).isEqualTo(12);
        assertThat(o.path("samples").size()).isEqualTo(2);
        // SDXL uses leading spacing: init_noise_sigma = sqrt(sigma_max^2 + 1)
        double sigmaMax = o.path("sigmas").get(0).asDouble();
        assertThat(o.path("init_noise_sigma").asDouble()).isCloseTo(Math.sqrt(sigmaMax * sigmaMax + 1),
                org.assertj.core.api.Assertions.within(1e-12));

        CliRun swappedClass = CliRun.of("sample", "--scheduler-config", config("sdxl"), "--steps", "12",
                "--scheduler-class", "DPMSolverMultistepScheduler");
        assertThat(swappedClass.exit()).as(swappedClass.err()).isZero();
        JsonNode s = MAPPER.readTree(swappedClass.out());
        assertThat(s.path("run").asText()).contains("-> dpmpp-multistep");
        assertThat(s.path("warnings").toString()).contains("skip_prk_steps", "interpolation_type");

        CliRun swappedSolver = CliRun.of("sample", "--scheduler-config", config("sd3"), "--steps", "10",
                "--solver", "dpmpp-multistep[order=2]");
        assertThat(swappedSolver.exit()).as(swappedSolver.err()).isZero();
        JsonNode f = MAPPER.readTree(swappedSolver.out());
        assertThat(f.path("run").asText()).contains("-> dpmpp-multistep[order=2]", "flow-matching",
                "pure noise");
        assertThat(f.path("nfe").asInt()).isEqualTo(10);
    }

    /**
     * On Gaussian data the result carries the run's exact output law ({@code exactLaw}, as {@code sample --spec}
     * prints it) and it converges with the steps; where none exists or it is not computed, null with the reason.
     */
    @Test
    void gaussianRunsPrintTheirExactLawOrWhyNot(@TempDir Path tmp) throws IOException {
        double[] distances = new double[2];
        int k = 0;
        for (String steps : new String[] {"10", "40"}) {
            CliRun run = CliRun.of("sample", "--scheduler-config", config("sd15"), "--scheduler-class",
                    "DPMSolverMultistepScheduler", "--steps", steps, "--dim", "3", "--data-variance", "0.5");
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode law = MAPPER.readTree(run.out()).path("exactLaw");
            assertThat(law.path("mean").size()).isEqualTo(3);
            assertThat(law.path("covariance").size()).isEqualTo(3);
            assertThat(law.path("covariance").path(0).path(1).asDouble()).isZero();
            distances[k++] = law.path("frechetToData").asDouble();
        }
        assertThat(distances[1]).as("%s", java.util.Arrays.toString(distances)).isPositive()
                .isLessThan(distances[0] / 4);

        CliRun clipped = CliRun.of("sample", "--scheduler-config", config("sd3"), "--scheduler-class",
                "DDIMScheduler", "--steps", "8");
        assertThat(clipped.exit()).as(clipped.err()).isZero();
        JsonNode c = MAPPER.readTree(clipped.out());
        assertThat(c.path("run").asText()).contains("clip-sample=1.0");
        assertThat(c.path("exactLaw").isNull()).isTrue();
        assertThat(c.path("exactLawNote").asText()).contains("must be affine");

        CliRun wide = CliRun.of("sample", "--scheduler-config", config("sd15"), "--steps", "4", "--dim", "1025",
                "--batch", "1");
        assertThat(wide.exit()).as(wide.err()).isZero();
        JsonNode w = MAPPER.readTree(wide.out());
        assertThat(w.path("exactLaw").isNull()).isTrue();
        assertThat(w.path("exactLawNote").asText()).contains("--dim 1024");
    }

    @Test
    void badArgumentsNameTheOptionAndExitWith2() {
        CliRun noMu = CliRun.of("sample", "--scheduler-config", config("flux_dev"), "--steps", "4");
        assertThat(noMu.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(noMu.err()).contains("mu must be");
        CliRun badSolver = CliRun.of("sample", "--scheduler-config", config("sd15"), "--steps", "4", "--solver",
                "nope");
        assertThat(badSolver.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(badSolver.err()).contains("--solver");
        CliRun both = CliRun.of("sample", "--scheduler-config", config("sd15"), "--spec", "x.json");
        assertThat(both.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        CliRun noSteps = CliRun.of("sample", "--scheduler-config", config("sd15"));
        assertThat(noSteps.exit()).isEqualTo(SamplerKitCli.EXIT_USAGE);
        assertThat(noSteps.err()).contains("--steps");
        assertThat(noSteps.out()).isEmpty();
    }

    /**
     * Config files that used to end in an internal error (exit 1, stack-trace text) or an out-of-memory error: each
     * now exits with 2 naming the key, and writes no result.
     */
    @Test
    void unseenConfigValuesAreUsageErrorsNamingTheKey(@TempDir Path tmp) throws IOException {
        String[][] files = {
            {"{\"_class_name\": \"EulerDiscreteScheduler\", \"num_train_timesteps\": 2000000000}",
                "num_train_timesteps"},
            {"{\"_class_name\": \"EulerDiscreteScheduler\", \"rescale_betas_zero_snr\": true}",
                "rescale_betas_zero_snr"},
            {"{\"_class_name\": \"EulerDiscreteScheduler\", \"use_karras_sigmas\": true, \"sigma_min\": 10, "
                + "\"sigma_max\": 0.1}", "sigma_min"},
            {"{\"_class_name\": \"UniPCMultistepScheduler\", \"thresholding\": true, "
                + "\"dynamic_thresholding_ratio\": 2}", "dynamic_thresholding_ratio"},
            {"{\"_class_name\": \"DPMSolverMultistepScheduler\", \"lambda_min_clipped\": NaN}",
                "lambda_min_clipped"},
            {"{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": 1e300}", "shift"},
            {"{\"_class_name\": \"PNDMScheduler\", \"beta_end\": 0.999}", "beta_end"},
        };
        for (String[] f : files) {
            Path file = tmp.resolve("scheduler_config.json");
            Files.writeString(file, f[0]);
            CliRun r = CliRun.of("sample", "--scheduler-config", file.toString(), "--steps", "10");
            assertThat(r.exit()).as(f[0] + r.err()).isEqualTo(SamplerKitCli.EXIT_USAGE);
            assertThat(r.err()).as(f[0]).contains(f[1] + " must be").doesNotContain("internal error");
            assertThat(r.out()).isEmpty();
        }
        // one step of a second-order multistep scheduler runs (diffusers' first step is first order)
        Path one = tmp.resolve("dpm.json");
        Files.writeString(one, "{\"_class_name\": \"DPMSolverMultistepScheduler\"}");
        CliRun r = CliRun.of("sample", "--scheduler-config", one.toString(), "--steps", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(MAPPER.readTree(r.out()).path("nfe").asInt()).isEqualTo(1);
    }

    @Test
    void conformRunsTheDiffusersConfigCases() {
        Path cases = Path.of(System.getProperty("samplerkit.reference.dir")).resolveSibling("diffusers-configs")
                .resolve("cases");
        CliRun r = CliRun.of("conform", "--allow-skips", cases.resolve("sd15").resolve("sd15__EulerDiscrete__n10.json").toString(),
                cases.resolve("sd3").resolve("sd3__FlowMatchHeunDiscrete__n10.json").toString(),
                cases.resolve("zsnr_v").resolve("zsnr_v__PNDM__n2.json").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS sd15/EulerDiscrete/n10", "SKIP sd3/FlowMatchHeunDiscrete/n10",
                "PASS zsnr_v/PNDM/n2", "2 passed, 0 failed, 1 skipped");
    }
}
