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
import io.samplerkit.solvers.support.GridChecks;
import io.samplerkit.solvers.support.ModelSide;

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
 * and lets an {@link AdaptiveStepControl} judge the scaled difference {@code (x_high - x_low)/delta}:
 * {@link DpmSolverStepControl} (the official controller, per-sample RMS, max over the batch) or
 * {@link PidStepControl} (k-diffusion's {@code sample_dpm_adaptive}). An accepted attempt moves
 * {@code x <- x_high} (local extrapolation). The updates are those of {@link SinglestepUpdate}, on the
 * noise side (DPM-Solver, {@code algorithm_type="dpmsolver"}, and k-diffusion, whose eps form in
 * EDM coordinates is the same update for {@code alpha = 1}) or the data side (DPM-Solver++).
 *
 * <p>The solver uses only the problem's first and last time. Every attempt re-evaluates the model at
 * {@code s}, as both references do, so NFE = order x attempts. {@link SolverRun#step} performs attempts
 * until one is accepted; rejected attempts are counted by {@link SolverRun#rejectedSteps()}. If the next
 * attempt would exceed {@code maxEvaluations} model calls the run fails with
 * {@link SamplingException.Kind#TOO_MANY_EVALUATIONS}; if the step in lambda stops being positive
 * (e.g. after a NaN error) with {@link SamplingException.Kind#STEP_SIZE_UNDERFLOW}. Deterministic;
 * global error controlled by the tolerances (the higher order is 2 or 3). Immutable and thread-safe.
 *
 * @param order order of the higher solution: 2 (DPM-Solver-12) or 3 (DPM-Solver-23)
 * @param side noise (DPM-Solver) or data (DPM-Solver++) prediction
 * @param type midpoint ({@code "dpmsolver"}) or taylor form of the singlestep updates
 * @param rtol relative tolerance, {@code > 0} (official 0.05)
 * @param atol absolute tolerance, {@code > 0} (official 0.0078)
 * @param hInit first step in lambda, {@code > 0} (official 0.05)
 * @param control the step-size controller
 * @param maxEvaluations model-call budget, at least {@code order}
 */
public record AdaptiveDpmSolver(int order, ModelSide side, UpdateType type, double rtol, double atol, double hInit,
        AdaptiveStepControl control, int maxEvaluations) implements Solver {

    /** Registry name of the official controller on the noise side. */
    public static final String NOISE_NAME = "dpm-solver-adaptive";
    /** Registry name of the official controller on the data side (DPM-Solver++). */
    public static final String DATA_NAME = "dpmpp-adaptive";
    /** Registry name of k-diffusion's variant (PID controller, noise side, midpoint updates). */
    public static final String PID_NAME = "dpm-solver-adaptive-pid";
    /** Default model-call budget. */
    public static final int DEFAULT_MAX_EVALUATIONS = 100_000;

    /** Validates. */
    public AdaptiveDpmSolver {
        Checks.requireInRange(order, 2, 3, "order");
        Checks.requireNonNull(side, "side");
        Checks.requireNonNull(type, "type");
        Checks.requirePositive(rtol, "rtol");
        Checks.requirePositive(atol, "atol");
        Checks.requirePositive(hInit, "hInit");
        Checks.requireNonNull(control, "control");
        Checks.requireInRange(maxEvaluations, order, Integer.MAX_VALUE, "maxEvaluations");
    }

    /**
     * The official solver with its defaults ({@code rtol = 0.05, atol = 0.0078, h_init = 0.05,
     * theta = 0.9, t_err = 1e-5}, midpoint updates).
     *
     * @param order 2 or 3
     * @param side noise or data prediction
     * @return the solver
     */
    public static AdaptiveDpmSolver official(int order, ModelSide side) {
        return new AdaptiveDpmSolver(order, side, UpdateType.MIDPOINT, 0.05, 0.0078, 0.05,
                DpmSolverStepControl.OFFICIAL, DEFAULT_MAX_EVALUATIONS);
    }

    /**
     * k-diffusion's {@code sample_dpm_adaptive} with its defaults ({@code rtol = 0.05, atol = 0.0078,
     * h_init = 0.05}, P = 0, I = 1, D = 0, accept_safety = 0.81).
     *
     * @param order 2 or 3
     * @return the solver
     */
    public static AdaptiveDpmSolver kDiffusion(int order) {
        return new AdaptiveDpmSolver(order, ModelSide.NOISE, UpdateType.MIDPOINT, 0.05, 0.0078, 0.05,
                PidStepControl.K_DIFFUSION, DEFAULT_MAX_EVALUATIONS);
    }

    /**
     * @param newRtol relative tolerance
     * @param newAtol absolute tolerance
     * @return a copy with other tolerances
     */
    public AdaptiveDpmSolver withTolerances(double newRtol, double newAtol) {
        return new AdaptiveDpmSolver(order, side, type, newRtol, newAtol, hInit, control, maxEvaluations);
    }

    /**
     * @param budget model-call budget
     * @return a copy with another budget
     */
    public AdaptiveDpmSolver withMaxEvaluations(int budget) {
        return new AdaptiveDpmSolver(order, side, type, rtol, atol, hInit, control, budget);
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

    private final class Run implements SolverRun {
        private final SolverContext context;
        private final NoiseSchedule schedule;
        private final SinglestepUpdate update;
        private final AdaptiveStepControl.Controller controller;
        private final double[] rowMeans;
        private Batch low;
        private Batch high;
        private Batch previous;
        private boolean previousIsStart = true;
        private double timeS;
        private double lambdaS;
        private int rejected;

        Run(SolverContext context) {
            this.context = context;
            this.schedule = context.schedule();
            SamplingProblem problem = context.problem();
            this.update = new SinglestepUpdate(context, side, order);
            this.controller = control.start(hInit, order, schedule, problem.tEnd());
            this.rowMeans = new double[context.batchSize()];
            this.low = context.newBatch();
            this.high = context.newBatch();
            this.previous = context.newBatch();
            this.timeS = problem.tStart();
            this.lambdaS = schedule.lambda(timeS);
        }

        @Override
        public boolean done() {
            return controller.finished(timeS, lambdaS);
        }

        @Override
        public double time() {
            return timeS;
        }

        @Override
        public int rejectedSteps() {
            return rejected;
        }

        @Override
        public void step(Batch x) {
            if (previousIsStart) {
                previous.copyFrom(x);
                previousIsStart = false;
            }
            while (true) {
                double lambdaT = controller.targetLambda(lambdaS);
                double timeT = controller.targetTime(lambdaT);
                if (!(lambdaT > lambdaS) || !(timeT < timeS)) {
                    throw new SamplingException(SamplingException.Kind.STEP_SIZE_UNDERFLOW, context.solverName(),
                            context.step(), timeS, -1, Checks.format(
                                    "step in lambda is %s at lambda=%s after %d rejected attempts", controller.h(),
                                    lambdaS, rejected));
                }
                if (context.modelCalls() + order > maxEvaluations) {
                    throw new SamplingException(SamplingException.Kind.TOO_MANY_EVALUATIONS, context.solverName(),
                            context.step(), timeS, -1, Checks.format(
                                    "the next attempt would exceed maxEvaluations=%d (%d rejected attempts so far)",
                                    maxEvaluations, rejected));
                }
                double lambdaNext = controller.acceptedLambda(lambdaT, timeT);
                attempt(x, timeT, lambdaNext);
                Kernels.scaledSquaredError(low, high, previous, atol, rtol, rowMeans);
                double error = control.error(rowMeans, x.size());
                if (!Double.isFinite(error)) {
                    // an infinite error comes from an overflowed attempt: stop, do not shrink the step to zero
                    SamplingException.requireSoundState(high, context.solverName(), context.step(), timeT);
                    SamplingException.requireSoundState(low, context.solverName(), context.step(), timeT);
                }
                boolean accept = controller.judge(error);
                if (accept) {
                    x.copyFrom(high);
                    Batch spare = previous;
                    previous = low;
                    low = spare;
                    timeS = timeT;
                    lambdaS = lambdaNext;
                    controller.adapt(lambdaS);
                    return;
                }
                rejected++;
                controller.adapt(lambdaS);
            }
        }

        /** Computes {@code low} and {@code high} for the attempt {@code s -> t}. */
        private void attempt(Batch x, double timeT, double lambdaT) {
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
        }
    }
}
