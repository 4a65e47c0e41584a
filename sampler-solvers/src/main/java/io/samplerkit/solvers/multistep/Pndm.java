package io.samplerkit.solvers.multistep;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.exponential.Ddim;
import io.samplerkit.solvers.internal.AdamsBashforth;
import io.samplerkit.solvers.internal.ModelHistory;
import java.util.function.Consumer;

/**
 * Pseudo numerical methods (Liu, Ren, Lin and Zhao 2022, "Pseudo Numerical Methods for Diffusion Models
 * on Manifolds", arXiv:2202.09778): a classical multistep or Runge–Kutta combination {@code e'} of noise
 * predictions, moved along the data manifold by the DDIM "transfer" (eq. 11)
 * <pre>
 *   phi(x, s -> t, e) = (alpha_t/alpha_s) x + (sigma_t - alpha_t sigma_s/alpha_s) e
 * </pre>
 * ({@link Ddim#stepFromNoise}; Euler in {@code x~ = x/alpha} against {@code rho = sigma/alpha}). Step
 * {@code i} maps {@code t = t_i} to {@code t' = t_{i+1}}:
 * <pre>
 *   PLMS step (eq. 12):   e_i = epshat(x, t),  e' = AB_k(e_i, e_{i-1}, ...),  x' = phi(x, t -> t', e')
 *     AB_2 = (3 e_i - e_{i-1})/2,  AB_3 = (23 e_i - 16 e_{i-1} + 5 e_{i-2})/12,
 *     AB_4 = (55 e_i - 59 e_{i-1} + 37 e_{i-2} - 9 e_{i-3})/24
 *   pseudo RK step (eq. 13, F-PNDM warm-up), t_m = (t + t')/2:
 *     e1 = epshat(x, t),                      e2 = epshat(phi(x, t -> t_m, e1), t_m),
 *     e3 = epshat(phi(x, t -> t_m, e2), t_m),  e4 = epshat(phi(x, t -> t', e3), t'),
 *     x' = phi(x, t -> t', (e1 + 2 e2 + 2 e3 + e4)/6)          (only e1 joins the history)
 *   pseudo improved-Euler step (S-PNDM and PLMS warm-up):
 *     e1 = epshat(x, t),  e2 = epshat(phi(x, t -> t', e1), t'),  x' = phi(x, t -> t', (e1 + e2)/2)
 * </pre>
 * The midpoint {@code t_m} is the arithmetic mean of the two times, as in the official
 * {@code runner/method.py} (which does this on integer DDPM timesteps).
 *
 * <p>Order: the Adams–Bashforth weights assume equal steps in {@code rho}, where the PLMS steps are
 * fourth order (S-PNDM second order). Both warm-ups have local errors {@code O(h^3)} (the pseudo
 * improved-Euler step is Heun's method in {@code (x~, rho)}; the pseudo RK step puts its midpoint at the
 * mean time, not the mean {@code rho}), so F-PNDM and PLMS measure order 4 on uniform-rho steps with an
 * exact-history start or while the warm-up error is negligible, and 3 asymptotically otherwise. On
 * uniform-lambda or uniform-t grids the measured global order is about 2 (docs/math.md §12; numbers in
 * docs/solvers/multistep.md). {@link #order()} therefore reports 2, the order measured on general grids
 * (2.00 between 160 and 1280 uniform log-SNR steps), as {@code Ipndm} does for the same fixed weights. Model calls: N + 9 (F-PNDM, N ≥ 3), N + 1 (S-PNDM, PLMS). Deterministic.
 *
 * <p>With {@link DiffusersStepping} the solver reproduces diffusers' {@code PNDMScheduler}
 * ({@code F_PNDM} = {@code skip_prk_steps=False}, {@code PLMS} = {@code skip_prk_steps=True}): the
 * grid lists diffusers' model times and every PLMS transfer goes to {@code t - offset}. With
 * {@link PndmCombination#DIFFUSERS_RAW_VELOCITY} it combines velocities instead of noise predictions and
 * converts each combination with the transfer's start point, as diffusers does for
 * {@code prediction_type="v_prediction"}; the default {@link PndmCombination#NOISE} is the paper's method.
 *
 * <p>Immutable and thread-safe; per-run state lives in the run.
 *
 * @param method which warm-up and multistep order
 * @param diffusersStepping diffusers' stepping rule, or {@code null} to step from grid point to grid point
 * @param combination what the fixed weights combine (noise predictions, or diffusers' raw velocities)
 */
