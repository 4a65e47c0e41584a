package io.samplerkit.solvers.ode;

import io.samplerkit.solvers.internal.Ancestral;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.EdmScheme;
import io.samplerkit.solvers.internal.EdmSolver;

/**
 * k-diffusion's DPM-2 ({@code sample_dpm_2}): a midpoint method in EDM coordinates whose midpoint is
 * geometric in {@code rho}, i.e. the midpoint in {@code lambda = -log rho}, as in DPM-Solver-2
 * (Lu et al. 2022, arXiv:2206.00927, Algorithm 1 with {@code r1 = 1/2}), combined with EDM's churn
 * (Karras et al. 2022, arXiv:2206.00364, Algorithm 2). With {@code d(x~, rho) = (x~ - x0hat)/rho},
 * {@code x~ = x/alpha}, {@code rho = sigma/alpha}:
 * <pre>
 *   rho_mid = exp(log rho_{i+1} - (log rho_{i+1} - log rho^)/2),
 *   x2 = x~^ + (rho_mid - rho^) d(x~^, rho^),
 *   x~_{i+1} = x~^ + (rho_{i+1} - rho^) d(x2, rho_mid),
 * </pre>
 * ({@code rho_mid} evaluated as torch's {@code lerp} at weight 1/2 does) and an Euler step into
 * zero noise. Order 2; two model calls per step (one into zero noise); deterministic unless
 * {@code S_churn > 0}. Immutable and thread-safe.
 *
 * @param churn EDM churn ({@link Churn#NONE} for the deterministic sampler)
 * @param ancestral k-diffusion's ancestral split ({@link Ancestral#NONE} for none; the registry's
 *     {@code dpm-2-ancestral}); weak order 2 measured on Gaussian data (docs/solvers/sde.md)
 */
public record Dpm2(Churn churn, Ancestral ancestral) implements EdmSolver {

    /** Registry name. */
    public static final String NAME = "dpm-2";
    /** Registry name of the ancestral sampler. */
    public static final String ANCESTRAL_NAME = "dpm-2-ancestral";

    /** Validates. */
    public Dpm2 {
        Churn.requireAlone(churn, ancestral);
    }

    /**
     * @param churn EDM churn
     */
    public Dpm2(Churn churn) {
        this(churn, Ancestral.NONE);
    }

    /** The deterministic DPM-2 sampler. */
    public Dpm2() {
        this(Churn.NONE);
    }

    @Override
    public String name() {
        return nameOf(NAME, ANCESTRAL_NAME);
    }

    @Override
    public EdmScheme scheme() {
        return EdmScheme.DPM_2;
    }
}
