package io.samplerkit.solvers.exponential;

import io.samplerkit.solvers.Family;
import io.samplerkit.solvers.NumberRange;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverFamily;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.adaptive.AdaptiveOptions;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.internal.FinalSteps;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepCorrector;
import io.samplerkit.solvers.internal.MultistepOrderRule;
import io.samplerkit.solvers.internal.MultistepStart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code exponential} family's registry entries: DDIM, DPM-Solver, DPM-Solver++ (singlestep and multistep),
 * DEIS, iPNDM and the adaptive DPM-Solver. Names and options are listed in docs/solvers/exponential.md.
 * Found by {@link java.util.ServiceLoader} as a {@link SolverFamily}.
 */
public final class ExponentialSolvers implements SolverFamily {

    /** {@code lower-order-final-below} of the official DPM-Solver code ({@code steps < 10}). */
    public static final int LOWER_ORDER_FINAL_BELOW_OFFICIAL = MultistepOrderRule.OFFICIAL_BELOW;
    /** {@code lower-order-final-below} of diffusers ({@code len(timesteps) < 15}). */
    public static final int LOWER_ORDER_FINAL_BELOW_DIFFUSERS = MultistepOrderRule.DIFFUSERS_BELOW;

    /** DDIM's stochasticity. */
    public static final Option<Double> ETA_DDIM = Option.ofDouble("eta", 0.0, NumberRange.closed(0, 1),
            "stochasticity; 1 = DDPM fixed_small variance");
    /** Static clipping of the data prediction (diffusers' {@code clip_sample_range}; 0 = none). */
    public static final Option<Double> CLIP_SAMPLE = Option.ofDouble("clip-sample", 0.0, NumberRange.NON_NEGATIVE,
            "clip x0hat to [-r, r] in the data term, as diffusers' clip_sample (0 = no clipping)");
    /** Highest multistep order. */
    public static final Option<Integer> ORDER = Option.ofInt("order", 2, 1, 3, "highest multistep order");
    /** Third-order weight of the multistep update. */
    public static final Option<ThirdOrder> THIRD_ORDER = Option.ofEnum("third-order", ThirdOrder.REFERENCE,
            "reference = D2 weight of the published code (order 2); corrected = 2*D2 (order 3)");
    /** The third-order term of the SDE solvers. */
    public static final Option<SdeThirdOrder> SDE_THIRD_ORDER = Option.ofEnum("third-order", SdeThirdOrder.REFERENCE,
            "reference = D2 weight of the published code; corrected = 2*D2; diffusers = its sign error (weak order 1)");
    /** Form of the second-order term. */
    public static final Option<UpdateType> SOLVER_TYPE = Option.ofEnum("solver-type", UpdateType.MIDPOINT,
            "form of the second-order term: midpoint (official dpmsolver) or taylor (diffusers heun)");
    /** Lower the order of the last steps. */
    public static final Option<Boolean> LOWER_ORDER_FINAL = Option.ofBoolean("lower-order-final", true,
            "lower the order of the last steps");
    /** Placement of the warm-up steps of a multistep method (docs/solvers/multistep.md, "Starts"). */
    public static final Option<MultistepStart> START = Option.ofEnum("start", MultistepStart.REFERENCE,
            "warm-up: reference (first-order first step on the requested grid), refined (warm-up points moved "
                    + "to the start) or singlestep (first p intervals as one DPM-Solver-p step); same NFE");
    /** The start of the multistep SDE solvers: only the reference warm-up when stochastic (docs/solvers/sde.md). */
    public static final Option<MultistepStart> SDE_START = START.withDescription(
            "warm-up: reference (first-order first step on the requested grid); refined only at eta=0 or s-noise=0 "
                    + "(with injected noise it amplifies the noise); singlestep refused");
    /** The final-step policy of a multistep method (docs/solvers/multistep.md, "Final steps"). */
    public static final Option<FinalSteps> FINAL = Option.ofEnum("final", FinalSteps.REFERENCE,
            "last steps: reference (the lower-order-final options), full (full order to the end), lowered "
                    + "(orders ..., 2, 1 at every step count) or euler (first-order last step)");
    /** Step count below which lower-order-final acts. */
    public static final Option<Integer> LOWER_ORDER_FINAL_BELOW = Option.ofInt("lower-order-final-below",
            MultistepOrderRule.OFFICIAL_BELOW, 1, Integer.MAX_VALUE,
            "lower-order-final acts only below this many steps (official 10, diffusers 15)");
    /** Always a first-order last step. */
    public static final Option<Boolean> EULER_AT_FINAL = Option.ofBoolean("euler-at-final", false,
            "always take a first-order last step");
    /** Noise scale of the SDE solvers. */
    public static final Option<Double> ETA_SDE = Option.ofDouble("eta", 1.0, NumberRange.NON_NEGATIVE,
            "noise scale (k-diffusion eta); 0 = the ODE solver");
    /** Multiplier of the injected noise. */
    public static final Option<Double> S_NOISE = Option.ofDouble("s-noise", 1.0, NumberRange.NON_NEGATIVE,
            "multiplier of the injected noise");
    /** Singlestep order allocation. */
    public static final Option<OrderAllocation> ALLOCATION = Option.ofEnum("allocation", OrderAllocation.FAST,
            "fast = DPM-Solver-fast order allocation; fixed = official singlestep_fixed; diffusers = "
                    + "DPMSolverSinglestepScheduler's order list");
    /** How a third-order singlestep step computes its second inner point. */
    public static final Option<SecondStage> SECOND_STAGE = Option.ofEnum("second-stage", SecondStage.PAPER,
            "third-order second inner point: paper (phi_2 form) or diffusers (its midpoint step)");
    /** rhoRK-DEIS tableau. */
    public static final Option<DeisRkMethod> METHOD = Option.ofEnum("method", DeisRkMethod.KUTTA3,
            "Butcher tableau (official default kutta3)");
    /** Polynomial degree of tAB/rhoAB-DEIS. */
    public static final Option<Integer> DEGREE = Option.ofInt("degree", 3, 0, 3,
            "polynomial degree r (official 'order')");
    /** Order of the adaptive DPM-Solver's higher solution. */
    public static final Option<Integer> ADAPTIVE_ORDER = Option.ofInt("order", 3, 2, 3,
            "2 = DPM-Solver-12, 3 = DPM-Solver-23");
    /** Tolerance on the final time of the official adaptive controller. */
    public static final Option<Double> T_ERR = Option.ofDouble("t-err", 1e-5, NumberRange.POSITIVE,
            "tolerance on the final time");

