package io.samplerkit.solvers.ode;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.EdmScheme;
import io.samplerkit.solvers.internal.EdmSolver;

/**
 * EDM's Heun sampler (Karras et al. 2022, arXiv:2206.00364, Algorithm 2; k-diffusion
 * {@code sample_heun}; diffusers {@code HeunDiscreteScheduler}): after optional churn
 * ({@link Churn}), with {@code d(x~, rho) = (x~ - x0hat)/rho} in EDM coordinates
 * {@code x~ = x/alpha}, {@code rho = sigma/alpha},
 * <pre>
 *   d  = d(x~^, rho^),   x' = x~^ + (rho_{i+1} - rho^) d,
 *   x~_{i+1} = x~^ + (rho_{i+1} - rho^) (d + d(x', rho_{i+1}))/2        if rho_{i+1} &gt; 0,
 *   x~_{i+1} = x'                                                        if rho_{i+1} = 0 (Euler).
 * </pre>
 * Order 2 ({@link ButcherTableau#HEUN}); two model calls per step, one on the step into zero noise,
 * so {@code NFE = 2N - 1} on a grid ending at {@code sigma = 0}. Deterministic unless
 * {@code S_churn > 0}. Immutable and thread-safe.
 *
 * @param churn EDM churn ({@link Churn#NONE} for the deterministic sampler)
 */
public record Heun(Churn churn) implements EdmSolver {

    /** Registry name. */
    public static final String NAME = "heun";

    /** Validates. */
    public Heun {
        Checks.requireNonNull(churn, "churn");
    }

    /** The deterministic Heun sampler. */
    public Heun() {
        this(Churn.NONE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EdmScheme scheme() {
        return EdmScheme.HEUN;
    }
}
