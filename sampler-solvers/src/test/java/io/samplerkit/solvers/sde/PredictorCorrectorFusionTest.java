package io.samplerkit.solvers.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.KernelPropertiesForTests;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused Langevin corrector of {@link PredictorCorrector} against {@link SeparateLangevinSampler}, the sampler as
 * written before the fusion (score buffer, noise array, separate norm and update loops): every option combination, data,
 * noise and score models, fresh and Brownian noise, 3 rows of 2501 (rows longer than a block, odd length, sample
 * offset 5), 12 steps.
 */
class PredictorCorrectorFusionTest {

    private static final VpLinearSchedule VP = VpLinearSchedule.standard();
    private static final int ROWS = 3;
    private static final int DIM = 2501;

    /**
     * A nonlinear analytic model in any parameterization: the Gaussian posterior mean of data with variance 0.7 plus
     * {@code 0.1 tanh x} (not a consistent model across parameterizations; it only has to be smooth and nonlinear).
     */
    private record TanhModel(Prediction prediction, int badCall, int badIndex, double badValue) implements DiffusionModel {

        TanhModel(Prediction prediction) {
            this(prediction, -1, 0, 0);
        }

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            double a = VP.alpha(t);
            double s = VP.sigma(t);
            double v = 0.7 * a * a + s * s;
            double[] xs = x.data();
            double[] o = out.data();
            for (int i = 0; i < o.length; i++) {
                double lin = prediction == Prediction.DATA ? 0.7 * a * xs[i] / v
                        : prediction == Prediction.NOISE ? s * xs[i] / v : -xs[i] / v;
                o[i] = lin + 0.1 * Math.tanh(xs[i]);
            }
            if (CALLS.get()[0]++ == badCall) {
                o[badIndex] = badValue;
            }
        }
    }

    private static final ThreadLocal<int[]> CALLS = ThreadLocal.withInitial(() -> new int[1]);

    private static List<PredictorCorrector> samplers() {
        List<PredictorCorrector> out = new ArrayList<>();
        for (PcPredictor p : PcPredictor.values()) {
            for (int n = 1; n <= 2; n++) {
                for (LangevinNorm norm : LangevinNorm.values()) {
                    out.add(new PredictorCorrector(p, true, 0.16, n, norm, n == 1));
                }
            }
        }
        return out;
    }

    private static SamplingProblem problem(DiffusionModel model, NoiseMode mode) {
        Timesteps ts = Timesteps.of(VP, new LogSnrGrid(), 1.0, 1e-3, 12);
        return SamplingProblem.of(VP, model, ts).withNoise(new SeededNoise(17, 5, mode));
    }

    private static Batch start() {
        Batch x = Batch.zeros(ROWS, DIM);
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        return x;
    }

    private static double[] run(Solver s, SamplingProblem p) {
        CALLS.get()[0] = 0;
        return s.sample(p, start()).x().data();
    }

    /**
     * Same bits as the separate loops: the score is formed, the norms summed and the update combined element by
     * element as before (and the predictor's sums are the kernels'), and the corrector's noise is the same draw.
     */
    @Test
    void theFusedSamplerHasTheBitsOfTheSeparateLoops() {
        for (Prediction prediction : new Prediction[] {Prediction.DATA, Prediction.NOISE, Prediction.SCORE}) {
            for (NoiseMode mode : NoiseMode.values()) {
                SamplingProblem p = problem(new TanhModel(prediction), mode);
                for (PredictorCorrector pc : samplers()) {
                    assertThat(run(pc, p)).as("%s %s %s", pc, prediction, mode)
                            .containsExactly(run(new SeparateLangevinSampler(pc), p));
                }
            }
        }
    }

    /**
     * With the run's kernels threaded (two threads, from one element on) the predictor keeps the kernels, on a stored
     * score with its draw generated in chunks: the same bits again.
     */
    @Test
    void theThreadedPredictorHasTheSameBits() {
        for (Prediction prediction : new Prediction[] {Prediction.DATA, Prediction.SCORE}) {
            for (NoiseMode mode : NoiseMode.values()) {
                SamplingProblem p = problem(new TanhModel(prediction), mode);
                for (PredictorCorrector pc : samplers()) {
                    assertThat(KernelPropertiesForTests.withThreads(2, () -> run(pc, p))).as("%s %s %s", pc, prediction, mode)
                            .containsExactly(run(new SeparateLangevinSampler(pc), p));
                }
            }
        }
    }

    /**
     * An unsound model output at a corrector's or the predictor's evaluation stops the run with the separate scan's exception: same kind,
     * step, time and first bad index, for a NaN in the first and in the last block of a row, an infinity and an
     * overflow, with data and score models.
     */
    @Test
    void anUnsoundOutputInTheCorrectorFailsAsTheSeparateScan() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, -1e200};
        int[] indices = {7, DIM + 2100, ROWS * DIM - 1};
        int k = 0;
        for (Prediction prediction : new Prediction[] {Prediction.DATA, Prediction.SCORE}) {
            for (int call : new int[] {0, 2, 3, 4, 5}) {
                for (int index : indices) {
                    double value = values[k++ % values.length];
                    SamplingProblem p = problem(new TanhModel(prediction, call, index, value), NoiseMode.FRESH);
                    PredictorCorrector pc = new PredictorCorrector(PcPredictor.REVERSE_DIFFUSION, true, 0.16, 2,
                            LangevinNorm.BATCH_MEAN, true);
                    SamplingException fused = catchThrowableOfType(() -> run(pc, p), SamplingException.class);
                    SamplingException separate = catchThrowableOfType(
                            () -> run(new SeparateLangevinSampler(pc), p), SamplingException.class);
                    assertThat(fused).as("call %d index %d", call, index).isNotNull();
                    assertThat(fused.kind()).isEqualTo(separate.kind());
                    assertThat(fused.solver()).isEqualTo(separate.solver());
                    assertThat(fused.step()).isEqualTo(separate.step()).isEqualTo(call / 3);
                    assertThat(fused.time()).isEqualTo(separate.time());
                    assertThat(fused.index()).isEqualTo(separate.index()).isEqualTo(index);
                    assertThat(fused.getMessage()).isEqualTo(separate.getMessage());
                }
            }
        }
    }
}
