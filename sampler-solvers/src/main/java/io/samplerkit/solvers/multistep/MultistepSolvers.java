package io.samplerkit.solvers.multistep;

import io.samplerkit.solvers.OptionSpec;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.exponential.ExponentialSolvers;
import io.samplerkit.solvers.exponential.ThirdOrder;
import io.samplerkit.solvers.support.ModelSide;
import java.util.HashSet;
import java.util.List;

/**
 * Registers the {@code multistep} family: UniPC, PNDM/PLMS, LMS.
 */
public final class MultistepSolvers {

    private static final String FAMILY = "multistep";
    private static final String STEP_OFFSET = "diffusers-step-offset";
    private static final String HALF_OFFSET = "diffusers-half-offset";
    private static final String ALPHA_TO_ONE = "diffusers-alpha-to-one";
    private static final String COMBINE = "combine";

    private static final String ORDER = "order";
    private static final String PREDICTION = "prediction";
    private static final String LOWER_ORDER_FINAL = "lower-order-final";
    private static final String DISABLE_CORRECTOR = "disable-corrector";
    private static final String CORRECTOR_VARIANT = "corrector-variant";

    private MultistepSolvers() {
    }

    /**
     * @param registry builder to add to
     */
    public static void register(SolverRegistry.Builder registry) {
        registry.add(new SolverEntry(LinearMultistep.NAME, FAMILY,
                "linear multistep (k-diffusion/diffusers LMS) in EDM coordinates, exact Lagrange weights; 1 call/step",
                List.of(OptionSpec.ofInt(ORDER, 4, "[1, 4]", "number of history points (1 = Euler)")),
                options -> new LinearMultistep(options.getInt(ORDER, 4, 1, LinearMultistep.MAX_ORDER))));
        registerPndm(registry, PndmMethod.F_PNDM,
                "F-PNDM: 3 pseudo Runge-Kutta warm-up steps, then PLMS (AB4 on noise); order 4 on uniform-rho steps; "
                        + "N+9 calls");
        registerPndm(registry, PndmMethod.S_PNDM,
                "S-PNDM: pseudo improved-Euler warm-up, then AB2 on noise; order 2; N+1 calls");
        registerPndm(registry, PndmMethod.PLMS,
                "PLMS (diffusers skip_prk_steps): pseudo improved Euler, then AB2, AB3, AB4 on noise; "
                        + "order 4 on uniform-rho steps; N+1 calls");
        registerUniPc(registry, UniPcVariant.BH1,
                "UniPC with B(h) = h (official default): UniP-p predictor + UniC-p corrector, order p+1, 1 call/step");
        registerUniPc(registry, UniPcVariant.BH2,
                "UniPC with B(h) = e^h - 1 (diffusers default): UniP-p + UniC-p, order p+1, 1 call/step");
        registerUniPc(registry, UniPcVariant.VARY_COEFF_REFERENCE,
                "UniPC vary_coeff exactly as the official code computes it (reference reproduction only: "
                        + "first order for p >= 2)");

        registry.add(ExponentialSolvers.multistep("dpmpp-2m-unic", ModelSide.DATA, 2, ThirdOrder.REFERENCE,
                "DPM-Solver++(2M) predictor + UniC-2 corrector: order 3, 1 call/step", UNIC_OPTIONS,
                MultistepSolvers::unic));
        registry.add(ExponentialSolvers.multistep("dpmpp-3m-unic", ModelSide.DATA, 3, ThirdOrder.REFERENCE,
                "DPM-Solver++(3M) as published (order 2) + UniC-3 corrector: order 3, 1 call/step", UNIC_OPTIONS,
                MultistepSolvers::unic));
        registry.add(ExponentialSolvers.multistep("dpmpp-3m-corrected-unic", ModelSide.DATA, 3,
                ThirdOrder.CORRECTED, "DPM-Solver++(3M) with the corrected D2 weight + UniC-3 corrector: order 4, "
                        + "1 call/step", UNIC_OPTIONS, MultistepSolvers::unic));
        registry.add(ExponentialSolvers.multistep("dpmpp-multistep-unic", ModelSide.DATA, 0, ThirdOrder.REFERENCE,
                "multistep DPM-Solver++ (orders 1-3) + UniC corrector of the same order", UNIC_OPTIONS,
                MultistepSolvers::unic));
        registry.add(ExponentialSolvers.multistep("dpm-solver-multistep-unic", ModelSide.NOISE, 0,
                ThirdOrder.REFERENCE, "multistep DPM-Solver (noise, orders 1-3) + UniC corrector of the same order",
                UNIC_OPTIONS, MultistepSolvers::unic));
        registry.add(ExponentialSolvers.deisMultistep("deis-unic",
                "DEIS multistep (log rho, noise prediction) + UniC corrector of the same order", UNIC_OPTIONS,
                MultistepSolvers::unic));
    }

