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
 * for the reference start).
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
    private final Batch predicted;
    private final boolean correctorReadsThroughKernels;

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
        this.history = new ModelHistory(capacity, context.batchSize(), context.dim());
    }

    /** @return {@code true}: a zero-length final step is the identity after the model call (class comment) */
    @Override
    public final boolean supportsZeroLengthEnd() {
        return true;
    }

    @Override
    protected final void advance(int i, Batch x) {
        Timesteps g = grid;
        if (i == 0 || corrector == null) {
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
        Batch prediction = x;
        if (!g.isZeroLength(i)) {
            prediction = predicted;
            predict(i, order, x, prediction);
        }
        pushModel(prediction, i + 1);
        if (!correctorReadsThroughKernels) {
            context.fusedEvaluation().flush();
        }
        if (!corrector.correct(i, order, x, history, x) && prediction != x) {
            Kernels.copy(x, prediction);
        }
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