    /** Required by {@link java.util.ServiceLoader}. */
    public ExponentialSolvers() {
    }

    @Override
    public List<SolverEntry> entries() {
        List<SolverEntry> all = new ArrayList<>();
        all.add(new SolverEntry(Ddim.NAME, Family.EXPONENTIAL,
                "DDIM(eta); eta=0 is the first-order exponential integrator, eta=1 the DDPM posterior",
                List.of(ETA_DDIM, CLIP_SAMPLE), options -> new Ddim(options.get(ETA_DDIM), options.get(CLIP_SAMPLE))));

        all.add(multistep(DpmSolverMultistep.NOISE_NAME, ModelSide.NOISE, 0, ThirdOrder.REFERENCE,
                "multistep DPM-Solver (noise prediction), orders 1-3; default start singlestep (measured best)",
                MultistepStart.SINGLESTEP, List.of(), options -> null));
        all.add(multistep(DpmSolverMultistep.DATA_NAME, ModelSide.DATA, 0, ThirdOrder.REFERENCE,
                "multistep DPM-Solver++ (data prediction), orders 1-3", List.of(), options -> null));
        all.add(multistep("dpmpp-2m", ModelSide.DATA, 2, ThirdOrder.REFERENCE,
                "DPM-Solver++(2M): data-prediction multistep, order 2", List.of(), options -> null));
        all.add(multistep("dpmpp-3m", ModelSide.DATA, 3, ThirdOrder.REFERENCE,
                "DPM-Solver++(3M) as the official code, diffusers and k-diffusion compute it: only order 2",
                List.of(), options -> null));
        all.add(multistep("dpmpp-3m-corrected", ModelSide.DATA, 3, ThirdOrder.CORRECTED,
                "DPM-Solver++(3M) with the corrected D2 weight and a singlestep start: true order 3",
                MultistepStart.SINGLESTEP, List.of(), options -> null));

        all.add(sde(DpmSolverPlusPlusSde.NAME, ModelSide.DATA, 0, SdeThirdOrder.REFERENCE,
                "multistep SDE-DPM-Solver++ (data prediction, k-diffusion's form), orders 1-3"));
        all.add(sde("dpmpp-2m-sde", ModelSide.DATA, 2, SdeThirdOrder.REFERENCE,
                "SDE-DPM-Solver++(2M) as k-diffusion sample_dpmpp_2m_sde"));
        all.add(sde("dpmpp-3m-sde", ModelSide.DATA, 3, SdeThirdOrder.REFERENCE,
                "k-diffusion sample_dpmpp_3m_sde (reference third order, weak order 2)"));
        all.add(sde("dpmpp-3m-sde-diffusers", ModelSide.DATA, 3, SdeThirdOrder.DIFFUSERS,
                "compatibility: diffusers sde-dpmsolver++ order 3, whose sign error makes it weak order 1"));
        all.add(sde(DpmSolverPlusPlusSde.NOISE_NAME, ModelSide.NOISE, 0, SdeThirdOrder.REFERENCE,
                "multistep SDE-DPM-Solver (noise prediction; diffusers sde-dpmsolver for eta=1), orders 1-3"));

        all.add(singlestep(DpmSolverSinglestep.NOISE_NAME, ModelSide.NOISE, 0,
                "singlestep DPM-Solver-1/2/3 (noise prediction); the grid is the stage grid"));
        all.add(singlestep(DpmSolverSinglestep.DATA_NAME, ModelSide.DATA, 0,
                "singlestep DPM-Solver++(1S/2S/3S) (data prediction); the grid is the stage grid"));
        all.add(singlestep("dpmpp-2s", ModelSide.DATA, 2,
                "DPM-Solver++(2S): data-prediction singlestep, order 2 (k-diffusion dpmpp_2s_ancestral, eta=0)"));
        all.add(singlestep("dpmpp-3s", ModelSide.DATA, 3, "DPM-Solver++(3S): data-prediction singlestep, order 3"));
        all.add(singlestep("dpm-solver-fast", ModelSide.NOISE, 3,
                "DPM-Solver-fast: noise-prediction singlestep order 3 with the fast order allocation"));

        all.addAll(deis());
        all.addAll(adaptive());
        return all;
    }

