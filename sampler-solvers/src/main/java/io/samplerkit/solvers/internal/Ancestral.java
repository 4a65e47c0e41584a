package io.samplerkit.solvers.internal;

import io.samplerkit.core.Checks;
import io.samplerkit.solvers.NumberRange;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SolverOptions;
import java.util.List;

/**
 * The ancestral step of k-diffusion's samplers ({@code get_ancestral_step}; Song et al. 2021, arXiv:2010.02502,
 * eq. 16 written in {@code rho = sigma/alpha}): a step from {@code rho_s} to {@code rho_t < rho_s} is split into a
 * deterministic step to {@code rho_down} and fresh noise of standard deviation {@code rho_up} in
 * {@code x~ = x/alpha} coordinates,
 * <pre>
 *   rho_up   = min(rho_t, eta sqrt(rho_t^2 (rho_s^2 - rho_t^2) / rho_s^2)),   rho_down = sqrt(rho_t^2 - rho_up^2),
 *   x~_t     = step(x~_s; rho_s -&gt; rho_down) + sNoise rho_up z.
 * </pre>
 * {@code eta = 1} draws the DDPM posterior's noise, {@code eta = 0} is the deterministic sampler. No noise is added
 * on a step into zero noise.
 *
 * @param eta ancestral noise scale, {@code >= 0}
 * @param sNoise multiplier of the added noise, {@code >= 0} (k-diffusion's {@code s_noise})
 */
public record Ancestral(double eta, double sNoise) {

    /** No ancestral noise: the deterministic step to {@code rho_t}. */
    public static final Ancestral NONE = new Ancestral(0.0, 1.0);

    /** Validates. */
    public Ancestral {
        Checks.requireNonNegative(eta, "eta");
        Checks.requireNonNegative(sNoise, "sNoise");
    }

    /** @return whether noise is added */
    public boolean active() {
        return eta > 0 && sNoise > 0;
    }

    /**
     * @param rhoFrom {@code rho_s > 0}
     * @param rhoTo {@code rho_t}, {@code 0 <= rho_t <= rho_s}
     * @return {@code rho_up}
     */
    public double up(double rhoFrom, double rhoTo) {
        if (!(rhoTo > 0)) {
            return 0.0;
        }
        double ratio = rhoTo / rhoFrom;
        return Math.min(rhoTo, eta * rhoTo * Math.sqrt(Math.max(0.0, 1 - ratio * ratio)));
    }

    /** Ancestral noise scale. */
    public static final Option<Double> ETA = Option.ofDouble("eta", 1.0, NumberRange.NON_NEGATIVE,
            "ancestral noise scale (1 = DDPM posterior noise)");
    /** Multiplier of the ancestral noise. */
    public static final Option<Double> S_NOISE = Option.ofDouble("s-noise", 1.0, NumberRange.NON_NEGATIVE,
            "multiplier of the ancestral noise");

    /** @return the options read by {@link #fromOptions} */
    public static List<Option<?>> options() {
        return List.of(ETA, S_NOISE);
    }

    /**
     * @param options option values (reads eta, s-noise)
     * @return the ancestral step
     */
    public static Ancestral fromOptions(SolverOptions options) {
        return new Ancestral(options.get(ETA), options.get(S_NOISE));
    }
}
