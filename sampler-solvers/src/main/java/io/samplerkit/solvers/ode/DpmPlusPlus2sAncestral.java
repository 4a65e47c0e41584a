package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.internal.Ancestral;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.EdmScheme;
import io.samplerkit.solvers.internal.EdmSolver;

/**
 * k-diffusion's {@code sample_dpmpp_2s_ancestral}: DPM-Solver++(2S) (Lu et al. 2022, arXiv:2211.01095,
 * Algorithm 1 with {@code r = 1/2}) from {@code rho_s} to {@code rho_down} in EDM coordinates, then the
 * {@link Ancestral} noise. With {@code h = log(rho_s/rho_down)}, {@code rho_m = sqrt(rho_s rho_down)} (the
 * log-SNR midpoint) and {@code D(y, rho) = x0hat(alpha y, t(rho))}:
 * <pre>
 *   u     = (rho_m/rho_s) x~ - expm1(-h/2) D(x~, rho_s)                 (= x~ + (rho_m - rho_s) d(x~, rho_s))
 *   x~'   = (rho_down/rho_s) x~ - expm1(-h) D(u, rho_m),
 * </pre>
 * an Euler step when {@code rho_down = 0}. {@code eta = 0} is DPM-Solver++(2S) on these midpoints. Order 2;
 * with noise weak order 2 (measured on the exact law: 1.975 on two schedules). Two model calls per step (one
 * into zero noise). Immutable and thread-safe.
 *
 * @param ancestral ancestral split (k-diffusion default {@code eta = 1}, {@code s_noise = 1})
 */
public record DpmPlusPlus2sAncestral(Ancestral ancestral) implements EdmSolver {

    /** Registry name. */
    public static final String NAME = "dpmpp-2s-ancestral";

    /** Validates. */
    public DpmPlusPlus2sAncestral {
        Churn.requireAlone(Churn.NONE, ancestral);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EdmScheme scheme() {
        return EdmScheme.DPMPP_2S;
    }
}