    /**
     * A multistep DPM-Solver(++) entry, optionally with a corrector (e.g. UniC, registered by the multistep
     * family as {@code dpmpp-2m-unic}): the options of the plain entry plus the corrector's.
     *
     * @param name registry name (the solver reports it)
     * @param side data or noise side
     * @param fixedOrder order, or 0 to expose the {@code order} option
     * @param fixedThird third-order variant (default of the option when {@code fixedOrder = 0})
     * @param description one line
     * @param correctorOptions the corrector's options
     * @param corrector builds the corrector from the options (reading exactly {@code correctorOptions});
     *     returns null for none
     * @return the entry
     */
    public static SolverEntry multistep(String name, ModelSide side, int fixedOrder, ThirdOrder fixedThird,
            String description, List<Option<?>> correctorOptions,
            Function<SolverOptions, MultistepCorrector> corrector) {
        return multistep(name, side, fixedOrder, fixedThird, description, MultistepStart.REFERENCE, correctorOptions,
                corrector);
    }

    /**
     * A multistep DPM-Solver(++) entry whose {@code start} option defaults to {@code defaultStart}.
     *
     * @param name registry name (the solver reports it)
     * @param side data or noise side
     * @param fixedOrder order, or 0 to expose the {@code order} option
     * @param fixedThird third-order variant (default of the option when {@code fixedOrder = 0})
     * @param description one line
     * @param defaultStart the default start (the measured winner at fixed NFE, docs/solvers/multistep.md)
     * @param correctorOptions the corrector's options
     * @param corrector builds the corrector from the options; returns null for none
     * @return the entry
     */
    public static SolverEntry multistep(String name, ModelSide side, int fixedOrder, ThirdOrder fixedThird,
            String description, MultistepStart defaultStart, List<Option<?>> correctorOptions,
            Function<SolverOptions, MultistepCorrector> corrector) {
        Option<MultistepStart> start = START.withDefault(defaultStart);
        List<Option<?>> specs = new ArrayList<>();
        Option<ThirdOrder> third = THIRD_ORDER.withDefault(fixedThird);
        if (fixedOrder == 0) {
            specs.add(ORDER);
            specs.add(third);
        }
        specs.add(SOLVER_TYPE);
        specs.addAll(orderRuleOptions(true, start));
        specs.addAll(correctorOptions);
        return new SolverEntry(name, Family.EXPONENTIAL, description, specs, options -> {
            int order = fixedOrder == 0 ? options.get(ORDER) : fixedOrder;
            ThirdOrder thirdOrder = fixedOrder == 0 ? options.get(third) : fixedThird;
            return new DpmSolverMultistep(name, side, orderRule(options, order, true, start), options.get(SOLVER_TYPE),
                    thirdOrder, corrector.apply(options));
        });
    }

