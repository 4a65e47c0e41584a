package io.samplerkit.solvers.internal;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;

/**
 * A corrector that runs on top of any multistep exponential predictor (DPM-Solver(++) multistep, DEIS,
 * UniP), the way UniC does in UniPC (Zhao et al. 2023, "UniPC", arXiv:2302.04867, Algorithm 1 and
 * eq. 8; docs/math.md §7), without extra model calls.
 *
 * <p><b>Protocol</b> ({@link MultistepExponentialRun} implements it). Step {@code i} goes from point
 * {@code s0 = t_{i-1}} to {@code t = t_i}:
 * <ol>
 * <li>the predictor of order {@code p} maps {@code x_{i-1}} to {@code x_pred};</li>
 * <li>unless {@code i} is the last step, the model is evaluated once at {@code (x_pred, t_i)} and the
 *     result {@code m_t} is pushed to the history: it is the value the next predictor step needs
 *     anyway, so the corrector costs no model call and NFE stays equal to the number of steps;</li>
 * <li>{@link Run#correct} may then overwrite the state at point {@code i} with a corrected one,
 *     e.g. UniC-p {@code x^c_t = x_* - c_t B(h) (sum_{k<p} rho^c_k D_k + rho^c_p (m_t - m0))} with
 *     {@code x_*} the first-order base from {@code x_{i-1}}. The history keeps {@code m_t} (evaluated at
 *     the predicted point, never re-evaluated at the corrected one).</li>
 * </ol>
 * The corrector is skipped after the last step (there is no model value there).
 *
 * <p>What {@link Run#correct} receives: the order {@code p} the predictor used for this step (after
 * warm-up and lower-order-final rules), the state {@code x_{i-1}} at {@code s0}, and the history with
 * entry 0 = {@code m_t} at {@code t_i}, entry 1 = {@code m0} at {@code s0}, entry {@code k+1} =
 * {@code m_k} at {@code t_{i-1-k}}, each with its {@code t, alpha, sigma, lambda}. At least
 * {@code min(historyNeeded(p), i + 1)} entries are present. The side ({@link ModelSide}) tells whether
 * the outputs are data or noise predictions; it is fixed when the run starts.
 *
 * <p>Implementations are immutable configurations; per-run buffers live in the {@link Run}.
 */
public interface MultistepCorrector {

    /** @return short name for descriptions, e.g. {@code "unic"} */
    String name();

    /**
     * Model outputs the corrector reads after a predictor step of order {@code order} (UniC-p reads
     * {@code m_t} and {@code p} older outputs, so {@code p + 1}). The predictor sizes its history to
     * the larger of this and its own need.
     *
     * @param order predictor order
     * @return entries needed, including {@code m_t}
     */
    default int historyNeeded(int order) {
        return order + 1;
    }

    /**
     * Order added to the predictor's (UniC: 1), for documentation and order tests.
     *
     * @return the order gain
     */
    default int orderGain() {
        return 1;
    }

    /**
     * Whether the corrector reads the history's outputs only through the kernels of {@code core.kernel}. Then the
     * newest output's guard and conversion are fused into the first of them that reads it
     * ({@link io.samplerkit.core.kernel.FusedEvaluation}); otherwise they run before the corrector is called, so
     * that it sees the checked, converted values whatever it reads.
     *
     * @return {@code false} unless overridden
     */
    default boolean readsThroughKernels() {
        return false;
    }

    /**
     * Starts a run: allocates every buffer (via {@code context.newBatch()}), nothing per step.
     *
     * @param context the run's context
     * @param side whether the history holds data or noise predictions
     * @param maxOrder highest predictor order that will be used
     * @return per-run state
     */
    Run start(SolverContext context, ModelSide side, int maxOrder);

    /** Per-run state of a corrector; not thread-safe. */
    interface Run {

        /**
         * Corrects the state at point {@code i}.
         *
         * @param step index of the step just predicted, 0-based ({@code step = i - 1}: the step from point
         *     {@code i - 1} to point {@code i}); lets a corrector skip chosen steps (diffusers'
         *     {@code disable_corrector})
         * @param order predictor order {@code p} used for this step
         * @param previous state {@code x_{i-1}} at {@code s0}. Not modified unless it is {@code out}.
         * @param history outputs, entry 0 = {@code m_t} at the new point (the model output at the predicted
         *     state). Not modified.
         * @param out destination of the corrected state; may be {@code previous} (the update is element-wise),
         *     which saves the run a copy of the state. Modified only when this returns {@code true}.
         * @return whether the step was corrected ({@code false}: {@code out} untouched, the prediction stands)
         */
        boolean correct(int step, int order, BatchView previous, ModelHistory history, Batch out);

        /**
         * The correction {@link #correct} would make, as coefficients instead of a kernel call, so that the run can
         * fuse it with the next predictor step ({@link Kernels#lincombPair}):
         * {@code out = coefficients[0] previous + sum_{j < n} coefficients[j + 1] history.output(j)}.
         *
         * @param step as for {@link #correct}
         * @param order as for {@link #correct}
         * @param history as for {@link #correct}. Not modified.
         * @param coefficients destination, length at least {@code order + 2}. Modified.
         * @return the number {@code n} of history outputs used, or -1 when this step is not corrected or the corrector
         *     is not linear in its inputs (the default: the run calls {@link #correct})
         */
        default int coefficients(int step, int order, ModelHistory history, double[] coefficients) {
            return -1;
        }
    }
}
