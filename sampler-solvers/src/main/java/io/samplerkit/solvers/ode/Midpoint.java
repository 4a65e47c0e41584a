package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.internal.EdmScheme;
import io.samplerkit.solvers.internal.EdmSolver;

/**
 * The explicit midpoint rule ({@link ButcherTableau#MIDPOINT}; Hairer, Nørsett and Wanner, "Solving
 * Ordinary Differential Equations I", eq. II.1.3) on the probability-flow ODE in EDM coordinates
 * {@code dx~/drho = d(x~, rho) = (x~ - x0hat)/rho}, {@code x~ = x/alpha}, {@code rho = sigma/alpha}:
 * <pre>
 *   x~_{i+1} = x~_i + (rho_{i+1} - rho_i) d(x~_i + (rho_{i+1} - rho_i)/2 d(x~_i, rho_i), (rho_i + rho_{i+1})/2).
 * </pre>
 * The midpoint is arithmetic in {@code rho} (compare {@link Dpm2}, geometric). A step into zero
 * noise is an Euler step. Order 2; two model calls per step (one into zero noise); deterministic.
 * Immutable and thread-safe.
 */
public record Midpoint() implements EdmSolver {

    /** Registry name. */
    public static final String NAME = "midpoint";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EdmScheme scheme() {
        return EdmScheme.MIDPOINT;
    }
}
