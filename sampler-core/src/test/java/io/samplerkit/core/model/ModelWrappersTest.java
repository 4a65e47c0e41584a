package io.samplerkit.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianFixtures;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelWrappersTest {

    private final VpLinearSchedule vp = VpLinearSchedule.standard();

    @Test
    void guidanceCombinesInTheCommonPrediction() {
        SplittableRandom rng = new SplittableRandom(3);
        GaussianData a = GaussianFixtures.random(rng, 3);
        GaussianData b = GaussianFixtures.random(rng, 3);
        DiffusionModel u = a.model(vp, Prediction.NOISE);
        DiffusionModel c = b.model(vp, Prediction.NOISE);
        Batch x = GaussianFixtures.normalBatch(rng, 2, 3, 1);
        Batch uOut = x.like();
        Batch cOut = x.like();
        u.evaluate(x, 0.4, uOut);
        c.evaluate(x, 0.4, cOut);
        for (double w : new double[] {0, 1, 7.5}) {
            Batch guided = x.like();
            ClassifierFreeGuidance cfg = new ClassifierFreeGuidance(u, c, w);
            cfg.evaluate(x, 0.4, guided);
            for (int i = 0; i < guided.data().length; i++) {
                double ui = uOut.data()[i];
                assertThat(guided.data()[i]).as("w=%s i=%d", w, i).isEqualTo(ui + w * (cOut.data()[i] - ui));
            }
            assertThat(cfg.prediction()).isEqualTo(Prediction.NOISE);
        }
        assertThatThrownBy(() -> new ClassifierFreeGuidance(u, b.model(vp, Prediction.DATA), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prediction");
    }

    @Test
    void countingIsExactAcrossThreads() throws Exception {
        CountingModel counting = new CountingModel(GaussianFixtures.standard().model(vp, Prediction.DATA));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                jobs.add(pool.submit(() -> {
                    Batch x = Batch.zeros(2, 3);
                    Batch out = x.like();
                    for (int i = 0; i < 500; i++) {
                        counting.evaluate(x, 0.5, out);
                    }
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(counting.count()).isEqualTo(2000);
        counting.reset();
        assertThat(counting.count()).isZero();
    }

    @Test
    void guardReportsStepTimeAndFirstBadIndex() {
        DiffusionModel poisoned = TestModels.of(Prediction.NOISE, (x, t, out) -> {
            java.util.Arrays.fill(out.data(), 1.0);
            out.data()[4] = Double.NaN;
            out.data()[5] = Double.POSITIVE_INFINITY;
        });
        AtomicInteger step = new AtomicInteger(7);
        GuardedModel guarded = new GuardedModel(poisoned, "probe", step::get);
        Batch x = Batch.zeros(2, 3);
        assertThatThrownBy(() -> guarded.evaluate(x, 0.25, x.like()))
                .isInstanceOfSatisfying(SamplingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SamplingException.Kind.NON_FINITE_MODEL_OUTPUT);
                    assertThat(e.step()).isEqualTo(7);
                    assertThat(e.time()).isEqualTo(0.25);
                    assertThat(e.index()).isEqualTo(4);
                    assertThat(e.solver()).isEqualTo("probe");
                });
        assertThatThrownBy(() -> GuardedModel.of(poisoned).evaluate(x, 0.5, x.like()))
                .isInstanceOfSatisfying(SamplingException.class, e -> assertThat(e.step()).isEqualTo(-1));
        Batch fine = x.like();
        GuardedModel.of(GaussianFixtures.standard().model(vp, Prediction.DATA)).evaluate(x, 0.5, fine);
        assertThat(fine.firstNonFinite()).isEqualTo(-1);
    }
}
