package io.samplerkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the pipeline example of docs/pipelines.md and checks what it claims. */
class CallerDrivenExampleTest {

    @Test
    void theExampleDoesWhatThePageSays() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CallerDrivenExample.Outcome o = CallerDrivenExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        // heun on 20 steps not ending at zero noise: 2 calls per step; 2 network calls per answer
        assertThat(o.text2img().modelCalls()).isEqualTo(40);
        assertThat(o.text2img().networkEvaluations()).isEqualTo(80);
        assertThat(o.img2img().modelCalls()).isEqualTo(20);
        for (int row = 0; row < 4; row++) {
            assertThat(o.inpainted().x().get(row, 0)).as("known coordinate at the zero-noise end")
                    .isEqualTo(o.clean().get(row, 0));
        }
        assertThat(o.diffusersShaped().data()).isEqualTo(o.diffusersReference().x().data());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("network evaluations 80", "10 of 20 steps");
    }
}