    /**
     * A multistep SDE entry; {@code fixedOrder = 0} exposes the {@code order} option. Defaults follow
     * k-diffusion: eta = 1, s-noise = 1, no lower-order-final, midpoint (3M: taylor warm-up; the diffusers
     * variant: midpoint warm-up, its default solver_type, and no third-order option).
     */
    private static SolverEntry sde(String name, ModelSide side, int fixedOrder, SdeThirdOrder fixedThird,
            String description) {
        List<Option<?>> specs = new ArrayList<>();
        if (fixedOrder == 0) {
            specs.add(ORDER);
        }
        boolean diffusers = fixedThird == SdeThirdOrder.DIFFUSERS;
        Option<UpdateType> type = SOLVER_TYPE.withDefault(fixedOrder == 3 && !diffusers ? UpdateType.TAYLOR
                : UpdateType.MIDPOINT);
        specs.addAll(List.of(ETA_SDE, S_NOISE, type));
        Option<SdeThirdOrder> third = side == ModelSide.DATA ? SDE_THIRD_ORDER : SDE_THIRD_ORDER.withDescription(
                "reference = D2 weight of the published code; corrected = 2*D2 (diffusers is data side only)");
        if (!diffusers) {
            specs.add(third);
        }
        specs.addAll(orderRuleOptions(false, SDE_START));
        return new SolverEntry(name, Family.EXPONENTIAL, description, specs, options -> {
            int order = fixedOrder == 0 ? options.get(ORDER) : fixedOrder;
            return new DpmSolverPlusPlusSde(name, side, orderRule(options, order, false, SDE_START), options.get(type),
                    diffusers ? fixedThird : options.get(third), options.get(ETA_SDE), options.get(S_NOISE));
        });
    }

    /** The options read by {@link #orderRule}. */
    private static List<Option<?>> orderRuleOptions(boolean lowerOrderFinal, Option<MultistepStart> start) {
        return List.of(LOWER_ORDER_FINAL.withDefault(lowerOrderFinal), LOWER_ORDER_FINAL_BELOW, EULER_AT_FINAL, start,
                FINAL);
    }

    /**
     * Reads the {@code final} option, which replaces the older final-step options when it is not
     * {@code reference}.
     *
     * @param options the options
     * @param olderOptions the entry's older final-step options ({@code lower-order-final}, ...)
     * @return the policy
     * @throws InvalidInputException naming {@code options.final} when both it and an older option are given
     */
    public static FinalSteps finalSteps(SolverOptions options, Option<?>... olderOptions) {
        FinalSteps policy = options.get(FINAL);
        if (policy != FinalSteps.REFERENCE) {
            for (Option<?> older : olderOptions) {
                if (options.has(older)) {
                    throw new InvalidInputException("options." + FINAL.name(), options.values().get(FINAL.name()),
                            "reference when " + older.name() + " is given (final replaces it)");
                }
            }
        }
        return policy;
    }

