package io.samplerkit.solvers.sde;

import io.samplerkit.core.Checks;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.BlockSource;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
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
 * <p>The model is evaluated in its own parameterization and the score formed from the state and the output element by
 * element where it is used, never stored: a Langevin step is one sweep that checks the output, draws the noise and sums
 * the norms, and, once the norms of the whole batch are known, one sweep for the update; the predictor is one sweep
 * with its noise streamed (docs/performance.md, "pc-sampler"). The arithmetic is that of a stored score and the
 * kernels, element by element, so the bits are too.
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

    /** Elements the sweeps check, draw and combine at a time (a few arrays of this size stay in the cache). */
    private static final int BLOCK = 2048;

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

    /**
     * The predictor's coefficients from {@code t_i} to {@code t_{i+1}}: {@code x = A x + B score + C z} (class comment;
     * docs/solvers/sde.md).
     *
     * @param predictor the predictor
     * @param schedule the schedule (for Euler–Maruyama's drift)
     * @param g the grid
     * @param i step index
     * @param out receives {@code A, B, C}. Modified.
     */
    static void predictorCoefficients(PcPredictor predictor, NoiseSchedule schedule, Timesteps g, int i, double[] out) {
        double s = g.t(i);
        double t = g.t(i + 1);
        double a = g.alpha(i) / g.alpha(i + 1);
        double sigmaS = g.sigma(i);
        double sigmaT = g.sigma(i + 1);
        double q2 = (sigmaS - a * sigmaT) * (sigmaS + a * sigmaT);
        double q = Math.sqrt(Math.max(0.0, q2));
        switch (predictor) {
            case REVERSE_DIFFUSION:
                out[0] = 2 - a;
                out[1] = q2;
                out[2] = q;
                break;
            case ANCESTRAL:
                out[0] = 1 / a;
                out[1] = q2 / a;
                out[2] = sigmaT * q / sigmaS;
                break;
            default:
                double g2 = schedule.g2(s);
                out[0] = 1 + schedule.f(s) * (t - s);
                out[1] = g2 * (s - t);
                out[2] = Math.sqrt(g2 * (s - t));
                break;
        }
    }

    private final class Run extends GridSolverRun {
        private final NoiseSchedule schedule;
        private final DiffusionModel model;
        private final Prediction prediction;
        private final Batch output;
        private final Batch z;
        private final double[] scoreNorms;
        private final double[] noiseNorms;
        // the predictor's streamed noise, a block at a time
        private final double[] block = new double[BLOCK];
        // the predictor's A, B, C of the step
        private final double[] coefficients = new double[3];
        // the score at grid point i is scoreX[i] x + scoreOutput[i] output (the output itself for a score model),
        // the conversion's coefficients computed once per run, so that a step allocates nothing
        private final double[] scoreX;
        private final double[] scoreOutput;
        // the grid point of the last evaluation
        private int point;
        // with the run's kernels threaded at this size, the predictor's stored score (else null): see predict; the
        // corrector's noise is then drawn on the threads too
        private final Batch score;

        Run(SolverContext context) {
            super(context);
            schedule = context.schedule();
            model = context.countedModel();
            prediction = model.prediction();
            output = context.newBatch();
            z = context.newBatch();
            scoreNorms = new double[context.batchSize()];
            noiseNorms = new double[context.batchSize()];
            ParallelKernels threads = context.fusedEvaluation().kernelThreads();
            score = threads != null && context.batchSize() * context.dim() >= threads.threshold() ? context.newBatch()
                    : null;
            scoreX = new double[grid.steps()];
            scoreOutput = new double[grid.steps()];
            for (int i = 0; prediction != Prediction.SCORE && i < grid.steps(); i++) {
                NoiseLevel level = NoiseLevel.of(schedule, grid.t(i), prediction, Prediction.SCORE);
                scoreX[i] = PredictionConversion.xCoefficient(prediction, Prediction.SCORE, level);
                scoreOutput[i] = PredictionConversion.inputCoefficient(prediction, Prediction.SCORE, level);
            }
        }

        /**
         * Evaluates the model at {@code x} and grid point {@code i} into {@code output}, in its own parameterization; the
         * score is {@code scoreX[i] x + scoreOutput[i] output} ({@code PredictionConversion}'s exact conversion), formed
         * by the sweeps that read the output, so it is never stored.
         */
        private void evaluate(Batch x, int i) {
            model.evaluate(x, grid.t(i), output);
            point = i;
        }

        /**
         * Element {@code j} of the score {@code cx x + cout output} with the conversion's rounding, or the output itself
         * when nothing {@code converts} (the sweeps pass the coefficients of the last evaluation as locals, so that the
         * loops need not reload them after each store).
         */
        private static double score(boolean converts, double cx, double cout, double[] xs, double[] out, int j) {
            return converts ? cx * xs[j] + cout * out[j] : out[j];
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
                    evaluate(x, i);
                    langevin(x, a * a, i, s, base + 1 + k);
                }
            }
            predictorCoefficients(predictor, schedule, g, i, coefficients);
            boolean noisy = !(finalDenoise && i == g.steps() - 1);
            if (score == null) {
                evaluate(x, i);
                predict(x, coefficients[0], coefficients[1], noisy, coefficients[2], base, s, t);
                return;
            }
            // threaded kernels: the score converted in the kernel (one pass more) and the noise drawn in chunks
            context.evaluate(x, s, Prediction.SCORE, score);
            if (noisy) {
                context.fusedStepNormal(base, s, t, z);
                Kernels.lincomb3(x, coefficients[0], x, coefficients[1], score, coefficients[2], z);
            } else {
                Kernels.lincomb2(x, coefficients[0], x, coefficients[1], score);
            }
        }

        /**
         * The predictor's update {@code x = coefX x + coefScore score + std z} in one sweep on the calling thread (used
         * where the run's kernels are not threaded; else the kernels, which thread the draw, take a stored score): the
         * model-output guard block by block, the score formed from the state and the output element by element (never
         * stored), the noise streamed block by block when it is a fresh seeded draw ({@link SolverContext#stepNormals});
         * without {@code noisy} no noise is added (score_sde's final denoising step). The sums are those of
         * {@code Kernels.lincomb3} (and {@code lincomb2} without noise), term by term from the left, so the bits are the
         * kernels' on a stored score.
         */
        private void predict(Batch x, double coefX, double coefScore, boolean noisy, double std, long stream, double s,
                double t) {
            FusedEvaluation fused = context.fusedEvaluation();
            boolean check = fused.takeCheck(output);
            BlockSource normals = noisy ? context.stepNormals(stream, s, t, z) : null;
            double[] xs = x.data();
            double[] out = output.data();
            double[] zs = z.data();
            boolean converts = prediction != Prediction.SCORE;
            double cx = scoreX[point];
            double cout = scoreOutput[point];
            KernelTraffic.read(xs);
            KernelTraffic.read(out);
            if (noisy && normals == null) {
                KernelTraffic.read(zs);
            }
            KernelTraffic.write(xs);
            for (int from = 0, n = xs.length; from < n; from += BLOCK) {
                int to = Math.min(n, from + BLOCK);
                if (check) {
                    fused.checkBlock(true, from, to);
                }
                for (int j = from; j < to; j++) {
                    xs[j] = coefX * xs[j] + coefScore * score(converts, cx, cout, xs, out, j);
                }
                if (!noisy) {
                    continue;
                }
                double[] noise = zs;
                int offset = 0;
                if (normals != null) {
                    normals.next(block, 0, to - from);
                    noise = block;
                    offset = from;
                }
                for (int j = from; j < to; j++) {
                    xs[j] += std * noise[j - offset];
                }
            }
        }

        /**
         * One Langevin step from the model output in {@code output} (its score as {@link #evaluate} says) with
         * the fresh normals of {@code stream}, in two sweeps: the first checks the output (the model-output guard,
         * block by block), forms the score from the state and the output, draws the noise into {@code z} and sums
         * both norms; the step size needs the norms of the whole batch, so the update is a second sweep reading
         * {@code x}, the output and {@code z}. The score is formed the same way in both, element by element, so it is
         * never stored. Both run on the calling thread, rows in order, so the norms do not depend on threads.
         *
         * @throws SamplingException when the output is unsound, or a score norm the step size divides by is 0 (see the
         *     class comment)
         */
        private void langevin(Batch x, double alpha, int step, double time, long stream) {
            FusedEvaluation fused = context.fusedEvaluation();
            boolean check = fused.takeCheck(output);
            BlockSource normals = null;
            if (score == null) {
                normals = context.freshNormals(stream, z);
            } else {
                // threaded kernels: the draw into z in chunks on the threads, the sweep reads it back
                context.freshNormal(stream, z);
            }
            int dim = x.dim();
            int rows = x.size();
            double[] xs = x.data();
            double[] out = output.data();
            double[] zs = z.data();
            boolean converts = prediction != Prediction.SCORE;
            double cx = scoreX[point];
            double cout = scoreOutput[point];
            // the first sweep's passes: the output (and the state it converts with) read, the noise written (or, drawn
            // already, read)
            KernelTraffic.read(out);
            if (converts) {
                KernelTraffic.read(xs);
            }
            if (normals != null) {
                KernelTraffic.write(zs);
            } else {
                KernelTraffic.read(zs);
            }
            KernelTraffic.barrier();
            double meanScore = 0;
            double meanNoise = 0;
            for (int r = 0; r < rows; r++) {
                double ss = 0;
                double zz = 0;
                for (int from = r * dim, end = from + dim; from < end; from += BLOCK) {
                    int to = Math.min(end, from + BLOCK);
                    if (check) {
                        fused.checkBlock(false, from, to);
                    }
                    if (normals != null) {
                        normals.next(zs, from, to - from);
                    }
                    for (int j = from; j < to; j++) {
                        double sc = score(converts, cx, cout, xs, out, j);
                        ss += sc * sc;
                        zz += zs[j] * zs[j];
                    }
                }
                scoreNorms[r] = Math.sqrt(ss);
                noiseNorms[r] = Math.sqrt(zz);
                meanScore += scoreNorms[r] / rows;
                meanNoise += noiseNorms[r] / rows;
            }
            // the update's passes: read x, the output and the noise, write x
            KernelTraffic.read(xs);
            KernelTraffic.read(out);
            KernelTraffic.read(zs);
            KernelTraffic.write(xs);
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
                    xs[j] += eps * score(converts, cx, cout, xs, out, j) + noiseScale * zs[j];
                }
            }
        }
    }
}
