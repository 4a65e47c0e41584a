package io.samplerkit.solvers.internal;

import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SolverContext;

/**
 * A grid run that advances {@code x~} with one explicit Runge–Kutta tableau per step in the EDM
 * coordinates of {@link EdmGridRun} ({@code dx~/drho = (x~ - x0hat)/rho}), after optional churn. The
 * step into a zero-noise end point is always an Euler step ({@code d} is undefined at {@code rho = 0};
 * the Euler step lands on {@code x0hat}), as in k-diffusion and EDM.
 *
 * <p>Model calls: {@code s} per step ({@code s} = stages), 1 on a step into zero noise.
 * Not thread-safe; one per run.
 */
public final class EdmRungeKuttaRun extends EdmGridRun {

    private final ExplicitRungeKutta rk;

    /**
     * @param context the run's context
     * @param churn churn before each step
     * @param tableau the method
     */
    public EdmRungeKuttaRun(SolverContext context, Churn churn, ButcherTableau tableau) {
        this(context, churn, Ancestral.NONE, tableau);
    }

    /**
     * @param context the run's context
     * @param churn churn before each step
     * @param ancestral ancestral split of each step
     * @param tableau the method
     */
    public EdmRungeKuttaRun(SolverContext context, Churn churn, Ancestral ancestral, ButcherTableau tableau) {
        super(context, churn, ancestral);
        rk = new ExplicitRungeKutta(tableau, context.newBatch());
    }

    @Override
    protected void stepTilde(int i, double rhoFrom, double rhoTo, Batch y) {
        if (grid.isZeroNoise(i + 1) || rhoTo == 0) {
            eulerStep(rhoFrom, rhoTo, y);
        } else {
            rk.step(derivative(), rhoFrom, rhoTo, y, y, false);
        }
    }
}
