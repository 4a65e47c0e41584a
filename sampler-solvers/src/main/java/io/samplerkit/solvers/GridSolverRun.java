package io.samplerkit.solvers;

import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.FusedEvaluation;
import java.util.function.Consumer;
import io.samplerkit.core.state.Batch;

/**
 * Template for runs that walk a fixed grid: step {@code i} maps point {@code i} to point {@code i+1}.
 * Subclasses implement {@link #advance(int, Batch)} only.
 */
public abstract class GridSolverRun implements SolverRun {

    /** The run's context. */
    protected final SolverContext context;
    /** The grid. */
    protected final Timesteps grid;
    private int index;
    private final Consumer<Batch> advanceStep = x -> advance(index, x);

    /**
     * @param context the run's context
     */
    protected GridSolverRun(SolverContext context) {
        this(context, context.problem().timesteps());
    }

    /**
     * A run on another grid than the problem's, with the same first and last points (e.g. a multistep start
     * that moves the warm-up points).
     *
     * @param context the run's context
     * @param grid the grid to walk
     */
    protected GridSolverRun(SolverContext context, Timesteps grid) {
        this.context = context;
        this.grid = grid;
    }

    @Override
    public final boolean done() {
        return index >= grid.steps();
    }

    @Override
    public final double time() {
        return grid.t(index);
    }

    @Override
    public final void step(Batch x) {
        if (fusesEvaluations()) {
            context.fusedEvaluation().around(advanceStep, x);
        } else {
            advance(index, x);
        }
        index++;
    }

    /**
     * Whether the model-output guard is fused into the kernels that consume the outputs ({@link FusedEvaluation}, opened
     * around every step). A run that reads a model output in a loop of its own, outside {@code core.kernel}, must
     * return {@code false}: its outputs are then scanned right after each call.
     *
     * @return {@code true} unless overridden
     */
    protected boolean fusesEvaluations() {
        return true;
    }

    /** @return index of the current grid point */
    protected final int index() {
        return index;
    }

    /**
     * Advances {@code x} from grid point {@code i} to {@code i + 1}.
     *
     * @param i step index, {@code 0 <= i < grid.steps()}
     * @param x state at point {@code i}; on return the state at {@code i + 1}. Modified.
     */
    protected abstract void advance(int i, Batch x);
}
