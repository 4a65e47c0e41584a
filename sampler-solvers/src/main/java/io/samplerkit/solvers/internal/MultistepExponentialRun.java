package io.samplerkit.solvers.internal;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SolverContext;

/**
 * The loop every multistep exponential integrator shares (DPM-Solver(++) multistep, DEIS, UniPC):
 * <ol>
 * <li>step {@code k} (1-based) starts by evaluating the model at its start point {@code k-1} and pushing it
 *     to the history, picks its order with the {@link MultistepOrderRule} and calls {@link #predict}, which
 *     maps the state at point {@code k-1} to point {@code k} using the history (entry 0 = the output at point
 *     {@code k-1});</li>
 * <li>with a {@link MultistepCorrector}, the evaluation at the new point belongs to the step instead (the
 *     corrector needs it to replace the state, see its protocol): unless it is the last step, the model is
 *     evaluated at the new state and pushed, then the corrector may replace the state.</li>
 * </ol>
 * Evaluating at the start of the step, not at the end of the previous one, gives the same bits and NFE and
 * lets the sampling driver's state edits (inpainting) reach the model, as in diffusers' loop, where the
 * pipeline edits the latents before calling the network; a caller-driven run then has the diffusers shape of one
 * evaluation at the start of each step.
 * The run walks the grid its rule's {@link MultistepStart} makes of the requested one (the requested grid
 * for the reference start). With the {@link MultistepStart#SINGLESTEP singlestep} start the first {@code p}
 * steps are the stages of one singlestep DPM-Solver-{@code p} step from point 0 (see
 * {@link #singlestepStage}): each evaluates the model at its start point and pushes it, as every step does, but
 * computes the next point from the state at point 0; no corrector acts on them. A state edit at one of their
 * points ends the singlestep step there: the edited state is a point of the trajectory and the run goes on from it
 * with the reference warm-up, keeping the outputs in its history ({@link #stateEdited}).
 * No model call follows the last step, so NFE = number of steps (the official DPM-Solver, UniPC and
 * diffusers schedulers behave the same). All buffers are allocated by the constructor.
 *
 * <p><b>Zero-length final step</b> ({@link Timesteps#ofRepeatedEnd}, diffusers' repeated final sigma):
 * the model is evaluated at the last point once, as at every point, so NFE is still the number of steps; the step counts in the order rule (diffusers' {@code lower_order_final}
 * uses {@code len(timesteps)}, which includes it), and its update is the identity, the exact solution
 * over {@code h = 0}, for every method and order. diffusers' own arithmetic gives the same for DEIS and
 * for the first-order and midpoint second-order DPM-Solver(++) updates, but {@code 0/0 = NaN} for the
 * third-order DPM-Solver(++) update ({@code r0/(r0 + r1)} with {@code r0 = r1 = inf}), its {@code heun}
 * second-order form ({@code (e^{-h} - 1)/h}) and UniP of order 3 or more, i.e. without
 * {@code lower_order_final} (the {@code b} vector divides by {@code B(h) = 0}): reference bugs, never in a
 * case with an expected value. They occur exactly when diffusers' two lambdas are equal; its repeated
 * sigma is often equal only to round-off (Karras sigmas end at {@code sigma_min} to a few ulps), and
 * then its update is finite and the identity to round-off.
 *
 * <p>Not thread-safe; one run.
 */
public abstract class MultistepExponentialRun extends GridSolverRun {

    /** Data or noise side. */
    protected final ModelSide side;
    /** Past model outputs; entry 0 is the output at the current point. */
    protected final ModelHistory history;
    private final MultistepOrderRule rule;
    private final MultistepCorrector.Run corrector;
    // where the predictor writes; with the fused corrector it may trade storage with the history (correctAndPredict)
    private Batch predicted;
    private final boolean correctorReadsThroughKernels;
    private int singlestepSteps;
    private final Batch origin;
    // the corrector of step i fused with the predictor of step i + 1: the prediction of step `preparedStep` is
    // already in `predicted`, computed from the corrected state left in `preparedFrom`
    private final double[] correction = new double[5];
    private final double[] prediction = new double[5];
    private final double[] both = new double[5];
    private final double[] predictorWeights = new double[4];
    private final BatchView[] terms = new BatchView[5];
    private int preparedStep = -1;
    private Batch preparedFrom;

