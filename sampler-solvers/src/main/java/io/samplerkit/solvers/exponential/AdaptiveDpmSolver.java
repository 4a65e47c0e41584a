package io.samplerkit.solvers.exponential;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.adaptive.AdaptiveOptions;
import io.samplerkit.solvers.adaptive.AdaptiveRun;
import io.samplerkit.solvers.adaptive.StepSizeController;
import io.samplerkit.solvers.internal.GridChecks;
import io.samplerkit.solvers.internal.ModelSide;

/**
 * Adaptive-step DPM-Solver-12 and DPM-Solver-23 (Lu et al. 2022, "DPM-Solver", arXiv:2206.00927,
 * Algorithm 4 and appendix C; the error test follows Jolicoeur-Martineau et al. 2021, arXiv:2105.14080).
 * Each attempt from {@code s} to {@code t = t(lambda_s + h)} computes an embedded pair of singlestep
 * updates that share their model values:
 * <pre>
 *   order 2:  x_low = DPM-Solver-1,                 x_high = DPM-Solver-2 (r1 = 1/2)       2 calls
 *   order 3:  x_low = DPM-Solver-2 with r1 = 1/3,   x_high = DPM-Solver-3 (r1 = 1/3, r2 = 2/3)   3 calls
 *   delta = max(atol, rtol max(|x_low|, |x_prev|))   (elementwise; x_prev = last accepted x_low, first x_T)
 * </pre>
 * and lets a {@link StepSizeController} judge the scaled difference {@code (x_high - x_low)/delta}:
 * {@link DpmSolverStepControl} (the official controller, per-sample RMS, max over the batch) or
 * {@link PidStepControl} (k-diffusion's {@code sample_dpm_adaptive}). An accepted attempt moves
 * {@code x <- x_high} (local extrapolation). The updates are those of {@link SinglestepUpdate}, on the
 * noise side (DPM-Solver, {@code algorithm_type="dpmsolver"}, and k-diffusion, whose eps form in
 * EDM coordinates is the same update for {@code alpha = 1}) or the data side (DPM-Solver++).
 *
 * <p>The solver uses only the problem's first and last time. Every attempt re-evaluates the model at
 * {@code s}, as both references do, so NFE = order x attempts. The loop is the shared {@link AdaptiveRun}: it performs attempts
 * until one is accepted; rejected attempts are counted by {@link SolverRun#rejectedSteps()} and reported to
 * {@link io.samplerkit.solvers.StepObserver#onRejected}. If the next
 * attempt would exceed {@code maxModelCalls} model calls the run fails with
 * {@link SamplingException.Kind#TOO_MANY_EVALUATIONS}; if the step in lambda stops being positive
 * (e.g. after a NaN error) with {@link SamplingException.Kind#STEP_SIZE_UNDERFLOW}. Deterministic;
 * global error controlled by the tolerances (the higher order is 2 or 3). Immutable and thread-safe.
 *
 * @param order order of the higher solution: 2 (DPM-Solver-12) or 3 (DPM-Solver-23)
 * @param side noise (DPM-Solver) or data (DPM-Solver++) prediction
 * @param type midpoint ({@code "dpmsolver"}) or taylor form of the singlestep updates
 * @param rtol relative tolerance, {@code > 0} (official 0.05)
 * @param atol absolute tolerance, {@code > 0} (official 0.0078)
 * @param initialStep first step in lambda, {@code > 0} (official 0.05)
 * @param control the step-size controller
 * @param maxModelCalls model-call budget, {@code >= 1} (an attempt that would exceed it stops the run)
 */
