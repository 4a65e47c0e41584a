package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.NumberRange;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SolverOptions;
import java.util.List;

/**
 * EDM's stochastic "churn" (Karras et al. 2022, arXiv:2206.00364, Algorithm 2, lines 4–6): before
 * step {@code i} of {@code N}, raise the noise level {@code rho_i} to
 * <pre>
 *   rho^ = rho_i (1 + gamma_i),  gamma_i = min(S_churn/N, sqrt(2) - 1) if S_tmin &lt;= rho_i &lt;= S_tmax, else 0,
 *   x~^  = x~_i + sqrt(rho^2 - rho_i^2) S_noise z,   z ~ N(0, I),
 * </pre>
 * in the scaled coordinates {@code x~ = x/alpha}, {@code rho = sigma/alpha}; the ODE step then starts
 * from {@code (x~^, rho^)}. With {@code S_churn = 0} (the default) nothing happens and the solver is
 * the deterministic ODE sampler. Defaults as in k-diffusion ({@code S_churn = 0, S_tmin = 0,
 * S_tmax = inf, S_noise = 1}).
 *
 * <p>The one implementation of churn, used by Euler, Heun and DPM-2 (k-diffusion keeps a copy in each
 * of {@code sample_euler}, {@code sample_heun} and {@code sample_dpm_2}). Immutable and thread-safe.
 *
 * @param sChurn total churn {@code S_churn >= 0}, spread over the steps
 * @param sTmin smallest {@code rho} at which churn is applied, {@code >= 0}
 * @param sTmax largest {@code rho} at which churn is applied, {@code >= sTmin} (may be infinite)
 * @param sNoise scale of the added noise, {@code >= 0} (EDM uses slightly more than 1)
 */
public record Churn(double sChurn, double sTmin, double sTmax, double sNoise) {

    /** No churn: the deterministic ODE sampler. */
    public static final Churn NONE = new Churn(0, 0, Double.POSITIVE_INFINITY, 1);

    /** Largest {@code gamma} EDM allows (keeps the added variance at most that of the current level). */
    public static final double GAMMA_MAX = Math.sqrt(2) - 1;

    /** Validates. */
    public Churn {
        Checks.requireNonNegative(sChurn, "sChurn");
        Checks.requireNonNegative(sTmin, "sTmin");
        Checks.requireInRange(sTmax, sTmin, Double.POSITIVE_INFINITY, "sTmax");
        Checks.requireNonNegative(sNoise, "sNoise");
    }

    /**
     * Checks that a sampler adds at most one kind of noise (EDM's churn or k-diffusion's ancestral split).
     *
     * @param churn the churn
     * @param ancestral the ancestral split
     * @throws IllegalArgumentException if either is null or both are active
     */
    public static void requireAlone(Churn churn, Ancestral ancestral) {
        Checks.requireNonNull(churn, "churn");
        Checks.requireNonNull(ancestral, "ancestral");
        if (churn.active() && ancestral.active()) {
            throw new IllegalArgumentException("churn and ancestral noise must not be combined");
        }
    }

    /** @return whether churn can ever be applied ({@code S_churn > 0}); a solver is then stochastic */
    public boolean active() {
        return sChurn > 0;
    }

    /**
     * @param rho noise level {@code rho_i} at the start of the step
     * @param steps number of steps {@code N} of the grid (including a final step to zero noise)
     * @return {@code gamma_i}
     */
    public double gamma(double rho, int steps) {
        if (!(sChurn > 0) || !(rho >= sTmin && rho <= sTmax)) {
            return 0.0;
        }
        return Math.min(sChurn / steps, GAMMA_MAX);
    }

    /**
     * The standard deviation of the noise added to {@code x~}: {@code S_noise sqrt(rhoHat^2 - rho^2)}.
     *
     * @param rho noise level before churn
     * @param rhoHat raised noise level
     * @return the noise scale in {@code x~} coordinates
     */
    public double noiseScale(double rho, double rhoHat) {
        return sNoise * Math.sqrt(rhoHat * rhoHat - rho * rho);
    }

    /** EDM churn {@code S_churn}. */
    public static final Option<Double> S_CHURN = Option.ofDouble("s-churn", 0.0, NumberRange.NON_NEGATIVE,
            "EDM churn S_churn (0 = deterministic ODE sampler)");
    /** Smallest noise level that gets churn. */
    public static final Option<Double> S_TMIN = Option.ofDouble("s-tmin", 0.0, NumberRange.NON_NEGATIVE,
            "smallest rho = sigma/alpha that gets churn");
    /** Largest noise level that gets churn. */
    public static final Option<Double> S_TMAX = Option.ofDouble("s-tmax", Double.POSITIVE_INFINITY,
            new NumberRange(0, false, Double.POSITIVE_INFINITY, false),
            "largest rho = sigma/alpha that gets churn (at least s-tmin)");
    /** Scale of the churn noise. */
    public static final Option<Double> S_NOISE = Option.ofDouble("s-noise", 1.0, NumberRange.NON_NEGATIVE,
            "scale S_noise of the churn noise");

    /** @return the registry options {@code s-churn, s-tmin, s-tmax, s-noise} */
    public static List<Option<?>> options() {
        return List.of(S_CHURN, S_TMIN, S_TMAX, S_NOISE);
    }

    /**
     * Reads the options listed by {@link #options()}.
     *
     * @param options option values
     * @return the churn
     * @throws InvalidInputException when s-tmax is below s-tmin
     */
    public static Churn fromOptions(SolverOptions options) {
        double tmin = options.get(S_TMIN);
        double tmax = options.get(S_TMAX);
        if (!(tmax >= tmin)) {
            throw new InvalidInputException("options." + S_TMAX.name(), tmax, "in [s-tmin=" + tmin + ", inf]");
        }
        return new Churn(options.get(S_CHURN), tmin, tmax, options.get(S_NOISE));
    }
}
