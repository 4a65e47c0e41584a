package io.samplerkit.solvers.ode;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.ButcherTableau;
import io.samplerkit.solvers.internal.Ancestral;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.ChurnSolver;
import io.samplerkit.solvers.internal.EdmRungeKuttaRun;

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
public record Euler(Churn churn, Ancestral ancestral) implements ChurnSolver {

    /** Registry name. */
    public static final String NAME = "euler";
    /** Registry name of the ancestral sampler. */
    public static final String ANCESTRAL_NAME = "euler-ancestral";

    /** Validates. */
    public Euler {
        Checks.requireNonNull(churn, "churn");
        Checks.requireNonNull(ancestral, "ancestral");
        if (churn.active() && ancestral.active()) {
            throw new IllegalArgumentException("churn and ancestral noise must not be combined");
        }
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
        return ancestral.equals(Ancestral.NONE) ? NAME : ANCESTRAL_NAME;
    }

    @Override
    public boolean stochastic() {
        return churn.active() || ancestral.active();
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new EdmRungeKuttaRun(context, churn, ancestral, ButcherTableau.EULER);
    }
}
