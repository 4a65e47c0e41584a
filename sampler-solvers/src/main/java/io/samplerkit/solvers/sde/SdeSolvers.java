package io.samplerkit.solvers.sde;

import io.samplerkit.solvers.Family;
import io.samplerkit.solvers.adaptive.AdaptiveOptions;
import io.samplerkit.solvers.exponential.ExponentialSolvers;
import io.samplerkit.solvers.NumberRange;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverFamily;
import io.samplerkit.solvers.internal.Ancestral;
import io.samplerkit.solvers.internal.Churn;
import io.samplerkit.solvers.internal.MultistepStart;
import io.samplerkit.solvers.ode.Dpm2;
import io.samplerkit.solvers.ode.DpmPlusPlus2sAncestral;
import io.samplerkit.solvers.ode.Euler;
import java.util.List;

/**
 * The {@code sde} family's registry entries: Euler–Maruyama on the reverse-SDE family, DDPM, Song et al.'s
 * predictor–corrector sampler, the adaptive solver of Jolicoeur-Martineau et al. and k-diffusion's ancestral
 * samplers. Found by {@link java.util.ServiceLoader} as a {@link SolverFamily}. Names and options are listed in
 * docs/solvers/sde.md.
 */
public final class SdeSolvers implements SolverFamily {

    /** Noise scale of Euler–Maruyama. */
    public static final Option<Double> ETA = Option.ofDouble("eta", 1.0, NumberRange.NON_NEGATIVE,
            "noise scale; 1 = Anderson's reverse SDE, 0 = PF-ODE");
    /** DDPM's variance. */
    public static final Option<DdpmVariance> VARIANCE = Option.ofEnum("variance", DdpmVariance.FIXED_SMALL,
            "fixed-small = posterior variance, fixed-large = beta_t, learned-range / learned = from the model's "
                    + "variance channel (improved DDPM; needs a model with a variance output)");
    /** DDPM's static clipping of the data prediction (diffusers' {@code clip_sample_range}; 0 = none). */
    public static final Option<Double> CLIP_SAMPLE = Option.ofDouble("clip-sample", 0.0, NumberRange.NON_NEGATIVE,
            "clip x0hat to [-r, r] before the posterior mean, as diffusers' clip_sample (0 = no clipping)");
    /** The predictor of the PC sampler. */
    public static final Option<PcPredictor> PREDICTOR = Option.ofEnum("predictor", PcPredictor.REVERSE_DIFFUSION,
            "the predictor");
    /** Whether the Langevin corrector runs. */
    public static final Option<Boolean> CORRECTOR = Option.ofBoolean("corrector", true, "run the Langevin corrector");
    /** Target signal-to-noise ratio of the corrector. */
    public static final Option<Double> SNR = Option.ofDouble("snr", 0.16, NumberRange.POSITIVE,
            "target signal-to-noise ratio of the corrector");
    /** Corrector steps per grid point. */
    public static final Option<Integer> N_STEPS = Option.ofInt("n-steps", 1, 1, 1000, "corrector steps per grid point");
    /** How the corrector takes its norms. */
    public static final Option<LangevinNorm> NORM = Option.ofEnum("norm", LangevinNorm.BATCH_MEAN,
            "batch-mean as score_sde (batch-dependent), or per-sample (unstable in low dimension)");
    /** Whether the PC sampler returns the last predictor step's mean. */
    public static final Option<Boolean> FINAL_DENOISE = Option.ofBoolean("final-denoise", true,
            "return the last predictor step's mean");
    /** Relative tolerance of the adaptive solver: the shared option with the paper's default. */
    public static final Option<Double> RTOL = AdaptiveOptions.RTOL.withDefault(0.01)
            .withDescription("relative tolerance (on the current and previous state)");
    /** Absolute tolerance of the adaptive solver: the shared option with the paper's default for images in [-1, 1]. */
    public static final Option<Double> ATOL = AdaptiveOptions.ATOL.withDefault(0.0078);
    /** Exponent of the step update. */
    public static final Option<Double> EXPONENT = Option.ofDouble("exponent", 0.9, NumberRange.POSITIVE,
            "exponent of the step update");
    /** First step as a fraction of the span (above 1: the whole span). */
    public static final Option<Double> INITIAL_STEP = Option.ofDouble("initial-step", 0.01,
            NumberRange.POSITIVE, "first step as a fraction of the span (at most the whole span)");

