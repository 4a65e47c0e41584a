package io.samplerkit.solvers.exponential;

import io.samplerkit.solvers.OptionSpec;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.support.ModelSide;
import io.samplerkit.solvers.support.MultistepCorrector;
import io.samplerkit.solvers.support.MultistepOrderRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Registers the {@code exponential} family: DDIM, DPM-Solver, DPM-Solver++ (singlestep and multistep),
 * DEIS. Names and options are listed in docs/solvers/exponential.md.
 */
public final class ExponentialSolvers {

    private static final String FAMILY = "exponential";
    private static final String ORDER = "order";
    private static final String SOLVER_TYPE = "solver-type";
    private static final String THIRD_ORDER = "third-order";
    private static final String LOWER_ORDER_FINAL = "lower-order-final";
    private static final String LOWER_ORDER_FINAL_BELOW = "lower-order-final-below";
    private static final String EULER_AT_FINAL = "euler-at-final";
    private static final String ALLOCATION = "allocation";
    private static final String ETA = "eta";
    private static final String S_NOISE = "s-noise";

    private ExponentialSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(Ddim.NAME, FAMILY,
                "DDIM(eta); eta=0 is the first-order exponential integrator, eta=1 the DDPM posterior",
                List.of(OptionSpec.ofDouble("eta", 0.0, "[0, 1]", "stochasticity; 1 = DDPM fixed_small variance")),
                options -> new Ddim(options.getDouble("eta", 0.0, 0.0, 1.0))));

        registry.add(multistep(DpmSolverMultistep.NOISE_NAME, ModelSide.NOISE, 0, ThirdOrder.REFERENCE,
                "multistep DPM-Solver (noise prediction), orders 1-3"));
        registry.add(multistep(DpmSolverMultistep.DATA_NAME, ModelSide.DATA, 0, ThirdOrder.REFERENCE,
                "multistep DPM-Solver++ (data prediction), orders 1-3"));
        registry.add(multistep("dpmpp-2m", ModelSide.DATA, 2, ThirdOrder.REFERENCE,
                "DPM-Solver++(2M): data-prediction multistep, order 2"));
        registry.add(multistep("dpmpp-3m", ModelSide.DATA, 3, ThirdOrder.REFERENCE,
                "DPM-Solver++(3M) as the official code, diffusers and k-diffusion compute it: only order 2"));
        registry.add(multistep("dpmpp-3m-corrected", ModelSide.DATA, 3, ThirdOrder.CORRECTED,
                "DPM-Solver++(3M) with the corrected D2 weight: true order 3"));

        registry.add(sde(DpmSolverPlusPlusSde.NAME, ModelSide.DATA, 0, SdeThirdOrder.REFERENCE,
                "multistep SDE-DPM-Solver++ (data prediction, k-diffusion's form), orders 1-3"));
        registry.add(sde("dpmpp-2m-sde", ModelSide.DATA, 2, SdeThirdOrder.REFERENCE,
                "SDE-DPM-Solver++(2M) as k-diffusion sample_dpmpp_2m_sde"));
        registry.add(sde("dpmpp-3m-sde", ModelSide.DATA, 3, SdeThirdOrder.REFERENCE,
                "k-diffusion sample_dpmpp_3m_sde (reference third order, weak order 2)"));
        registry.add(sde("dpmpp-3m-sde-diffusers", ModelSide.DATA, 3, SdeThirdOrder.DIFFUSERS,
                "compatibility: diffusers sde-dpmsolver++ order 3, whose sign error makes it weak order 1"));
        registry.add(sde(DpmSolverPlusPlusSde.NOISE_NAME, ModelSide.NOISE, 0, SdeThirdOrder.REFERENCE,
                "multistep SDE-DPM-Solver (noise prediction; diffusers sde-dpmsolver for eta=1), orders 1-3"));

        registry.add(singlestep(DpmSolverSinglestep.NOISE_NAME, ModelSide.NOISE, 0, OrderAllocation.FAST,
                "singlestep DPM-Solver-1/2/3 (noise prediction); the grid is the stage grid"));
        registry.add(singlestep(DpmSolverSinglestep.DATA_NAME, ModelSide.DATA, 0, OrderAllocation.FAST,
                "singlestep DPM-Solver++(1S/2S/3S) (data prediction); the grid is the stage grid"));
        registry.add(singlestep("dpmpp-2s", ModelSide.DATA, 2, OrderAllocation.FAST,
                "DPM-Solver++(2S): data-prediction singlestep, order 2 (k-diffusion dpmpp_2s_ancestral, eta=0)"));
        registry.add(singlestep("dpmpp-3s", ModelSide.DATA, 3, OrderAllocation.FAST,
                "DPM-Solver++(3S): data-prediction singlestep, order 3"));
        registry.add(singlestep("dpm-solver-fast", ModelSide.NOISE, 3, OrderAllocation.FAST,
                "DPM-Solver-fast: noise-prediction singlestep order 3 with the fast order allocation"));

        registerDeis(registry);
    }

    /**
     * A multistep entry; {@code fixedOrder = 0} exposes the {@code order} option.
     */
    private static SolverEntry multistep(String name, ModelSide side, int fixedOrder, ThirdOrder fixedThird,
            String description) {
        return multistep(name, side, fixedOrder, fixedThird, description, List.of(), options -> null);
    }

    /**
     * A multistep DPM-Solver(++) entry with a corrector (e.g. UniC, registered by the multistep family as
     * {@code dpmpp-2m-unic}): the options of the plain entry plus the corrector's.
     *
     * @param name registry name
     * @param side data or noise side
     * @param fixedOrder order, or 0 to expose the {@code order} option
     * @param fixedThird third-order variant (default of the option when {@code fixedOrder = 0})
     * @param description one line
     * @param correctorOptions the corrector's options
     * @param corrector builds the corrector from the options (reading exactly {@code correctorOptions});
     *     may return null for none
     * @return the entry
     */
    public static SolverEntry multistep(String name, ModelSide side, int fixedOrder, ThirdOrder fixedThird,
            String description, List<OptionSpec> correctorOptions,
            Function<SolverOptions, MultistepCorrector> corrector) {
        List<OptionSpec> specs = new ArrayList<>();
        if (fixedOrder == 0) {
            specs.add(OptionSpec.ofInt(ORDER, 2, "[1, 3]", "highest multistep order"));
            specs.add(OptionSpec.ofEnum(THIRD_ORDER, ThirdOrder.REFERENCE,
                    "reference = D2 weight of the published code (order 2); corrected = 2*D2 (order 3)"));
        }
        specs.add(OptionSpec.ofEnum(SOLVER_TYPE, UpdateType.MIDPOINT,
                "form of the second-order term: midpoint (official dpmsolver) or taylor (diffusers heun)"));
        specs.addAll(orderRuleSpecs(true));
        specs.addAll(correctorOptions);
        return new SolverEntry(name, FAMILY, description, specs, options -> {
            int order = fixedOrder == 0 ? options.getInt(ORDER, 2, 1, 3) : fixedOrder;
            ThirdOrder third = fixedOrder == 0 ? options.getEnum(THIRD_ORDER, fixedThird) : fixedThird;
            return new DpmSolverMultistep(side, orderRule(options, order, true),
                    options.getEnum(SOLVER_TYPE, UpdateType.MIDPOINT), third, corrector.apply(options));
        });
    }

    /**
     * A multistep SDE entry; {@code fixedOrder = 0} exposes the {@code order} option. Defaults follow
     * k-diffusion: eta = 1, s-noise = 1, no lower-order-final, midpoint (3M: taylor warm-up; the diffusers
     * variant: midpoint warm-up, as its default solver_type).
     */
    private static SolverEntry sde(String name, ModelSide side, int fixedOrder, SdeThirdOrder fixedThird,
            String description) {
        List<OptionSpec> specs = new ArrayList<>();
        if (fixedOrder == 0) {
            specs.add(OptionSpec.ofInt(ORDER, 2, "[1, 3]", "highest multistep order"));
        }
        UpdateType defaultType = fixedOrder == 3 && fixedThird != SdeThirdOrder.DIFFUSERS ? UpdateType.TAYLOR
                : UpdateType.MIDPOINT;
        specs.add(OptionSpec.ofDouble(ETA, 1.0, "[0, inf)", "noise scale (k-diffusion eta); 0 = the ODE solver"));
        specs.add(OptionSpec.ofDouble(S_NOISE, 1.0, "[0, inf)", "multiplier of the injected noise"));
        specs.add(OptionSpec.ofEnum(SOLVER_TYPE, defaultType, "form of the second-order term: midpoint or taylor (heun)"));
        if (fixedThird != SdeThirdOrder.DIFFUSERS) {
            specs.add(OptionSpec.ofEnum(THIRD_ORDER, fixedThird, side == ModelSide.DATA
                    ? "reference = D2 weight of the published code; corrected = 2*D2; diffusers = its sign error"
                    : "reference = D2 weight of the published code; corrected = 2*D2"));
        }
        specs.addAll(orderRuleSpecs(false));
        return new SolverEntry(name, FAMILY, description, specs, options -> {
            int order = fixedOrder == 0 ? options.getInt(ORDER, 2, 1, 3) : fixedOrder;
            SdeThirdOrder third = fixedThird == SdeThirdOrder.DIFFUSERS ? fixedThird
                    : options.getEnum(THIRD_ORDER, fixedThird);
            return new DpmSolverPlusPlusSde(side, orderRule(options, order, false),
                    options.getEnum(SOLVER_TYPE, defaultType), third,
                    options.getDouble(ETA, 1.0, 0.0, Double.MAX_VALUE), options.getDouble(S_NOISE, 1.0, 0.0,
                            Double.MAX_VALUE));
        });
    }

    /** The option specs read by {@link #orderRule}. */
    private static List<OptionSpec> orderRuleSpecs(boolean lowerOrderFinal) {
        return List.of(OptionSpec.ofBoolean(LOWER_ORDER_FINAL, lowerOrderFinal, "lower the order of the last steps"),
                OptionSpec.ofInt(LOWER_ORDER_FINAL_BELOW, MultistepOrderRule.OFFICIAL_BELOW, "[1, 2147483647]",
                        "lower-order-final acts only below this many steps (official 10, diffusers 15)"),
                OptionSpec.ofBoolean(EULER_AT_FINAL, false, "always take a first-order last step"));
    }

    /**
     * The order rule from the lower-order-final options.
     *
     * @param options options (reads lower-order-final, lower-order-final-below, euler-at-final)
     * @param order highest order
     * @param lowerOrderFinal default of lower-order-final
     * @return the rule
     */
    static MultistepOrderRule orderRule(SolverOptions options, int order, boolean lowerOrderFinal) {
        return new MultistepOrderRule(order, options.getBoolean(LOWER_ORDER_FINAL, lowerOrderFinal),
                options.getInt(LOWER_ORDER_FINAL_BELOW, MultistepOrderRule.OFFICIAL_BELOW, 1, Integer.MAX_VALUE),
                options.getBoolean(EULER_AT_FINAL, false));
    }

    /**
     * A singlestep entry; {@code fixedOrder = 0} exposes the {@code order} option.
     */
    private static SolverEntry singlestep(String name, ModelSide side, int fixedOrder, OrderAllocation allocation,
            String description) {
        List<OptionSpec> specs = new ArrayList<>();
        if (fixedOrder == 0) {
            specs.add(OptionSpec.ofInt(ORDER, 3, "[1, 3]", "highest singlestep order"));
        }
        specs.add(OptionSpec.ofEnum(SOLVER_TYPE, UpdateType.MIDPOINT,
                "form of the higher-order terms: midpoint (official dpmsolver) or taylor"));
        specs.add(OptionSpec.ofEnum(ALLOCATION, allocation,
                "fast = DPM-Solver-fast order allocation; fixed = official singlestep_fixed"));
        return new SolverEntry(name, FAMILY, description, specs, options -> new DpmSolverSinglestep(side,
                fixedOrder == 0 ? options.getInt(ORDER, 3, 1, 3) : fixedOrder,
                options.getEnum(SOLVER_TYPE, UpdateType.MIDPOINT), options.getEnum(ALLOCATION, allocation)));
    }

    /** DEIS (diffusers log-rho multistep, official tAB/rhoAB/rhoRK), iPNDM; adaptive DPM-Solver. */
    private static void registerDeis(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(DeisRungeKutta.NAME, "exponential",
                "rhoRK-DEIS: explicit Runge-Kutta on d(x/alpha)/d rho = epshat; order and calls/step of the tableau",
                List.of(OptionSpec.ofEnum("method", DeisRkMethod.KUTTA3, "Butcher tableau (official default kutta3)")),
                options -> new DeisRungeKutta(options.getEnum("method", DeisRkMethod.KUTTA3))));
        registry.add(deisMultistep(DeisMultistep.NAME,
                "DEIS multistep in log rho (diffusers DEISMultistepScheduler); order = points, 1 call/step",
                List.of(), options -> null));
        registry.add(new SolverEntry(DeisAdamsBashforth.NAME_T, "exponential",
                "tAB-DEIS (official): Lagrange in t, exact-quadrature coefficients; order degree+1, 1 call/step",
                List.of(OptionSpec.ofInt("degree", 3, "[0, 3]", "polynomial degree r (official 'order')")),
                options -> new DeisAdamsBashforth(DeisVariable.TIME, options.getInt("degree", 3, 0, 3))));
        registry.add(new SolverEntry(DeisAdamsBashforth.NAME_RHO, "exponential",
                "rhoAB-DEIS (official): Lagrange in rho integrated exactly; order degree+1, 1 call/step",
                List.of(OptionSpec.ofInt("degree", 3, "[0, 3]", "polynomial degree r (official 'order')")),
                options -> new DeisAdamsBashforth(DeisVariable.RHO, options.getInt("degree", 3, 0, 3))));
        registry.add(new SolverEntry(Ipndm.NAME, "exponential",
                "iPNDM (DEIS repo): fixed AB1-AB4 weights on the DDIM transfer; order 4 on uniform rho only",
                List.of(), options -> new Ipndm()));
        registerAdaptive(registry);
    }

    /**
     * A diffusers-style DEIS multistep entry, optionally with a corrector (e.g. UniC, registered by the
     * multistep family as {@code deis-unic}).
     *
     * @param name registry name
     * @param description one line
     * @param correctorOptions the corrector's options
     * @param corrector builds the corrector from the options (reading exactly {@code correctorOptions});
     *     may return null for none
     * @return the entry
     */
    public static SolverEntry deisMultistep(String name, String description, List<OptionSpec> correctorOptions,
            Function<SolverOptions, MultistepCorrector> corrector) {
        List<OptionSpec> specs = new ArrayList<>();
        specs.add(OptionSpec.ofInt(ORDER, 2, "[1, 3]", "interpolation points (diffusers solver_order)"));
        specs.add(OptionSpec.ofBoolean(LOWER_ORDER_FINAL, true,
                "with < 15 steps, last step order 1 and the one before at most 2"));
        specs.addAll(correctorOptions);
        return new SolverEntry(name, FAMILY, description, specs,
                options -> new DeisMultistep(options.getInt(ORDER, 2, 1, 3), options.getBoolean(LOWER_ORDER_FINAL, true),
                        corrector.apply(options)));
    }

    /** Adaptive DPM-Solver-12/23: official controller (noise and data side) and k-diffusion's PID variant. */
    private static void registerAdaptive(SolverRegistry.Builder registry) {
        for (ModelSide side : ModelSide.values()) {
            String name = side == ModelSide.DATA ? AdaptiveDpmSolver.DATA_NAME : AdaptiveDpmSolver.NOISE_NAME;
            registry.add(new SolverEntry(name, "exponential",
                    (side == ModelSide.DATA ? "DPM-Solver++" : "DPM-Solver")
                            + "-12/23 with the official adaptive step control; order 2|3, 2|3 calls/attempt",
                    adaptiveOptions(List.of(OptionSpec.ofEnum(SOLVER_TYPE, UpdateType.MIDPOINT,
                                    "singlestep update form (official solver_type dpmsolver|taylor)"),
                            OptionSpec.ofDouble("theta", 0.9, "(0, 1]", "safety factor of the step update"),
                            OptionSpec.ofDouble("t-err", 1e-5, "(0, inf)", "tolerance on the final time"))),
                    options -> new AdaptiveDpmSolver(options.getInt("order", 3, 2, 3), side,
                            options.getEnum(SOLVER_TYPE, UpdateType.MIDPOINT), positive(options, "rtol", 0.05),
                            positive(options, "atol", 0.0078), positive(options, "h-init", 0.05),
                            new DpmSolverStepControl(options.getDouble("theta", 0.9, Double.MIN_VALUE, 1.0),
                                    positive(options, "t-err", 1e-5), true),
                            options.getInt("max-evaluations", AdaptiveDpmSolver.DEFAULT_MAX_EVALUATIONS, 3,
                                    Integer.MAX_VALUE))));
        }
        registry.add(new SolverEntry(AdaptiveDpmSolver.PID_NAME, "exponential",
                "k-diffusion dpm_solver_adaptive: DPM-Solver-12/23, batch RMS error, PID step control",
                adaptiveOptions(List.of(OptionSpec.ofDouble("pcoeff", 0.0, "[0, inf)", "proportional coefficient"),
                        OptionSpec.ofDouble("icoeff", 1.0, "[0, inf)", "integral coefficient"),
                        OptionSpec.ofDouble("dcoeff", 0.0, "[0, inf)", "derivative coefficient"),
                        OptionSpec.ofDouble("accept-safety", 0.81, "(0, 1]", "smallest step factor accepted"))),
                options -> new AdaptiveDpmSolver(options.getInt("order", 3, 2, 3), ModelSide.NOISE,
                        UpdateType.MIDPOINT, positive(options, "rtol", 0.05), positive(options, "atol", 0.0078),
                        positive(options, "h-init", 0.05),
                        new PidStepControl(options.getDouble("pcoeff", 0.0, 0.0, Double.MAX_VALUE),
                                options.getDouble("icoeff", 1.0, 0.0, Double.MAX_VALUE),
                                options.getDouble("dcoeff", 0.0, 0.0, Double.MAX_VALUE),
                                options.getDouble("accept-safety", 0.81, Double.MIN_VALUE, 1.0)),
                        options.getInt("max-evaluations", AdaptiveDpmSolver.DEFAULT_MAX_EVALUATIONS, 3,
                                Integer.MAX_VALUE))));
    }

    private static List<OptionSpec> adaptiveOptions(List<OptionSpec> specific) {
        List<OptionSpec> all = new ArrayList<>(List.of(
                OptionSpec.ofInt("order", 3, "[2, 3]", "2 = DPM-Solver-12, 3 = DPM-Solver-23"),
                OptionSpec.ofDouble("rtol", 0.05, "(0, inf)", "relative tolerance"),
                OptionSpec.ofDouble("atol", 0.0078, "(0, inf)", "absolute tolerance"),
                OptionSpec.ofDouble("h-init", 0.05, "(0, inf)", "first step in lambda"),
                OptionSpec.ofInt("max-evaluations", AdaptiveDpmSolver.DEFAULT_MAX_EVALUATIONS, "[3, 2^31-1]",
                        "model-call budget")));
        all.addAll(specific);
        return all;
    }

    private static double positive(SolverOptions options, String name, double def) {
        return options.getDouble(name, def, Double.MIN_VALUE, Double.MAX_VALUE);
    }
}
