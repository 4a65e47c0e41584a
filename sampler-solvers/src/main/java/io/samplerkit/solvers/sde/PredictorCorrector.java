package io.samplerkit.solvers.sde;

import io.samplerkit.core.Checks;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.FirstOrderSampler;

/**
 * Song et al.'s predictor–corrector sampler (arXiv:2011.13456, Algorithm 1 and appendix G, Algorithms 4/5;
 * score_sde's {@code get_pc_sampler}). At each grid point {@code t_i} the corrector runs {@code nSteps} Langevin
 * MCMC steps at {@code t_i},
 * <pre>
 *   eps = 2 a^2 (snr ||z|| / ||score(x, t_i)||)^2,   x_mean = x + eps score(x, t_i),   x = x_mean + sqrt(2 eps) z,
 * </pre>
 * ({@code a^2 = (alpha_i/alpha_{i+1})^2}, score_sde's {@code alpha = 1 - beta_i} for VP, 1 for VE), then the
 * {@link PcPredictor} steps to {@code t_{i+1}}. With {@code finalDenoise} the sampler returns the last predictor
 * step's {@code x_mean} (score_sde's {@code denoise=True}). Corrector noise is drawn fresh (stream
 * {@code i (nSteps + 1) + 1 + k}); predictor noise through {@link SolverContext#stepNormal} (stream
 * {@code i (nSteps + 1)}), so the Brownian mode drives the predictor.
 *
 * <p>The step size is undefined where the score norm it divides by is 0 (per row, or the batch mean with the
 * batch norm): the corrector would move by {@code 0 * infinity}. score_sde divides the same way and returns NaN
 * there; this sampler stops with a {@link SamplingException} naming the step, time and row. A trained network's
 * score vanishes only at a stationary point of its density, so in practice this is a model that returns zeros.
 *
 * <p>The Langevin step size depends on norms of the state, so the sampler is not affine in {@code x} and has no
 * exact Gaussian law; with {@code corrector = false} it is (and the law is computed). Weak order 1 for the
 * predictor alone. Model calls: {@code nSteps + 1} per step with the corrector, 1 without. Rejects a zero-noise
 * end point (the score is undefined there). Immutable and thread-safe.
 *
 * @param predictor predictor
 * @param corrector whether the Langevin corrector runs
 * @param snr target signal-to-noise ratio of the corrector, {@code > 0}
 * @param nSteps corrector steps per grid point, {@code >= 1}
 * @param norm how the corrector's norms are taken
 * @param finalDenoise whether the last predictor step returns its mean
 */
public record PredictorCorrector(PcPredictor predictor, boolean corrector, double snr, int nSteps, LangevinNorm norm,
        boolean finalDenoise) implements ScoreDrivenSolver, FirstOrderSampler {

    /** Registry name. */
    public static final String NAME = "pc-sampler";

    /** Validates. */
    public PredictorCorrector {
        Checks.requireNonNull(predictor, "predictor");
        Checks.requirePositive(snr, "snr");
        Checks.requireInRange(nSteps, 1, 1000, "nSteps");
        Checks.requireNonNull(norm, "norm");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run extends GridSolverRun {
        private final NoiseSchedule schedule;
        private final Batch score;
        private final Batch z;
        private final double[] scoreNorms;
        private final double[] noiseNorms;

        Run(SolverContext context) {
            super(context);
            schedule = context.schedule();
            score = context.newBatch();
            z = context.newBatch();
            scoreNorms = new double[context.batchSize()];
            noiseNorms = new double[context.batchSize()];
        }

        @Override
        protected void advance(int i, Batch x) {
            Timesteps g = grid;
            double s = g.t(i);
            double t = g.t(i + 1);
            double a = g.alpha(i) / g.alpha(i + 1);
            long base = (long) i * (nSteps + 1);
            if (corrector) {
                for (int k = 0; k < nSteps; k++) {
                    context.evaluate(x, s, Prediction.SCORE, score);
                    context.noise().standardNormal(base + 1 + k, z);
                    langevin(x, a * a, i, s);
                }
            }
            context.evaluate(x, s, Prediction.SCORE, score);
            double sigmaS = g.sigma(i);
            double sigmaT = g.sigma(i + 1);
            double q2 = (sigmaS - a * sigmaT) * (sigmaS + a * sigmaT);
            double q = Math.sqrt(Math.max(0.0, q2));
            double coefX;
            double coefScore;
            double std;
            switch (predictor) {
                case REVERSE_DIFFUSION:
                    coefX = 2 - a;
                    coefScore = q2;
                    std = q;
                    break;
                case ANCESTRAL:
                    coefX = 1 / a;
                    coefScore = q2 / a;
                    std = sigmaT * q / sigmaS;
                    break;
                default:
                    double g2 = schedule.g2(s);
                    coefX = 1 + schedule.f(s) * (t - s);
                    coefScore = g2 * (s - t);
                    std = Math.sqrt(g2 * (s - t));
                    break;
            }
            if (finalDenoise && i == g.steps() - 1) {
                Kernels.lincomb2(x, coefX, x, coefScore, score);
                return;
            }
            context.fusedStepNormal(base, s, t, z);
            Kernels.lincomb3(x, coefX, x, coefScore, score, std, z);
        }

        /**
         * One Langevin step with the score in {@code score} and the noise in {@code z}.
         *
         * @throws SamplingException when a score norm the step size divides by is 0 (see the class comment)
         */
        private void langevin(Batch x, double alpha, int step, double time) {
            // this loop reads the score itself, outside the kernels: the score's check runs first
            context.fusedEvaluation().flush();
            int dim = x.dim();
            int rows = x.size();
            double[] sc = score.data();
            double[] zs = z.data();
            double[] xs = x.data();
            double meanScore = 0;
            double meanNoise = 0;
            // its passes, for the traffic count: the norms read the score and the noise, the update reads x, the
            // score and the noise and writes x
            KernelTraffic.read(sc);
            KernelTraffic.read(zs);
            KernelTraffic.read(xs);
            KernelTraffic.read(sc);
            KernelTraffic.read(zs);
            KernelTraffic.write(xs);
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
                if (norm == LangevinNorm.PER_SAMPLE ? scoreNorms[r] == 0 : meanScore == 0) {
                    throw new SamplingException(SamplingException.Kind.NON_FINITE_STATE, NAME, step, time, r * dim,
                            (norm == LangevinNorm.PER_SAMPLE ? "the score of row " + r : "every row's score")
                                    + " is exactly 0, so the Langevin corrector's step size 2 a^2 (snr ||z|| / ||score||)^2 "
                                    + "is infinite (a stationary point of the model's density; a model that returns "
                                    + "all zeros has one everywhere)");
                }
                double ratio = norm == LangevinNorm.PER_SAMPLE ? snr * noiseNorms[r] / scoreNorms[r]
                        : snr * meanNoise / meanScore;
                double eps = 2 * alpha * ratio * ratio;
                double noiseScale = Math.sqrt(2 * eps);
                for (int j = r * dim; j < (r + 1) * dim; j++) {
                    xs[j] += eps * sc[j] + noiseScale * zs[j];
                }
            }
        }
    }
}