    /** SA-Solver's predictor order. */
    public static final Option<Integer> PREDICTOR_ORDER = Option.ofInt("predictor-order", 2, 1, 4,
            "SA-Solver predictor order (stochastic Adams-Bashforth nodes)");
    /** SA-Solver's corrector order. */
    public static final Option<Integer> CORRECTOR_ORDER = Option.ofInt("corrector-order", 2, 0, 4,
            "SA-Solver corrector order (stochastic Adams-Moulton nodes); 0 = no corrector");
    /** SA-Solver's noise level inside its window. */
    public static final Option<Double> TAU = Option.ofDouble("tau", 1.0, NumberRange.NON_NEGATIVE,
            "noise level tau(t) inside the window; 1 = reverse SDE, 0 = deterministic ODE solver");
    /** First time of SA-Solver's tau window. */
    public static final Option<Double> TAU_T_MIN = Option.ofDouble("tau-t-min", 0.0, NumberRange.NON_NEGATIVE,
            "tau applies to steps starting at schedule time >= this (0 outside the window)");
    /** Last time of SA-Solver's tau window. */
    public static final Option<Double> TAU_T_MAX = Option.ofDouble("tau-t-max", Double.POSITIVE_INFINITY,
            new NumberRange(0, false, Double.POSITIVE_INFINITY, false),
            "tau applies to steps starting at schedule time <= this (at least tau-t-min)");
    /** SA-Solver's two-node weights. */
    public static final Option<SaSecondOrder> SECOND_ORDER = Option.ofEnum("second-order", SaSecondOrder.DIFFUSERS,
            "two-node weights: diffusers (psi_2(H) replaced by H/2) or lagrange (exact integral)");
    /** SA-Solver's start: only the reference warm-up when {@code tau > 0} (docs/solvers/sde.md, SA-Solver). */
    public static final Option<MultistepStart> SA_START = ExponentialSolvers.START.withDescription(
            "warm-up: reference (first-order first step on the requested grid); refined or singlestep only at tau=0 "
                    + "(with injected noise they amplify it or drop it)");

    /** SA-Solver's model side. */
    public static final Option<SaAlgorithm> ALGORITHM_TYPE = Option.ofEnum("algorithm-type", SaAlgorithm.DATA_PREDICTION,
            "SA-Solver integrates the data prediction (default) or the noise prediction (no zero-noise end)");

    /** Required by {@link java.util.ServiceLoader}. */
    public SdeSolvers() {
    }

    @Override
    public List<SolverEntry> entries() {
        return List.of(
                new SolverEntry(EulerMaruyama.NAME, Family.SDE, "Euler-Maruyama on dx = [f x - (1+eta^2)/2 g^2 score] dt "
                        + "+ eta g dw (weak order 1; strong 1 on this additive noise)",
                        List.of(ETA), options -> new EulerMaruyama(options.get(ETA))),
                new SolverEntry(Ddpm.NAME, Family.SDE,
                        "DDPM ancestral sampling as diffusers DDPMScheduler, weak order 1",
                        List.of(VARIANCE, CLIP_SAMPLE), options -> new Ddpm(options.get(VARIANCE),
                                options.get(CLIP_SAMPLE))),
                new SolverEntry(PredictorCorrector.NAME, Family.SDE,
                        "Song et al. predictor-corrector: reverse-diffusion/ancestral/EM predictor + Langevin corrector",
                        List.of(PREDICTOR, CORRECTOR, SNR, N_STEPS, NORM, FINAL_DENOISE),
                        options -> new PredictorCorrector(options.get(PREDICTOR), options.get(CORRECTOR),
                                options.get(SNR), options.get(N_STEPS), options.get(NORM), options.get(FINAL_DENOISE))),
                new SolverEntry(GottaGoFast.NAME, Family.SDE, "adaptive SDE solver of Jolicoeur-Martineau et al. 2021: "
                        + "EM/improved-Euler pair, extrapolated; 2 calls/attempt",
                        List.of(RTOL, ATOL, AdaptiveOptions.SAFETY, EXPONENT, INITIAL_STEP, AdaptiveOptions.MAX_MODEL_CALLS),
                        options -> new GottaGoFast(options.get(RTOL), options.get(ATOL), options.get(AdaptiveOptions.SAFETY),
                                options.get(EXPONENT), options.get(INITIAL_STEP), options.get(AdaptiveOptions.MAX_MODEL_CALLS))),
                new SolverEntry(SaSolver.NAME, Family.SDE, "SA-Solver (Xue et al. 2023): stochastic Adams "
                        + "predictor-corrector in data prediction with tau(t), as diffusers SASolverScheduler",
                        List.of(PREDICTOR_ORDER, CORRECTOR_ORDER, TAU, TAU_T_MIN, TAU_T_MAX,
                                ExponentialSolvers.LOWER_ORDER_FINAL, SECOND_ORDER, SA_START, ALGORITHM_TYPE),
                        options -> new SaSolver(options.get(PREDICTOR_ORDER), options.get(CORRECTOR_ORDER),
                                options.get(TAU), options.get(TAU_T_MIN), options.get(TAU_T_MAX),
                                options.get(ExponentialSolvers.LOWER_ORDER_FINAL), options.get(SECOND_ORDER),
                                options.get(SA_START), options.get(ALGORITHM_TYPE))),
                new SolverEntry(Euler.ANCESTRAL_NAME, Family.SDE,
                        "k-diffusion sample_euler_ancestral: Euler to sigma_down plus sigma_up noise (EDM coordinates)",
                        Ancestral.options(), options -> new Euler(Churn.NONE, Ancestral.fromOptions(options))),
                new SolverEntry(Dpm2.ANCESTRAL_NAME, Family.SDE,
                        "k-diffusion sample_dpm_2_ancestral: DPM-2 to sigma_down plus sigma_up noise; 2 calls/step",
                        Ancestral.options(), options -> new Dpm2(Churn.NONE, Ancestral.fromOptions(options))),
                new SolverEntry(DpmPlusPlus2sAncestral.NAME, Family.SDE,
                        "k-diffusion sample_dpmpp_2s_ancestral: DPM-Solver++(2S) to sigma_down plus noise; 2 calls/step",
                        Ancestral.options(), options -> new DpmPlusPlus2sAncestral(Ancestral.fromOptions(options))));
    }
}