public record AdaptiveDpmSolver(int order, ModelSide side, UpdateType type, double rtol, double atol, double initialStep,
        StepSizeController control, int maxModelCalls) implements Solver {

    /** Registry name of the official controller on the noise side. */
    public static final String NOISE_NAME = "dpm-solver-adaptive";
    /** Registry name of the official controller on the data side (DPM-Solver++). */
    public static final String DATA_NAME = "dpmpp-adaptive";
    /** Registry name of k-diffusion's variant (PID controller, noise side, midpoint updates). */
    public static final String PID_NAME = "dpm-solver-adaptive-pid";
    /** Default model-call budget. */
    public static final int DEFAULT_MAX_MODEL_CALLS = AdaptiveOptions.DEFAULT_MAX_MODEL_CALLS;
    /** The official relative tolerance. */
    public static final double OFFICIAL_RTOL = 0.05;
    /** The official absolute tolerance. */
    public static final double OFFICIAL_ATOL = 0.0078;
    /** The official first step in lambda ({@code h_init}). */
    public static final double OFFICIAL_INITIAL_STEP = 0.05;

    /** Validates. */
    public AdaptiveDpmSolver {
        Checks.requireInRange(order, 2, 3, "order");
        Checks.requireNonNull(side, "side");
        Checks.requireNonNull(type, "type");
        Checks.requirePositive(rtol, "rtol");
        Checks.requirePositive(atol, "atol");
        Checks.requirePositive(initialStep, "initialStep");
        Checks.requireNonNull(control, "control");
        Checks.requirePositive(maxModelCalls, "maxModelCalls");
    }

    /**
     * The official solver with its defaults ({@code rtol = 0.05, atol = 0.0078, h_init = 0.05,
     * safety (theta) = 0.9, t_err = 1e-5}, midpoint updates).
     *
     * @param order 2 or 3
     * @param side noise or data prediction
     * @return the solver
     */
    public static AdaptiveDpmSolver official(int order, ModelSide side) {
        return new AdaptiveDpmSolver(order, side, UpdateType.MIDPOINT, OFFICIAL_RTOL, OFFICIAL_ATOL, OFFICIAL_INITIAL_STEP,
                DpmSolverStepControl.OFFICIAL, DEFAULT_MAX_MODEL_CALLS);
    }

    /**
     * k-diffusion's {@code sample_dpm_adaptive} with its defaults ({@code rtol = 0.05, atol = 0.0078,
     * h_init = 0.05}, P = 0, I = 1, D = 0, accept_safety = 0.81).
     *
     * @param order 2 or 3
     * @return the solver
     */
    public static AdaptiveDpmSolver kDiffusion(int order) {
        return new AdaptiveDpmSolver(order, ModelSide.NOISE, UpdateType.MIDPOINT, OFFICIAL_RTOL, OFFICIAL_ATOL, OFFICIAL_INITIAL_STEP,
                PidStepControl.K_DIFFUSION, DEFAULT_MAX_MODEL_CALLS);
    }

    /**
     * @param newRtol relative tolerance
     * @param newAtol absolute tolerance
     * @return a copy with other tolerances
     */
    public AdaptiveDpmSolver withTolerances(double newRtol, double newAtol) {
        return new AdaptiveDpmSolver(order, side, type, newRtol, newAtol, initialStep, control, maxModelCalls);
    }

    /**
     * @param budget model-call budget
     * @return a copy with another budget
     */
    public AdaptiveDpmSolver withMaxModelCalls(int budget) {
        return new AdaptiveDpmSolver(order, side, type, rtol, atol, initialStep, control, budget);
    }

    /** @return {@code true}: the steps are chosen by error control between the problem's end points */
    @Override
    public boolean adaptive() {
        return true;
    }

    @Override
    public String name() {
        if (control instanceof PidStepControl) {
            return PID_NAME;
        }
        return side == ModelSide.DATA ? DATA_NAME : NOISE_NAME;
    }

    @Override
    public void validate(SamplingProblem problem) {
        GridChecks.requireNoiseAtEnd(problem, name(), "its steps are chosen in lambda, infinite at zero noise");
        if (control instanceof DpmSolverStepControl c && !(c.tErr() < Math.abs(problem.tStart() - problem.tEnd()))) {
            throw new InvalidInputException("t-err", c.tErr(), Checks.format(
                    "< |tStart - tEnd| = %s (a final-time tolerance covering the whole span stops the run before "
                            + "its first step)", Math.abs(problem.tStart() - problem.tEnd())));
        }
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new Run(context);
    }

    /** The embedded DPM-Solver pair inside the shared adaptive loop; positions are {@code lambda}. */
    private final class Run extends AdaptiveRun {
        private final NoiseSchedule schedule;
        private final SinglestepUpdate update;
        private final double[] rowMeans;
        private Batch low;
        private Batch high;
        private Batch previous;

        Run(SolverContext context) {
            super(context, control, context.schedule().lambda(context.problem().tStart()),
                    context.schedule().lambda(context.problem().tEnd()), order, maxModelCalls);
            this.schedule = context.schedule();
            this.update = new SinglestepUpdate(context, side, order);
            this.rowMeans = new double[context.batchSize()];
            this.low = context.newBatch();
            this.high = context.newBatch();
            this.previous = context.newBatch();
        }

        @Override
        protected double begin(Batch x) {
            previous.copyFrom(x);
            return initialStep;
        }

        @Override
        protected int callsPerAttempt() {
            return order;
        }

        @Override
        protected double timeOf(double lambda) {
            return schedule.timeOfLambda(lambda);
        }

        @Override
        protected double positionOf(double time) {
            return schedule.lambda(time);
        }

        /** Computes {@code low} and {@code high} for the attempt {@code s -> t}; the error of the pair. */
        @Override
        protected double attempt(Batch x, double lambdaS, double timeS, double lambdaT, double timeT) {
            update.begin(schedule.alpha(timeS), schedule.sigma(timeS), lambdaS, schedule.alpha(timeT),
                    schedule.sigma(timeT), lambdaT);
            update.evaluateStart(x, timeS);
            if (order == 2) {
                update.finish(1, type, x, low);
                update.stage1(x, 0.5);
                update.finish(2, type, x, high);
            } else {
                update.stage1(x, 1.0 / 3);
                update.finish(2, type, x, low);
                update.stage2(x, 2.0 / 3);
                update.finish(3, type, x, high);
            }
            Kernels.scaledSquaredError(low, high, previous, atol, rtol, rowMeans);
            return control.norm(rowMeans, x.size());
        }

        @Override
        protected void commit(Batch x) {
            x.copyFrom(high);
            Batch spare = previous;
            previous = low;
            low = spare;
        }
    }
}
