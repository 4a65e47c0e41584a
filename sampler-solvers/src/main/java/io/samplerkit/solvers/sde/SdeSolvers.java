package io.samplerkit.solvers.sde;

import io.samplerkit.solvers.OptionSpec;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.ode.Dpm2;
import io.samplerkit.solvers.ode.DpmPlusPlus2sAncestral;
import io.samplerkit.solvers.ode.Euler;
import io.samplerkit.solvers.support.Ancestral;
import io.samplerkit.solvers.support.Churn;
import java.util.List;

/**
 * Registers the {@code sde} family: Euler–Maruyama on the reverse-SDE family, DDPM, Song et al.'s
 * predictor–corrector sampler, the adaptive solver of Jolicoeur-Martineau et al. and k-diffusion's ancestral
 * samplers. Names and options are
 * listed in docs/solvers/sde.md.
 */
public final class SdeSolvers {

    private static final String FAMILY = "sde";

    private SdeSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(EulerMaruyama.NAME, FAMILY,
                "Euler-Maruyama on dx = [f x - (1+eta^2)/2 g^2 score] dt + eta g dw (weak order 1; strong 1 on this additive noise)",
                List.of(OptionSpec.ofDouble("eta", 1.0, "[0, inf)", "noise scale; 1 = Anderson's reverse SDE, 0 = PF-ODE")),
                options -> new EulerMaruyama(options.getDouble("eta", 1.0, 0.0, Double.MAX_VALUE))));
        registry.add(new SolverEntry(Ddpm.NAME, FAMILY,
                "DDPM ancestral sampling as diffusers DDPMScheduler (clip_sample=False), weak order 1",
                List.of(OptionSpec.ofEnum("variance", DdpmVariance.FIXED_SMALL,
                        "fixed-small = posterior variance, fixed-large = beta_t")),
                options -> new Ddpm(options.getEnum("variance", DdpmVariance.FIXED_SMALL))));
        registry.add(new SolverEntry(PredictorCorrector.NAME, FAMILY,
                "Song et al. predictor-corrector: reverse-diffusion/ancestral/EM predictor + Langevin corrector",
                List.of(OptionSpec.ofEnum("predictor", PcPredictor.REVERSE_DIFFUSION, "the predictor"),
                        OptionSpec.ofBoolean("corrector", true, "run the Langevin corrector"),
                        OptionSpec.ofDouble("snr", 0.16, "(0, inf)", "target signal-to-noise ratio of the corrector"),
                        OptionSpec.ofInt("n-steps", 1, "[1, 1000]", "corrector steps per grid point"),
                        OptionSpec.ofEnum("norm", LangevinNorm.BATCH_MEAN,
                                "batch-mean as score_sde (batch-dependent), or per-sample (unstable in low dimension)"),
                        OptionSpec.ofBoolean("final-denoise", true, "return the last predictor step's mean")),
                options -> new PredictorCorrector(options.getEnum("predictor", PcPredictor.REVERSE_DIFFUSION),
                        options.getBoolean("corrector", true), options.getDouble("snr", 0.16, Double.MIN_VALUE,
                                Double.MAX_VALUE), options.getInt("n-steps", 1, 1, 1000),
                        options.getEnum("norm", LangevinNorm.BATCH_MEAN), options.getBoolean("final-denoise", true))));
        registry.add(new SolverEntry(GottaGoFast.NAME, FAMILY,
                "adaptive SDE solver of Jolicoeur-Martineau et al. 2021: EM/improved-Euler pair, extrapolated; 2 calls/attempt",
                List.of(OptionSpec.ofDouble("rtol", 0.01, "(0, inf)", "relative tolerance (on the current and previous state)"),
                        OptionSpec.ofDouble("atol", 0.0078, "(0, inf)", "absolute tolerance"),
                        OptionSpec.ofDouble("safety", 0.9, "(0, 1]", "step safety factor"),
                        OptionSpec.ofDouble("exponent", 0.9, "(0, inf)", "exponent of the step update"),
                        OptionSpec.ofDouble("initial-step", 0.01, "(0, 1]", "first step as a fraction of the span"),
                        OptionSpec.ofInt("max-evaluations", 100_000, "[2, 2147483647]", "model-call budget")),
                options -> new GottaGoFast(options.getDouble("rtol", 0.01, Double.MIN_VALUE, Double.MAX_VALUE),
                        options.getDouble("atol", 0.0078, Double.MIN_VALUE, Double.MAX_VALUE),
                        options.getDouble("safety", 0.9, Double.MIN_VALUE, 1.0),
                        options.getDouble("exponent", 0.9, Double.MIN_VALUE, Double.MAX_VALUE),
                        options.getDouble("initial-step", 0.01, Double.MIN_VALUE, 1.0),
                        options.getInt("max-evaluations", 100_000, 2, Integer.MAX_VALUE))));
        registry.add(new SolverEntry(Euler.ANCESTRAL_NAME, FAMILY,
                "k-diffusion sample_euler_ancestral: Euler to sigma_down plus sigma_up noise (EDM coordinates)",
                Ancestral.options(), options -> new Euler(Churn.NONE, Ancestral.fromOptions(options))));
        registry.add(new SolverEntry(Dpm2.ANCESTRAL_NAME, FAMILY,
                "k-diffusion sample_dpm_2_ancestral: DPM-2 to sigma_down plus sigma_up noise; 2 calls/step",
                Ancestral.options(), options -> new Dpm2(Churn.NONE, Ancestral.fromOptions(options))));
        registry.add(new SolverEntry(DpmPlusPlus2sAncestral.NAME, FAMILY,
                "k-diffusion sample_dpmpp_2s_ancestral: DPM-Solver++(2S) to sigma_down plus noise; 2 calls/step",
                Ancestral.options(), options -> new DpmPlusPlus2sAncestral(Ancestral.fromOptions(options))));
    }
}
