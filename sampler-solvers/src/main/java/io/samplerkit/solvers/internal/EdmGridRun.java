package io.samplerkit.solvers.internal;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SolverContext;

/**
 * Template for grid runs that integrate the probability-flow ODE in EDM coordinates
 * <pre>
 *   dx~/drho = d(x~, rho) = (x~ - x0hat(alpha x~, t(rho))) / rho,   x~ = x/alpha,  rho = sigma/alpha,
 * </pre>
 * which is exact for every schedule (Karras et al. 2022, arXiv:2206.00364, eq. 4 with
 * {@code s = alpha}, {@code sigma = rho}). The state handed to the run stays {@code x = alpha x~}; this
 * class converts to {@code x~} at the start of each step, applies the optional {@link Churn}, lets the
 * subclass advance {@code x~} from {@code rho^} to {@code rho_{i+1}}, and converts back with
 * {@code alpha_{i+1}} (at a zero-noise end point, {@code alpha = schedule.alphaAtZeroNoise()}).
 *
 * <p>The model is evaluated at {@code rho} through {@link #derivative(double, BatchView, Batch)}: at
 * {@code rho^} and {@code rho_{i+1}} it uses the exact grid time; anywhere else
 * {@code t = schedule.timeOfRho(rho)} (= {@code timeOfLambda(-log rho)}). Stochastic through churn or the
 * {@link Ancestral} split (never both; noise stream = step index).
 *
 * <p>A zero-length final step ({@link io.samplerkit.core.grid.Timesteps#ofRepeatedEnd}, diffusers'
 * repeated final sigma, e.g. {@code EulerDiscreteScheduler} with {@code final_sigmas_type="sigma_min"}
 * on {@code linspace} timesteps) needs no special case: the subclass steps from {@code rho} to the same
 * {@code rho}, evaluating the model as its scheme does (Euler: once, as diffusers does) and adding
 * {@code (rhoTo - rhoFrom) = 0} times its slopes, which leaves {@code x~} unchanged; with churn the
 * step starts from {@code rho^ > rho} and is an ordinary step.
 *
 * <p>Not thread-safe; one per run. Every buffer is allocated by the constructor.
 */
public abstract class EdmGridRun extends GridSolverRun {

    private final Churn churn;
    private final Ancestral ancestral;
    private final NoiseSchedule schedule;
    private final Batch tilde;
    private final Batch input;
    private final Batch denoised;
    private final Batch z;
    private final ExplicitRungeKutta.Derivative derivative = this::derivative;
    private final ExplicitRungeKutta euler;
    private double rhoHat;
    private double tHat;
    private double alphaHat;
    private double rhoNext;
    private double tNext;
    private double alphaNext;

    /**
     * Allocates the buffers.
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     */
    protected EdmGridRun(SolverContext context, Churn churn) {
        this(context, churn, Ancestral.NONE);
    }

    /**
     * Allocates the buffers.
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     * @param ancestral ancestral split of each step ({@link Ancestral#NONE} for none); not together with churn
     */
    protected EdmGridRun(SolverContext context, Churn churn, Ancestral ancestral) {
        this(context, churn, ancestral, context.problem().timesteps());
    }

    /**
     * Allocates the buffers; the run walks {@code grid} (same end points as the problem's, e.g. a multistep start's).
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     * @param ancestral ancestral split of each step ({@link Ancestral#NONE} for none); not together with churn
     * @param grid the points the run walks
     */
    protected EdmGridRun(SolverContext context, Churn churn, Ancestral ancestral, Timesteps grid) {
        super(context, grid);
        if (churn.active() && ancestral.active()) {
            throw new IllegalArgumentException("churn and ancestral noise must not be combined in one sampler");
        }
        this.churn = churn;
        this.ancestral = ancestral;
        this.schedule = context.schedule();
        tilde = context.newBatch();
        input = context.newBatch();
        denoised = context.newBatch();
        z = churn.active() || ancestral.active() ? context.newBatch() : null;
        euler = new ExplicitRungeKutta(ButcherTableau.EULER, tilde);
    }

    /** @return {@code true}: a zero-length final step is a step from {@code rho} to itself (class comment) */
    @Override
    public final boolean supportsZeroLengthEnd() {
        return true;
    }

    @Override
    protected final void advance(int i, Batch x) {
        double rho = grid.rho(i);
        Kernels.scale(tilde, 1.0 / grid.alpha(i), x);
        rhoHat = rho;
        tHat = grid.t(i);
        alphaHat = grid.alpha(i);
        double gamma = churn.gamma(rho, grid.steps());
        if (gamma > 0) {
            rhoHat = rho * (1 + gamma);
            tHat = schedule.timeOfRho(rhoHat);
            alphaHat = schedule.alpha(tHat);
            context.stepNormal(i, grid.t(i), grid.t(i + 1), z);
            Kernels.lincomb2(tilde, 1.0, tilde, churn.noiseScale(rho, rhoHat), z);
        }
        rhoNext = grid.rho(i + 1);
        tNext = grid.t(i + 1);
        alphaNext = grid.alpha(i + 1);
        double up = ancestral.active() ? ancestral.up(rhoHat, rhoNext) : 0.0;
        if (up > 0) {
            stepTilde(i, rhoHat, Math.sqrt((rhoNext - up) * (rhoNext + up)), tilde);
            context.stepNormal(i, grid.t(i), grid.t(i + 1), z);
            Kernels.lincomb2(tilde, 1.0, tilde, ancestral.sNoise() * up, z);
        } else {
            stepTilde(i, rhoHat, rhoNext, tilde);
        }
        Kernels.scale(x, alphaNext, tilde);
    }

    /**
     * Advances the scaled state over one step.
     *
     * @param i step index
     * @param rhoFrom noise level at the start ({@code rho^}, after churn)
     * @param rhoTo noise level at the end ({@code rho_{i+1}}, or {@code rho_down} of an ancestral step; 0 at a
     *     zero-noise end point or when the ancestral noise takes the whole variance)
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
        double t;
        double alpha;
        if (rho == rhoHat) {
            t = tHat;
            alpha = alphaHat;
        } else if (rho == rhoNext) {
            t = tNext;
            alpha = alphaNext;
        } else {
            t = schedule.timeOfRho(rho);
            alpha = schedule.alpha(t);
        }
        Kernels.scale(input, alpha, y);
        context.data(input, t, denoised);
        Kernels.lincomb2(out, 1.0 / rho, y, -1.0 / rho, denoised);
    }

    /** @return {@link #derivative(double, BatchView, Batch)} as the right-hand side of an RK engine */
    protected final ExplicitRungeKutta.Derivative derivative() {
        return derivative;
    }

    /**
     * One Euler step {@code y <- y + (rhoTo - rhoFrom) d(y, rhoFrom)}: what every EDM sampler does on
     * the step into the zero-noise point, where {@code d} is undefined (it lands on {@code x0hat}).
     *
     * @param rhoFrom start
     * @param rhoTo end
     * @param y state, advanced in place. Modified.
     */
    protected final void eulerStep(double rhoFrom, double rhoTo, Batch y) {
        euler.step(derivative, rhoFrom, rhoTo, y, y, false);
    }
}
