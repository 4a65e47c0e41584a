package io.samplerkit.solvers.sde;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.FirstOrderSampler;

/**
 * The predictor–corrector sampler as it was written before its Langevin corrector was fused: the score converted into
 * a buffer of its own, the corrector noise drawn into an array, the norms and the update as separate loops over them.
 * The predictor combines the stored score in a kernel. The reference {@link PredictorCorrectorFusionTest} holds the
 * fused sampler to, bit for bit.
 */
record SeparateLangevinSampler(PredictorCorrector options) implements FirstOrderSampler {

    @Override
    public String name() {
        return PredictorCorrector.NAME;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends GridSolverRun {
        private final NoiseSchedule schedule;
        private final Batch score;
        private final Batch z;

        Run(SolverContext context) {
            super(context);
            schedule = context.schedule();
            score = context.newBatch();
            z = context.newBatch();
        }

        @Override
        protected void advance(int i, Batch x) {
            PredictorCorrector o = options;
            Timesteps g = grid;
            double s = g.t(i);
            double t = g.t(i + 1);
            double a = g.alpha(i) / g.alpha(i + 1);
            long base = (long) i * (o.nSteps() + 1);
            if (o.corrector()) {
                for (int k = 0; k < o.nSteps(); k++) {
                    context.evaluate(x, s, Prediction.SCORE, score);
                    context.noise().standardNormal(base + 1 + k, z);
                    context.fusedEvaluation().flush();
                    langevin(x, a * a);
                }
            }
            double[] c = new double[3];
            PredictorCorrector.predictorCoefficients(o.predictor(), schedule, g, i, c);
            double coefX = c[0];
            double coefScore = c[1];
            double std = c[2];
            context.evaluate(x, s, Prediction.SCORE, score);
            context.fusedEvaluation().flush();
            if (o.finalDenoise() && i == g.steps() - 1) {
                Kernels.lincomb2(x, coefX, x, coefScore, score);
                return;
            }
            context.stepNormal(base, s, t, z);
            Kernels.lincomb3(x, coefX, x, coefScore, score, std, z);
        }

        private void langevin(Batch x, double alpha) {
            int dim = x.dim();
            int rows = x.size();
            double[] sc = score.data();
            double[] zs = z.data();
            double[] xs = x.data();
            double[] scoreNorms = new double[rows];
            double[] noiseNorms = new double[rows];
            double meanScore = 0;
            double meanNoise = 0;
            for (int r = 0; r < rows; r++) {
                double ss = 0;
                double zz = 0;
                for (int j = r * dim; j < (r + 1) * dim; j++) {
                    ss += sc[j] * sc[j];
                    zz += zs[j] * zs[j];
                }
                scoreNorms[r] = Math.sqrt(ss);
                noiseNorms[r] = Math.sqrt(zz);
                meanScore += scoreNorms[r] / rows;
                meanNoise += noiseNorms[r] / rows;
            }
            for (int r = 0; r < rows; r++) {
                boolean perSample = options.norm() == LangevinNorm.PER_SAMPLE;
                double ratio = perSample ? options.snr() * noiseNorms[r] / scoreNorms[r]
                        : options.snr() * meanNoise / meanScore;
                double eps = 2 * alpha * ratio * ratio;
                double noiseScale = Math.sqrt(2 * eps);
                for (int j = r * dim; j < (r + 1) * dim; j++) {
                    xs[j] += eps * sc[j] + noiseScale * zs[j];
                }
            }
        }
    }
}
