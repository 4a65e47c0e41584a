package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.internal.EdmScheme;
import io.samplerkit.solvers.internal.EdmSolver;

/**
 * The classical fourth-order Runge–Kutta method ({@link ButcherTableau#RK4}; Kutta 1901) on the
 * probability-flow ODE in EDM coordinates {@code dx~/drho = (x~ - x0hat)/rho},
 * {@code x~ = x/alpha}, {@code rho = sigma/alpha}, with stages at {@code rho_i},
 * {@code (rho_i + rho_{i+1})/2} (twice) and {@code rho_{i+1}}. A step into zero noise is an Euler step.
 * Order 4 on grids where {@code x~} is smooth in {@code rho} (e.g. Karras grids stopping at
 * {@code sigma_min > 0}); four model calls per step (one into zero noise); deterministic.
 * Immutable and thread-safe.
 */
public record RungeKutta4() implements EdmSolver {

    /** Registry name. */
    public static final String NAME = "rk4";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EdmScheme scheme() {
        return EdmScheme.RK4;
    }
}