    /** Options of a UniC corrector attached to another multistep predictor. */
    private static final List<OptionSpec> UNIC_OPTIONS = List.of(
            OptionSpec.ofEnum(CORRECTOR_VARIANT, UniPcVariant.BH2,
                    "B(h) of the UniC corrector: bh1 (h) or bh2 (e^h - 1); vary-coeff-reference as published"),
            new OptionSpec(DISABLE_CORRECTOR, "int-list", "", "0-based step indices, ';'-separated",
                    "steps whose result is not corrected"));

    private static UniC unic(SolverOptions options) {
        return new UniC(options.getEnum(CORRECTOR_VARIANT, UniPcVariant.BH2),
                new HashSet<>(options.getIntList(DISABLE_CORRECTOR, 0, Integer.MAX_VALUE)));
    }

    private static void registerUniPc(SolverRegistry.Builder registry, UniPcVariant variant, String description) {
        List<OptionSpec> options = List.of(
                OptionSpec.ofInt(ORDER, 2, "[1, 3]", "predictor order p (the corrector is UniC-p)"),
                OptionSpec.ofEnum(PREDICTION, ModelSide.DATA,
                        "data (official data_prediction, diffusers predict_x0) or noise prediction"),
                OptionSpec.ofBoolean(LOWER_ORDER_FINAL, true,
                        "use at most the number of remaining steps as order (UniPC: for every step count)"),
                new OptionSpec(DISABLE_CORRECTOR, "int-list", "", "0-based step indices, ';'-separated",
                        "steps whose result is not corrected (diffusers disable_corrector)"));
        registry.add(new SolverEntry(variant.registryName(), FAMILY, description, options,
                o -> new UniPc(variant, o.getEnum(PREDICTION, ModelSide.DATA), o.getInt(ORDER, 2, 1, 3),
                        o.getBoolean(LOWER_ORDER_FINAL, true),
                        new HashSet<>(o.getIntList(DISABLE_CORRECTOR, 0, Integer.MAX_VALUE)))));
    }

    private static void registerPndm(SolverRegistry.Builder registry, PndmMethod method, String description) {
        List<OptionSpec> options = List.of(
                OptionSpec.ofDouble(STEP_OFFSET, 0.0, "[0, inf)",
                        "diffusers compatibility: 0 steps on the grid; > 0 transfers every PLMS step from t to "
                                + "t - offset (num_train_timesteps // num_inference_steps, in schedule time)"),
                OptionSpec.ofDouble(HALF_OFFSET, 0.0, "[0, offset]",
                        "diffusers PRK midpoint offset (offset // 2 in timesteps); default offset/2"),
                OptionSpec.ofBoolean(ALPHA_TO_ONE, false,
                        "diffusers set_alpha_to_one: a target before the schedule's first time is clean data"),
                OptionSpec.ofEnum(COMBINE, PndmCombination.NOISE,
                        "what the fixed weights combine: noise predictions (the paper), or velocities converted "
                                + "with the transfer's start point (diffusers prediction_type=v_prediction)"));
        registry.add(new SolverEntry(method.registryName(), FAMILY, description, options,
                o -> new Pndm(method, diffusersStepping(o), o.getEnum(COMBINE, PndmCombination.NOISE))));
    }

    private static DiffusersStepping diffusersStepping(SolverOptions options) {
        double offset = options.getDouble(STEP_OFFSET, 0.0, 0.0, Double.MAX_VALUE);
        double half = options.getDouble(HALF_OFFSET, offset / 2, 0.0, Double.MAX_VALUE);
        boolean alphaToOne = options.getBoolean(ALPHA_TO_ONE, false);
        if (offset == 0.0) {
            // without diffusers stepping the dependent options may only repeat their defaults (0, false)
            if (half != 0.0 || alphaToOne) {
                throw new IllegalArgumentException("option " + (half != 0.0 ? HALF_OFFSET : ALPHA_TO_ONE)
                        + " needs option " + STEP_OFFSET + " > 0 (diffusers stepping), got " + STEP_OFFSET + "=0");
            }
            return null;
        }
        if (!(half <= offset)) {
            throw new IllegalArgumentException("option " + HALF_OFFSET + " must be in [0, " + offset + "], got "
                    + half);
        }
        return new DiffusersStepping(offset, half, alphaToOne);
    }
}
