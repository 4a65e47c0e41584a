package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KernelTrafficTest {

    private final List<String> log = new ArrayList<>();
    private final Batch x = Batch.zeros(2, 8);
    private final Batch y = Batch.zeros(2, 8);
    private final Batch z = Batch.zeros(2, 8);

    private final KernelTraffic.Recorder recorder = new KernelTraffic.Recorder() {
        @Override
        public void read(double[] array) {
            log.add("r" + name(array));
        }

        @Override
        public void write(double[] array) {
            log.add("w" + name(array));
        }
    };

    private String name(double[] a) {
        return a == x.data() ? "x" : a == y.data() ? "y" : a == z.data() ? "z" : "?";
    }

    @AfterEach
    void uninstall() {
        KernelTraffic.install(null);
    }

    @Test
    void everyKernelReportsItsReadsThenItsWrite() {
        KernelTraffic.install(recorder);
        Kernels.scale(x, 2, y);
        Kernels.lincomb4(x, 1, x, 2, y, 3, z, 4, y);
        Kernels.copy(z, x);
        Kernels.lerp(z, x, 0.5, y);
        Kernels.lincomb(z, 3, new double[] {1, 2, 3}, new BatchView[] {x, y, x});
        Kernels.lincomb(z, 6, new double[] {1, 2, 3, 4, 5, 6}, new BatchView[] {x, y, x, y, x, y});
        // up to five terms the generic lincomb is the fused single pass; beyond, one pass per term
        assertThat(log).containsExactly("ry", "wx", "rx", "ry", "rz", "ry", "wx", "rx", "wz", "rx", "ry", "wz",
                "rx", "ry", "rx", "wz",
                "rx", "wz", "rz", "ry", "wz", "rz", "rx", "wz", "rz", "ry", "wz", "rz", "rx", "wz", "rz", "ry", "wz");
    }

    @Test
    void threadedKernelsReportTheSamePassesOnceFromTheCaller() {
        ParallelKernels threaded = new ParallelKernels(KernelWorkers.shared(), 1, 3);
        KernelTraffic.install(recorder);
        Kernels.lincomb3(x, 1, x, 2, y, 3, z);
        Kernels.lincomb(z, 2, new double[] {1, 2}, new BatchView[] {x, y});
        List<String> single = new ArrayList<>(log);
        log.clear();
        threaded.lincomb3(x, 1, x, 2, y, 3, z);
        threaded.lincomb(z, 2, new double[] {1, 2}, new BatchView[] {x, y});
        assertThat(log).isEqualTo(single);
    }

    @Test
    void nothingIsRecordedWithoutARecorder() {
        KernelTraffic.install(recorder);
        KernelTraffic.install(null);
        Kernels.lincomb2(x, 1, x, 2, y);
        KernelTraffic.read(x.data());
        assertThat(log).isEmpty();
    }
}