    /**
     * Allocates the history (and, with a corrector, the buffer the predictor writes).
     *
     * @param context the run's context
     * @param side data or noise side
     * @param rule order rule
     * @param corrector optional corrector, or null
     */
    protected MultistepExponentialRun(SolverContext context, ModelSide side, MultistepOrderRule rule,
            MultistepCorrector corrector) {
        super(context, rule.start().grid(context.problem().timesteps(), context.problem().schedule(), rule.order()));
        this.side = side;
        this.rule = rule;
        int capacity = rule.order();
        if (corrector != null) {
            capacity = Math.max(capacity, corrector.historyNeeded(rule.order()));
            this.corrector = corrector.start(context, side, rule.order());
            this.predicted = context.newBatch();
            this.correctorReadsThroughKernels = corrector.readsThroughKernels();
        } else {
            this.corrector = null;
            this.predicted = null;
            this.correctorReadsThroughKernels = true;
        }
        this.history = new ModelHistory(capacity, context);
        this.singlestepSteps = rule.start().singlestepSteps(context.problem().timesteps(), rule.order());
        this.origin = singlestepSteps > 0 ? context.newBatch() : null;
    }

    /** @return {@code true}: a zero-length final step is the identity after the model call (class comment) */
    @Override
    public final boolean supportsZeroLengthEnd() {
        return true;
    }

    /** A state edited inside the singlestep start ends the singlestep step at that point (class comment). */
    @Override
    public final void stateEdited(Batch x) {
        if (!context.stateEdits()) {
            throw new IllegalStateException(context.solverName() + ": this run's context declared no state edits "
                    + "(SolverContext.withoutStateEdits), so its state must not be edited between steps");
        }
        singlestepSteps = Math.min(singlestepSteps, index());
        preparedStep = -1;
    }

    @Override
    protected final void advance(int i, Batch x) {
        Timesteps g = grid;
        if (i < singlestepSteps) {
            if (i == 0) {
                Kernels.copy(origin, x);
            }
            pushModel(x, i);
            singlestepStage(i + 1, x);
            return;
        }
        if (i == 0 || corrector == null || i == singlestepSteps) {
            pushModel(x, i);
        }
        int steps = g.steps();
        int order = rule.orderOf(i + 1, steps, history.size(), g.isZeroNoise(i + 1));
        if (corrector == null || i + 1 >= steps) {
            if (!g.isZeroLength(i)) {
                predict(i, order, x, x);
            }
            return;
        }
        // The predictor writes its own buffer, so x still holds the previous state the corrector combines:
        // no copy of x (the corrector writes x in place, element by element).
        Batch state = x;
        if (!g.isZeroLength(i)) {
            state = predicted;
            if (preparedStep != i || preparedFrom != x) {
                // the prepared prediction went over the oldest output (correctAndPredict): it cannot be recomputed
                if (history.oldestGone()) {
                    throw new IllegalStateException(context.solverName() + ": step given another batch than the "
                            + "last one, but this run's context declared no state edits (SolverContext.withoutStateEdits)");
                }
                predict(i, order, x, state);
            }
        }
        preparedStep = -1;
        pushModel(state, i + 1);
        if (!correctorReadsThroughKernels) {
            context.fusedEvaluation().flush();
        }
        if (correctAndPredict(i, order, x)) {
            return;
        }
        if (!corrector.correct(i, order, x, history, x) && state != x) {
            Kernels.copy(x, state);
        }
    }

    /**
     * The corrector of step {@code i} fused with the predictor of step {@code i + 1}: when both are linear
     * combinations of the same inputs ({@link MultistepCorrector.Run#coefficients}, {@link #predictorCoefficients}),
     * the corrected state {@code x_c = sum_k a_k T_k} and the next prediction
     * {@code p_0 x_c + sum_j p_{j+1} m_j = sum_k (p_0 a_k + p_k) T_k} over {@code T = (x, m_0, m_1, ...)} are written by
     * one kernel ({@link Kernels#lincombPair}): {@code x} and the model outputs are read once for both updates. The
     * next step then starts from the prepared prediction unless the state was edited or replaced in between.
     *
     * @return whether the step was done this way
     */
    private boolean correctAndPredict(int i, int order, Batch x) {
        Timesteps g = grid;
        int next = i + 1;
        // the next step must be a corrected step of nonzero length
        if (!correctorReadsThroughKernels || next + 1 >= g.steps() || g.isZeroLength(next)) {
            return false;
        }
        int n = corrector.coefficients(i, order, history, correction);
        if (n < 0) {
            return false;
        }
        int nextOrder = rule.orderOf(next + 1, g.steps(), history.size(), g.isZeroNoise(next + 1));
        int m = predictorCoefficients(next, nextOrder, prediction);
        int count = Math.max(n, m) + 1;
        if (m < 0 || count > terms.length) {
            return false;
        }
        double p0 = prediction[0];
        terms[0] = x;
        both[0] = p0 * correction[0];
        for (int k = 1; k < count; k++) {
            terms[k] = history.output(k - 1);
            double viaCorrected = k <= n ? p0 * correction[k] : 0.0;
            both[k] = k <= m ? viaCorrected + prediction[k] : viaCorrected;
            if (k > n) {
                correction[k] = 0.0;
            }
        }
        // the oldest output is read here for the last time when the next push drops it: without edits to come (which
        // would need it to predict again), the prediction goes over it (where that is the faster kernel), and the two
        // batches trade places
        boolean overOldest = !context.stateEdits() && history.size() == history.capacity()
                && count - 1 == history.size() && Kernels.pairOverTermVectorized();
        Batch target = overOldest ? history.slot() : predicted;
        Kernels.lincombPair(x, correction, target, both, count, terms);
        if (overOldest) {
            predicted = history.exchangeSlot(predicted);
        }
        preparedStep = next;
        preparedFrom = x;
        return true;
    }

