package io.samplerkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * After warm-up a call converts float32 inputs and outputs in buffers allocated once: the Java heap allocation per
 * call is ONNX Runtime's own small bookkeeping (the result object and its map), independent of the batch's size, far
 * below the 64 KiB of floats one 256-row call of the digits network moves each way.
 */
class OnnxModelAllocationTest {

    @Test
    void steadyStateCallsAllocateNoBuffers() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        VpDiscreteSchedule schedule = VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(1000, 1e-4, 0.02));
        try (OnnxModel model = OnnxModel.builder(ShippedModels.file("digits-ddpm.onnx")).schedule(schedule)
                .prediction(Prediction.NOISE).time(TimeConvention.INDEX).intraOpThreads(1).maxBatch(256).build()) {
            Batch x = Batch.zeros(512, 64);
            new SeededNoise(1).standardNormal(0, x);
            Batch out = x.like();
            for (int i = 0; i < 5; i++) {
                model.evaluate(x, 0.5, out);
            }
            int calls = 20;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                model.evaluate(x, 0.5, out);
            }
            long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / calls;
            System.out.printf("OnnxModel.evaluate, 512 rows in 2 chunks of 256: %d bytes allocated per call%n", perCall);
            assertThat(perCall).isLessThan(4096);
        }
    }
}
