package io.samplerkit.solvers.internal;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.SolverContext;

/**
 * The scaled-state form of an {@link EdmRun}, kept as the tests' reference: it converts to {@code x~ = x/alpha} at the
 * start of each step, adds the churn noise, lets the subclass advance {@code x~} from {@code rho^} to
 * {@code rho_{i+1}} with slopes {@code d(x~, rho)} from {@link #derivative(double, BatchView, Batch)}, and converts
 * back with {@code alpha_{i+1}}: the textbook form the solvers on {@code x} ({@link EdmStageRun}, LMS) are compared
 * with.
 *
 * <p>Not thread-safe; one per run. Every buffer is allocated by the constructor.
 */
public abstract class EdmGridRun extends EdmRun {

    private final Batch tilde;
    private final Batch input;
    private final Batch denoised;

    /**
     * Allocates the buffers.
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     */
    protected EdmGridRun(SolverContext context, Churn churn) {
        this(context, churn, context.problem().timesteps());
    }

    /**
     * Allocates the buffers; the run walks {@code grid} (same end points as the problem's, e.g. the grid a
     * multistep start makes of it).
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     * @param grid the points the run walks
     */
    protected EdmGridRun(SolverContext context, Churn churn, Timesteps grid) {
        super(context, churn, Ancestral.NONE, grid);
        tilde = context.newBatch();
        input = context.newBatch();
        denoised = context.newBatch();
    }

    @Override
    protected final void step(int i, Batch x, double churnScale, double rhoTo, double upScale) {
        Kernels.scale(tilde, 1.0 / grid.alpha(i), x);
        if (churnScale > 0) {
            Kernels.lincomb2(tilde, 1.0, tilde, churnScale, normal());
        }
        stepTilde(i, rhoHat(), rhoTo, tilde);
        if (upScale > 0) {
            Kernels.lincomb2(tilde, 1.0, tilde, upScale, normal());
        }
        Kernels.scale(x, alphaNext(), tilde);
    }

    /**
     * Advances the scaled state over one step.
     *
     * @param i step index
     * @param rhoFrom noise level at the start ({@code rho^}, after churn)
     * @param rhoTo noise level at the end ({@code rho_{i+1}}; 0 at a zero-noise end point)
     * @param y {@code x~} at {@code rhoFrom}; on return {@code x~} at {@code rhoTo}. Modified.
     */
    protected abstract void stepTilde(int i, double rhoFrom, double rhoTo, Batch y);

    /**
     * {@code out = d(y, rho) = (y - x0hat(alpha y, t))/rho}; one model call.
     *
     * @param rho noise level, {@code > 0}
     * @param y scaled state {@code x~}. Not modified.
     * @param out destination. Modified; must not alias {@code y}.
     */
    protected final void derivative(double rho, BatchView y, Batch out) {
        Kernels.scale(input, alpha(rho), y);
        context.data(input, time(rho), denoised);
        Kernels.lincomb2(out, 1.0 / rho, y, -1.0 / rho, denoised);
    }
}