    /**
     * {@link #predict} for a predictor given by {@link #predictorCoefficients}:
     * {@code out = k[0] x + sum_{j < n} k[j + 1] history.output(j)}, with the kernel of {@code n + 1} terms.
     *
     * @param i step index
     * @param order order to use, at most {@code history.size()}
     * @param x the state. Not modified unless aliased with {@code out}.
     * @param out destination. Modified.
     */
    protected final void predictFromCoefficients(int i, int order, BatchView x, Batch out) {
        double[] k = predictorWeights;
        int n = predictorCoefficients(i, order, k);
        ModelHistory m = history;
        switch (n) {
            case 1 -> Kernels.lincomb2(out, k[0], x, k[1], m.output(0));
            case 2 -> Kernels.lincomb3(out, k[0], x, k[1], m.output(0), k[2], m.output(1));
            case 3 -> Kernels.lincomb4(out, k[0], x, k[1], m.output(0), k[2], m.output(1), k[3], m.output(2));
            default -> throw new IllegalStateException("a predictor given by coefficients combines 1 to 3 outputs, got " + n);
        }
    }

    /**
     * The predictor of step {@code i} as coefficients, for fusing it with the corrector of the step before
     * ({@link MultistepCorrector.Run#coefficients}): {@code out = c[0] x + sum_{j < n} c[j + 1] history.output(j)}, with
     * the history as {@link #predict} sees it.
     *
     * @param i step index
     * @param order order to use, at most {@code history.size()}
     * @param coefficients destination, length at least {@code order + 1}. Modified.
     * @return the number {@code n} of history outputs used, or -1 if the predictor does not provide them (the
     *     default: the steps are not fused)
     */
    protected int predictorCoefficients(int i, int order, double[] coefficients) {
        return -1;
    }

    /**
     * Stage {@code k} of the singlestep start: the state at point {@code k} from the state at point 0, with the
     * model output interpolated linearly in {@code lambda} between point 0 and point {@code k - 1} (constant
     * for {@code k = 1}) and the interpolant integrated exactly ({@link ModelSide}):
     * <pre>
     *   x_k = A x_0 + C [w_1(h) E_0 + w_2(h) (E_{k-1} - E_0)/r],  h = lambda_k - lambda_0,
     *   r = (lambda_{k-1} - lambda_0)/h.
     * </pre>
     * With the stage points at {@code lambda_0 + (k/p) h_p} this is DPM-Solver-2 ({@code p = 2}) and
     * DPM-Solver-3 ({@code p = 3}: stage 2 from stage 1, the final value from stage 2 only, which is third
     * order because {@code r = 2/3} makes the quadratic term's quadrature error vanish).
     *
     * @param k the point computed, 1 to {@code p}; history entry 0 is the output at {@code k - 1}, entry
     *     {@code k - 1} the output at point 0
     * @param x destination. Modified.
     */
    private void singlestepStage(int k, Batch x) {
        Timesteps g = grid;
        double h = g.lambda(k) - g.lambda(0);
        double a = side.ratio(g.alpha(0), g.sigma(0), g.alpha(k), g.sigma(k));
        double c = side.scale(g.alpha(k), g.sigma(k));
        double w1 = side.weight(1, h);
        if (k == 1) {
            Kernels.lincomb2(x, a, origin, c * w1, history.output(0));
            return;
        }
        double w2 = side.weight(2, h) * h / (g.lambda(k - 1) - g.lambda(0));
        Kernels.lincomb3(x, a, origin, c * (w1 - w2), history.output(k - 1), c * w2, history.output(0));
    }

    /**
     * Evaluates the model at grid point {@code j} into the history.
     *
     * @param x state at point {@code j}. Not modified.
     * @param j grid point
     */
    private void pushModel(Batch x, int j) {
        Timesteps g = grid;
        side.evaluate(context, x, g.t(j), history.slot());
        history.push(g.t(j), g.alpha(j), g.sigma(j), g.lambda(j));
    }

    /**
     * One predictor step from grid point {@code i} to {@code i + 1}.
     *
     * @param i step index (0-based), the start point
     * @param order order to use, at most {@code history.size()}
     * @param x state at point {@code i}. Not modified unless it is {@code out}.
     * @param out destination of the state at {@code i + 1}; may be {@code x} (element-wise update). Modified.
     */
    protected abstract void predict(int i, int order, BatchView x, Batch out);
}