    /**
     * The order rule from the lower-order-final options.
     *
     * @param options options (reads lower-order-final, lower-order-final-below, euler-at-final, start, final)
     * @param order highest order
     * @param lowerOrderFinal default of lower-order-final
     * @param start the entry's start option (its default is the entry's)
     * @return the rule
     */
    static MultistepOrderRule orderRule(SolverOptions options, int order, boolean lowerOrderFinal,
            Option<MultistepStart> start) {
        return finalSteps(options, LOWER_ORDER_FINAL, LOWER_ORDER_FINAL_BELOW, EULER_AT_FINAL).apply(
                new MultistepOrderRule(order, options.get(LOWER_ORDER_FINAL.withDefault(lowerOrderFinal)),
                        options.get(LOWER_ORDER_FINAL_BELOW), options.get(EULER_AT_FINAL), options.get(start)));
    }

    /** A singlestep entry; {@code fixedOrder = 0} exposes the {@code order} option (default 3). */
    private static SolverEntry singlestep(String name, ModelSide side, int fixedOrder, String description) {
        Option<Integer> order = ORDER.withDefault(3).withDescription("highest singlestep order");
        Option<UpdateType> type = SOLVER_TYPE.withDescription(
                "form of the higher-order terms: midpoint (official dpmsolver) or taylor");
        List<Option<?>> specs = new ArrayList<>();
        if (fixedOrder == 0) {
            specs.add(order);
        }
        specs.add(type);
        specs.add(ALLOCATION);
        specs.add(SECOND_STAGE);
        return new SolverEntry(name, Family.EXPONENTIAL, description, specs, options -> new DpmSolverSinglestep(name,
                side, fixedOrder == 0 ? options.get(order) : fixedOrder, options.get(type), options.get(ALLOCATION),
                options.get(SECOND_STAGE)));
    }

    /** DEIS (diffusers log-rho multistep, official tAB/rhoAB/rhoRK), iPNDM. */
    private static List<SolverEntry> deis() {
        return List.of(
                new SolverEntry(DeisRungeKutta.NAME, Family.EXPONENTIAL,
                        "rhoRK-DEIS: explicit Runge-Kutta on d(x/alpha)/d rho = epshat; order and calls/step of the "
                                + "tableau",
                        List.of(METHOD), options -> new DeisRungeKutta(options.get(METHOD))),
                deisMultistep(DeisMultistep.NAME,
                        "DEIS multistep in log rho (diffusers DEISMultistepScheduler); order = points, 1 call/step; "
                                + "default start singlestep (measured best)",
                        MultistepStart.SINGLESTEP, List.of(), options -> null),
                new SolverEntry(DeisAdamsBashforth.NAME_T, Family.EXPONENTIAL,
                        "tAB-DEIS (official): Lagrange in t, exact-quadrature coefficients; order degree+1, 1 call/step",
                        List.of(DEGREE, START), options -> new DeisAdamsBashforth(DeisVariable.TIME, options.get(DEGREE),
                                options.get(START))),
                new SolverEntry(DeisAdamsBashforth.NAME_RHO, Family.EXPONENTIAL,
                        "rhoAB-DEIS (official): Lagrange in rho integrated exactly; order degree+1, 1 call/step",
                        List.of(DEGREE, START), options -> new DeisAdamsBashforth(DeisVariable.RHO, options.get(DEGREE),
                                options.get(START))),
                new SolverEntry(Ipndm.NAME, Family.EXPONENTIAL,
                        "iPNDM (DEIS repo): fixed AB1-AB4 weights on the DDIM transfer after an Euler start; "
                                + "measured order 2 (1 call/step)",
                        List.of(START), options -> new Ipndm(options.get(START))));
    }

    /**
     * A diffusers-style DEIS multistep entry, optionally with a corrector (e.g. UniC, registered by the
     * multistep family as {@code deis-unic}).
     *
     * @param name registry name (the solver reports it)
     * @param description one line
     * @param correctorOptions the corrector's options
     * @param corrector builds the corrector from the options (reading exactly {@code correctorOptions});
     *     returns null for none
     * @return the entry
     */
    public static SolverEntry deisMultistep(String name, String description, List<Option<?>> correctorOptions,
            Function<SolverOptions, MultistepCorrector> corrector) {
        return deisMultistep(name, description, MultistepStart.REFERENCE, correctorOptions, corrector);
    }

