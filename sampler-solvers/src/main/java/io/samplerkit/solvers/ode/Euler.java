package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.internal.Ancestral;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.EdmScheme;
import io.samplerkit.solvers.internal.EdmSolver;

/**
 * Euler's method on the probability-flow ODE in EDM coordinates {@code dx~/drho = (x~ - x0hat)/rho}
 * with {@code x~ = x/alpha}, {@code rho = sigma/alpha} (Karras et al. 2022, arXiv:2206.00364,
 * Algorithm 2 without the second-order correction; k-diffusion {@code sample_euler}), with optional
 * EDM churn (see {@link Churn}):
 * <pre>
 *   x~_{i+1} = x~^ + (rho_{i+1} - rho^) (x~^ - x0hat(x~^, rho^))/rho^,
 * </pre>
 * where {@code (x~^, rho^) = (x~_i, rho_i)} without churn. Driven by any schedule through {@code alpha}
 * and {@code rho}. Order 1; one model call per step; deterministic unless {@code S_churn > 0}.
 * Immutable and thread-safe.
 *
 * @param churn EDM churn ({@link Churn#NONE} for the deterministic sampler)
 * @param ancestral k-diffusion's ancestral split ({@link Ancestral#NONE} for none; the registry's
 *     {@code euler-ancestral}); weak order 1 when active
 */
public record Euler(Churn churn, Ancestral ancestral) implements EdmSolver {

    /** Registry name. */
    public static final String NAME = "euler";
    /** Registry name of the ancestral sampler. */
    public static final String ANCESTRAL_NAME = "euler-ancestral";

    /** Validates. */
    public Euler {
        Churn.requireAlone(churn, ancestral);
    }

    /**
     * @param churn EDM churn
     */
    public Euler(Churn churn) {
        this(churn, Ancestral.NONE);
    }

    /** The deterministic Euler sampler. */
    public Euler() {
        this(Churn.NONE);
    }

    @Override
    public String name() {
        return nameOf(NAME, ANCESTRAL_NAME);
    }

    @Override
    public EdmScheme scheme() {
        return EdmScheme.EULER;
    }
}
