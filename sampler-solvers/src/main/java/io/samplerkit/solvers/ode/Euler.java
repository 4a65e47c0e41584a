package io.samplerkit.solvers.ode;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.GridSolverRun;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverRun;

/**
 * Euler's method on the probability-flow ODE in EDM coordinates {@code dx~/drho = (x~ - x0hat)/rho}
 * with {@code x~ = x/alpha}, {@code rho = sigma/alpha} (Karras et al. 2022, arXiv:2206.00364,
 * Algorithm 2 without the correction; k-diffusion {@code sample_euler}):
 * <pre>
 *   x~_{i+1} = x~_i + (rho_{i+1} - rho_i) (x~_i - x0hat_i)/rho_i.
 * </pre>
 * Driven by any schedule through {@code alpha} and {@code rho}. Order 1; one model call per step;
 * deterministic. Immutable and thread-safe.
 */
public record Euler() implements Solver {

    /** Registry name. */
    public static final String NAME = "euler";

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
        return new Run(context);
    }

    private static final class Run extends GridSolverRun {
        private final Batch denoised;

        Run(SolverContext context) {
            super(context);
            denoised = context.newBatch();
        }

        @Override
        protected void advance(int i, Batch x) {
            context.data(x, grid.t(i), denoised);
            double alphaS = grid.alpha(i);
            double alphaT = grid.alpha(i + 1);
            double rhoS = grid.rho(i);
            double rhoT = grid.rho(i + 1);
            // x~_t = x~_s + (rhoT - rhoS) (x~_s - d)/rhoS, then x_t = alphaT x~_t
            double ratio = (rhoT - rhoS) / rhoS;
            Kernels.lincomb2(x, alphaT / alphaS * (1 + ratio), x, -alphaT * ratio, denoised);
        }
    }
}