public record Pndm(PndmMethod method, DiffusersStepping diffusersStepping, PndmCombination combination)
        implements Solver {

    /** Validates. */
    public Pndm {
        Checks.requireNonNull(method, "method");
        Checks.requireNonNull(combination, "combination");
    }

    /**
     * The paper's combination of noise predictions.
     *
     * @param method variant
     * @param diffusersStepping diffusers' stepping rule, or {@code null} to step on the grid
     */
    public Pndm(PndmMethod method, DiffusersStepping diffusersStepping) {
        this(method, diffusersStepping, PndmCombination.NOISE);
    }

    /**
     * @param method variant
     * @return the solver stepping on the grid
     */
    public static Pndm of(PndmMethod method) {
        return new Pndm(method, null);
    }

    /** Order measured on grids whose steps are not uniform in {@code rho} (class comment). */
    private static final int GENERAL_GRID_ORDER = 2;

    @Override
    public String name() {
        return method.registryName();
    }

    @Override
    public int order() {
        return GENERAL_GRID_ORDER;
    }

    @Override
    public void validate(SamplingProblem problem) {
        Timesteps g = problem.timesteps();
        if (diffusersStepping != null) {
            if (g.endsAtZeroNoise()) {
                throw new IllegalArgumentException("timesteps must not end at zero noise with diffusersStepping: "
                        + "they list the model's evaluation times (set diffusersStepping.alphaToOne to end at clean data)");
            }
            if (diffusersStepping.alphaToOne() && problem.denoiseToZero()) {
                throw new IllegalArgumentException("denoiseToZero must be false with diffusersStepping.alphaToOne: "
                        + "the run already ends at clean data");
            }
            // the first step's correction (PLMS) or midpoints (PRK) read the model's time t_1 + offset at the most;
            // diffusers' leading spacing puts it exactly at tMax, up to the rounding of the times
            double room = problem.schedule().tMax() - g.t(1);
            if (!(diffusersStepping.offset() <= room + DiffusersStepping.ROUNDING * diffusersStepping.offset())) {
                throw new InvalidInputException("options." + MultistepSolvers.STEP_OFFSET.name(),
                        diffusersStepping.offset(), Checks.format("at most tMax - t_1 = %s (the first step is "
                                + "corrected from t_1 + offset, which must lie on the schedule)", room));
            }
            if (method == PndmMethod.F_PNDM && g.points() < method.rungeKuttaSteps() + 1) {
                throw new IllegalArgumentException(Checks.format(
                        "timesteps must have at least %d points for %s with diffusersStepping "
                                + "(its pseudo Runge-Kutta steps span the first %d intervals), got %d",
                        method.rungeKuttaSteps() + 1, name(), method.rungeKuttaSteps(), g.points()));
            }
        } else if (g.endsAtZeroNoise()) {
            int minSteps = Math.max(method.rungeKuttaSteps(), 1) + 1;
            if (g.steps() < minSteps) {
                throw new IllegalArgumentException(Checks.format(
                        "timesteps ending at zero noise need at least %d steps for %s (its warm-up evaluates "
                                + "the noise prediction at the end of its steps), got %d",
                        minSteps, name(), g.steps()));
            }
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    private final class Run implements SolverRun {
        private final SolverContext context;
        private final Timesteps grid;
        private final NoiseSchedule schedule;
        private final int steps;
        private final ModelHistory history;
        private final Batch combined;
        private final Batch stage;
        private final Batch e2;
        private final Batch e3;
        private final Batch e4;
        private int index;
        private double time;
        private final FusedEvaluation guard;
        private final Consumer<Batch> advance = this::advance;

        Run(SolverContext context) {
            this.guard = context.fusedEvaluation();
            this.context = context;
            this.grid = context.problem().timesteps();
            this.schedule = context.schedule();
            this.steps = diffusersStepping == null ? grid.steps() : grid.points();
            this.history = new ModelHistory(method.maxOrder(), context);
            this.combined = context.newBatch();
            this.stage = context.newBatch();
            this.e2 = context.newBatch();
            boolean rungeKutta = method.rungeKuttaSteps() > 0;
            this.e3 = rungeKutta ? context.newBatch() : null;
            this.e4 = rungeKutta ? context.newBatch() : null;
            this.time = grid.t(0);
        }

        @Override
        public boolean done() {
            return index >= steps;
        }

        @Override
        public double time() {
            return time;
        }

        @Override
        public void step(Batch x) {
            guard.around(advance, x);
        }

        /** One step, with the model-output checks fused into the kernels ({@link FusedEvaluation}). */
        private void advance(Batch x) {
            int i = index;
            double t = grid.t(i);
            evaluate(x, t, history.slot());
            history.push(t, grid.alpha(i), grid.sigma(i), grid.lambda(i));
            if (i < method.rungeKuttaSteps()) {
                rungeKuttaStep(i, t, x);
            } else if (i == 0 && method.rungeKuttaSteps() == 0) {
                improvedEulerStep(t, x);
            } else {
                int order = Math.min(history.size(), method.maxOrder());
                double target = diffusersStepping == null ? grid.t(i + 1) : offsetTarget(t);
                if (combination == PndmCombination.NOISE) {
                    // the transfer of the combination in one kernel: x and the noise predictions read once
                    double ratio = alpha(target) / alpha(t);
                    AdamsBashforth.transfer(x, ratio, x, sigma(target) - ratio * sigma(t), order, history);
                } else {
                    AdamsBashforth.combine(combined, order, history);
                    transfer(x, t, x, target, asNoise(combined, t, x, combined));
                }
                time = target;
            }
            index++;
        }

        /** Pseudo RK4 step from point i to point i + 1; the history already holds e1. */
        private void rungeKuttaStep(int i, double t, Batch x) {
            BatchView e1 = history.output(0);
            double next = grid.t(i + 1);
            double mid;
            double firstStage;
            if (diffusersStepping == null) {
                mid = 0.5 * (t + next);
                firstStage = mid;
            } else {
                mid = next + diffusersStepping.halfOffset();
                firstStage = t - diffusersStepping.halfOffset();
            }
            transfer(stage, t, x, firstStage, asNoise(combined, t, x, e1));
            evaluate(stage, mid, e2);
            transfer(stage, t, x, mid, asNoise(combined, t, x, e2));
            evaluate(stage, mid, e3);
            transfer(stage, t, x, next, asNoise(combined, t, x, e3));
            evaluate(stage, next, e4);
            Kernels.lincomb4(combined, 1.0 / 6.0, e1, 1.0 / 3.0, e2, 1.0 / 3.0, e3, 1.0 / 6.0, e4);
            transfer(x, t, x, next, asNoise(combined, t, x, combined));
            time = next;
        }

        /** Pseudo improved-Euler first step from point 0 to point 1; the history already holds e1. */
        private void improvedEulerStep(double t, Batch x) {
            BatchView e1 = history.output(0);
            double next = grid.t(1);
            double predicted = diffusersStepping == null ? next : offsetTarget(t);
            double correctedFrom = diffusersStepping == null ? t : next + diffusersStepping.offset();
            transfer(stage, t, x, predicted, asNoise(combined, t, x, e1));
            evaluate(stage, next, e2);
            Kernels.lincomb2(combined, 0.5, e1, 0.5, e2);
            transfer(x, correctedFrom, x, next, asNoise(combined, correctedFrom, x, combined));
            time = next;
        }

        /** diffusers' {@code prev_timestep = t - offset}, below the first time: final_alpha_cumprod. */
        private double offsetTarget(double t) {
            double target = t - diffusersStepping.offset();
            if (target >= schedule.tMin() - DiffusersStepping.ROUNDING * diffusersStepping.offset()) {
                return Math.max(target, schedule.tMin());
            }
            return diffusersStepping.alphaToOne() ? Double.NaN : schedule.tMin();
        }

        /** The model output the weights combine: noise prediction or velocity. */
        private void evaluate(BatchView x, double t, Batch out) {
            context.evaluate(x, t, combinedPrediction(), out);
        }

        /** The parameterization the weights combine. */
        private Prediction combinedPrediction() {
            return combination == PndmCombination.NOISE ? Prediction.NOISE : Prediction.VELOCITY;
        }

        /**
         * The noise prediction a weighted output stands for when the transfer starts at {@code (x, t)}:
         * the output itself, or its velocity converted with that start point into {@code out} (which may
         * alias {@code weighted}).
         */
        private BatchView asNoise(Batch out, double t, BatchView x, BatchView weighted) {
            if (combination == PndmCombination.NOISE) {
                return weighted;
            }
            PredictionConversion.convert(Prediction.VELOCITY, Prediction.NOISE, x, weighted,
                    NoiseLevel.of(alpha(t), sigma(t)), out);
            return out;
        }

        /** The transfer phi(x, from -> to, e); a NaN time is the zero-noise point. */
        private void transfer(Batch out, double from, BatchView x, double to, BatchView e) {
            Ddim.stepFromNoise(out, alpha(from), sigma(from), x, alpha(to), sigma(to), e);
        }

        private double alpha(double t) {
            return Double.isNaN(t) ? schedule.alphaAtZeroNoise() : schedule.alpha(t);
        }

        private double sigma(double t) {
            return Double.isNaN(t) ? 0.0 : schedule.sigma(t);
        }
    }
}
