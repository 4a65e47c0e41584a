package io.samplerkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.SamplingException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the library example of docs/library.md and checks what it claims. */
class GuidedSamplingExampleTest {

    @Test
    void mainRuns() {
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            GuidedSamplingExample.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("solver dpmpp-multistep", "model calls 16", "in place, first request as above: true",
                        "rejected: ", "stopped: ");
    }

    @Test
    void guidanceSendsEverySampleToAPointOfTheConditionedClass() {
        GuidedSamplingExample.Outcome outcome = GuidedSamplingExample.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // 15 steps plus the final denoising evaluation; each is two calls of the user's model inside the guidance
        assertThat(outcome.modelCalls()).isEqualTo(16);
        assertThat(outcome.times()).hasSize(16);
        assertThat(outcome.times()[0]).isEqualTo(1.0);
        for (int row = 0; row < outcome.samples().size(); row++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (double[] p : GuidedSamplingExample.LEFT) {
                nearest = Math.min(nearest, Math.hypot(outcome.samples().get(row, 0) - p[0],
                        outcome.samples().get(row, 1) - p[1]));
            }
            assertThat(nearest).as("row %d distance to class 'left'", row).isLessThan(1e-6);
        }
    }

    @Test
    void samplingInPlaceAgainAndAgainGivesTheSameBitsAsANewResult() {
        GuidedSamplingExample.Outcome outcome = GuidedSamplingExample.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(outcome.inPlaceRepeats()).isTrue();
    }

    @Test
    void errorsNameWhatWentWrong() {
        GuidedSamplingExample.Outcome outcome = GuidedSamplingExample.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(outcome.badOptionMessage()).contains("order", "7");
        assertThat(outcome.failure().kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
        assertThat(outcome.failure().solver()).isEqualTo("dpmpp-multistep");
        assertThat(outcome.failure().time()).isLessThan(0.5);
        assertThat(outcome.failure().step()).isPositive();
    }
}
