package io.samplerkit.solvers.ode;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;
import io.samplerkit.solvers.internal.ButcherTableau;
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
 */
public record Euler(Churn churn) implements ChurnSolver {

    /** Registry name. */
    public static final String NAME = "euler";

    /** Validates. */
    public Euler {
        Checks.requireNonNull(churn, "churn");
    }

    /** The deterministic Euler sampler. */
    public Euler() {
        this(Churn.NONE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public SolverRun start(SolverContext context) {
        return new EdmRungeKuttaRun(context, churn, ButcherTableau.EULER);
    }
}
