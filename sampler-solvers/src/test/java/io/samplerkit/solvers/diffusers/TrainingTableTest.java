package io.samplerkit.solvers.diffusers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training tables against diffusers' own (the diffusers-configs set's {@code schedules/} files): the float32
 * emulation of torch's {@code linspace} and {@code cumprod} bit for bit, the float64 tables to the last bit or two.
 */
class TrainingTableTest {

    static Path schedules() {
        return Path.of(System.getProperty("samplerkit.reference.dir")).resolveSibling("diffusers-configs")
                .resolve("schedules");
    }

    @ParameterizedTest
    @CsvSource({
        "linear-0.0001-0.02-N1000, DDIMScheduler, linear, 0.0001, 0.02, false",
        "scaled_linear-0.00085-0.012-N1000, DDIMScheduler, scaled_linear, 0.00085, 0.012, false",
        "scaled_linear-0.00085-0.012-N1000-rescale_zero_snr, DDIMScheduler, scaled_linear, 0.00085, 0.012, true",
        "scaled_linear-0.00085-0.012-N1000-rescale_zero_snr-last_alphas_cumprod_2^-24, EulerDiscreteScheduler,"
                + " scaled_linear, 0.00085, 0.012, true",
    })
    void tablesMatchDiffusers(String file, String cls, String schedule, double start, double end, boolean zeroSnr)
            throws IOException {
        JsonNode ref = new ObjectMapper().readTree(schedules().resolve(file + ".json").toFile());
        SchedulerConfig c = SchedulerConfig.of(Map.of("_class_name", cls, "beta_schedule", schedule,
                "beta_start", start, "beta_end", end, "rescale_betas_zero_snr", zeroSnr));
        TrainingTable t32 = TrainingTable.of(c, Precision.FLOAT32);
        assertThat(t32.betas()).containsExactly(values(ref.path("betas")));
        assertThat(t32.alphasCumprod()).containsExactly(values(ref.path("alphas_cumprod")));
        TrainingTable t64 = TrainingTable.of(c, Precision.FLOAT64);
        double[] b = values(ref.path("betas_float64"));
        double[] a = values(ref.path("alphas_cumprod_float64"));
        for (int i = 0; i < b.length; i++) {
            assertThat(t64.betas()[i]).as("betas[%d]", i).isCloseTo(b[i], org.assertj.core.api.Assertions.within(
                    4e-16 * Math.abs(b[i]) + 1e-300));
            assertThat(t64.alphasCumprod()[i]).as("alphas_cumprod[%d]", i)
                    .isCloseTo(a[i], org.assertj.core.api.Assertions.within(4e-15 * Math.abs(a[i])));
        }
    }

    private static double[] values(JsonNode n) {
        double[] r = new double[n.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = n.get(i).asDouble();
        }
        return r;
    }
}