    /**
     * A diffusers-style DEIS multistep entry whose {@code start} option defaults to {@code defaultStart}.
     *
     * @param name registry name (the solver reports it)
     * @param description one line
     * @param defaultStart the default start (the measured winner at fixed NFE, docs/solvers/multistep.md)
     * @param correctorOptions the corrector's options
     * @param corrector builds the corrector from the options; returns null for none
     * @return the entry
     */
    public static SolverEntry deisMultistep(String name, String description, MultistepStart defaultStart,
            List<Option<?>> correctorOptions, Function<SolverOptions, MultistepCorrector> corrector) {
        Option<MultistepStart> start = START.withDefault(defaultStart);
        Option<Integer> order = ORDER.withDescription("interpolation points (diffusers solver_order)");
        Option<Boolean> lowerOrderFinal = LOWER_ORDER_FINAL.withDescription(
                "with < 15 steps, last step order 1 and the one before at most 2");
        List<Option<?>> specs = new ArrayList<>(List.of(order, lowerOrderFinal, start, FINAL));
        specs.addAll(correctorOptions);
        return new SolverEntry(name, Family.EXPONENTIAL, description, specs,
                options -> new DeisMultistep(name, options.get(order), options.get(lowerOrderFinal),
                        options.get(start), finalSteps(options, lowerOrderFinal), corrector.apply(options)));
    }

    /** Adaptive DPM-Solver-12/23: official controller (noise and data side) and k-diffusion's PID variant. */
    private static List<SolverEntry> adaptive() {
        List<SolverEntry> all = new ArrayList<>();
        Option<Double> rtol = AdaptiveOptions.RTOL.withDefault(AdaptiveDpmSolver.OFFICIAL_RTOL);
        Option<Double> atol = AdaptiveOptions.ATOL.withDefault(AdaptiveDpmSolver.OFFICIAL_ATOL);
        Option<Double> initialStep = AdaptiveOptions.INITIAL_STEP_LAMBDA;
        Option<Integer> budget = AdaptiveOptions.MAX_MODEL_CALLS;
        Option<UpdateType> type = SOLVER_TYPE.withDescription(
                "singlestep update form (official solver_type dpmsolver|taylor)");
        for (ModelSide side : ModelSide.values()) {
            String name = side == ModelSide.DATA ? AdaptiveDpmSolver.DATA_NAME : AdaptiveDpmSolver.NOISE_NAME;
            all.add(new SolverEntry(name, Family.EXPONENTIAL,
                    (side == ModelSide.DATA ? "DPM-Solver++" : "DPM-Solver")
                            + "-12/23 with the official adaptive step control; order 2|3, 2|3 calls/attempt",
                    List.of(ADAPTIVE_ORDER, rtol, atol, initialStep, budget, type, AdaptiveOptions.SAFETY, T_ERR),
                    options -> new AdaptiveDpmSolver(options.get(ADAPTIVE_ORDER), side, options.get(type),
                            options.get(rtol), options.get(atol), options.get(initialStep),
                            new DpmSolverStepControl(options.get(AdaptiveOptions.SAFETY), options.get(T_ERR), true),
                            options.get(budget))));
        }
        all.add(new SolverEntry(AdaptiveDpmSolver.PID_NAME, Family.EXPONENTIAL,
                "k-diffusion dpm_solver_adaptive: DPM-Solver-12/23, batch RMS error, PID step control",
                List.of(ADAPTIVE_ORDER, rtol, atol, initialStep, budget, AdaptiveOptions.PCOEFF, AdaptiveOptions.ICOEFF,
                        AdaptiveOptions.DCOEFF, AdaptiveOptions.ACCEPT_SAFETY),
                options -> new AdaptiveDpmSolver(options.get(ADAPTIVE_ORDER), ModelSide.NOISE, UpdateType.MIDPOINT,
                        options.get(rtol), options.get(atol), options.get(initialStep),
                        new PidStepControl(options.get(AdaptiveOptions.PCOEFF), options.get(AdaptiveOptions.ICOEFF),
                                options.get(AdaptiveOptions.DCOEFF), options.get(AdaptiveOptions.ACCEPT_SAFETY)),
                        options.get(budget))));
        return all;
    }
}
