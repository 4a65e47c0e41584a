package io.samplerkit.solvers.internal;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.SolverContext;

/**
 * The noise levels of one step of a grid run on the probability-flow ODE in EDM coordinates
 * <pre>
 *   dx~/drho = d(x~, rho) = (x~ - x0hat(alpha x~, t(rho))) / rho,   x~ = x/alpha,  rho = sigma/alpha,
 * </pre>
 * which is exact for every schedule (Karras et al. 2022, arXiv:2206.00364, eq. 4 with {@code s = alpha},
 * {@code sigma = rho}; docs/math.md). Written once for every EDM-coordinate run: it applies the optional
 * {@link Churn} (raising {@code rho_i} to {@code rho^}, noise stream = step index), splits an {@link Ancestral}
 * step into a deterministic step to {@code rho_down} and noise of scale {@code rho_up} (never both), and finds the
 * time and {@code alpha} of any noise level the scheme evaluates the model at: the exact grid values at
 * {@code rho^} and {@code rho_{i+1}} (a zero-noise end point keeps its {@code alpha}), elsewhere
 * {@code t = schedule.timeOfRho(rho)}. How the state moves is the subclass's:
 * {@link EdmStageRun} on {@code x} itself; LMS implements it on {@code x} with its slopes in a history.
 *
 * <p>A zero-length final step ({@link io.samplerkit.core.grid.Timesteps#ofRepeatedEnd}, diffusers' repeated
 * final sigma) needs no special case: the scheme steps from {@code rho} to the same {@code rho}, evaluating the
 * model as it does on any step, and adds zero times its slopes.
 *
 * <p>Not thread-safe; one per run. Every buffer is allocated by the constructor.
 */
public abstract class EdmRun extends GridSolverRun {

    private final Churn churn;
    private final Ancestral ancestral;
    private final NoiseSchedule schedule;
    private final Batch z;
    private double rhoHat;
    private double tHat;
    private double alphaHat;
    private double rhoNext;
    private double tNext;
    private double alphaNext;

    /**
     * Allocates the noise buffer when the run is stochastic.
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     * @param ancestral ancestral split of each step ({@link Ancestral#NONE} for none); not together with churn
     */
    protected EdmRun(SolverContext context, Churn churn, Ancestral ancestral) {
        this(context, churn, ancestral, context.problem().timesteps());
    }

    /**
     * Allocates the noise buffer when the run is stochastic; the run walks {@code grid} (same end points as the
     * problem's, e.g. the grid a multistep start makes of it).
     *
     * @param context the run's context
     * @param churn churn to apply before each step ({@link Churn#NONE} for none)
     * @param ancestral ancestral split of each step ({@link Ancestral#NONE} for none); not together with churn
     * @param grid the points the run walks
     */
    protected EdmRun(SolverContext context, Churn churn, Ancestral ancestral, Timesteps grid) {
        super(context, grid);
        Churn.requireAlone(churn, ancestral);
        this.churn = churn;
        this.ancestral = ancestral;
        this.schedule = context.schedule();
        z = churn.active() || ancestral.active() ? context.newBatch() : null;
    }

    /** @return {@code true}: a zero-length final step is a step from {@code rho} to itself (class comment) */
    @Override
    public final boolean supportsZeroLengthEnd() {
        return true;
    }

    @Override
    protected final void advance(int i, Batch x) {
        double rho = grid.rho(i);
        rhoHat = rho;
        tHat = grid.t(i);
        alphaHat = grid.alpha(i);
        double churnScale = 0.0;
        double gamma = churn.gamma(rho, grid.steps());
        if (gamma > 0) {
            rhoHat = rho * (1 + gamma);
            tHat = schedule.timeOfRho(rhoHat);
            alphaHat = schedule.alpha(tHat);
            context.stepNormal(i, grid.t(i), grid.t(i + 1), z);
            churnScale = churn.noiseScale(rho, rhoHat);
        }
        rhoNext = grid.rho(i + 1);
        tNext = grid.t(i + 1);
        alphaNext = grid.alpha(i + 1);
        double up = ancestral.active() ? ancestral.up(rhoHat, rhoNext) : 0.0;
        if (up > 0) {
            context.stepNormal(i, grid.t(i), grid.t(i + 1), z);
            step(i, x, churnScale, Math.sqrt((rhoNext - up) * (rhoNext + up)), ancestral.sNoise() * up);
        } else {
            step(i, x, churnScale, rhoNext, 0.0);
        }
    }

    /**
     * Advances the state over step {@code i}: in {@code x~}, first {@code x~ += churnScale z}, then the scheme
     * from {@code rho^} to {@code rhoTo}, then {@code x~ += upScale z}; the result is {@code alpha_{i+1} x~}.
     *
     * @param i step index
     * @param x state {@code x_i = alpha_i x~_i}; on return {@code x_{i+1}}. Modified.
     * @param churnScale standard deviation of the churn noise in {@code x~} ({@code 0}: no churn)
     * @param rhoTo end of the deterministic part: {@code rho_{i+1}}, or {@code rho_down} of an ancestral step (0 at
     *     a zero-noise end point or when the ancestral noise takes the whole variance)
     * @param upScale standard deviation of the ancestral noise in {@code x~} ({@code 0}: none)
     */
    protected abstract void step(int i, Batch x, double churnScale, double rhoTo, double upScale);

    /** @return the step's standard normal draw (valid when a scale handed to {@link #step} is positive) */
    protected final Batch normal() {
        return z;
    }

    /** @return {@code rho^}: the step's start after churn */
    protected final double rhoHat() {
        return rhoHat;
    }

    /** @return {@code alpha} at {@code rho^} */
    protected final double alphaHat() {
        return alphaHat;
    }

    /** @return {@code alpha_{i+1}} (the zero-noise value at a zero-noise end point) */
    protected final double alphaNext() {
        return alphaNext;
    }

    /**
     * @param rho a noise level of the current step
     * @return the schedule time at {@code rho} (the grid's own time at {@code rho^} and {@code rho_{i+1}})
     */
    protected final double time(double rho) {
        return rho == rhoHat ? tHat : rho == rhoNext ? tNext : schedule.timeOfRho(rho);
    }

    /**
     * @param rho a noise level of the current step
     * @return {@code alpha} at {@code rho} (the grid's own value at {@code rho^} and {@code rho_{i+1}})
     */
    protected final double alpha(double rho) {
        return rho == rhoHat ? alphaHat : rho == rhoNext ? alphaNext : schedule.alpha(schedule.timeOfRho(rho));
    }
}
