package io.samplerkit.solvers.multistep;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.Family;
import io.samplerkit.solvers.NumberRange;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverFamily;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.exponential.ExponentialSolvers;
import io.samplerkit.solvers.exponential.ThirdOrder;
import io.samplerkit.solvers.internal.ModelSide;
import io.samplerkit.solvers.internal.MultistepStart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The {@code multistep} family's registry entries: UniPC, PNDM/PLMS, LMS, and UniC on the multistep predictors
 * of the exponential family. Found by {@link java.util.ServiceLoader} as a {@link SolverFamily}.
 */
public final class MultistepSolvers implements SolverFamily {

    /** Diffusers' step offset of PNDM/PLMS. */
    public static final Option<Double> STEP_OFFSET = Option.ofDouble("diffusers-step-offset", 0.0,
            NumberRange.NON_NEGATIVE, "diffusers compatibility: 0 steps on the grid; > 0 transfers every PLMS step "
                    + "from t to t - offset (num_train_timesteps // num_inference_steps, in schedule time; at most "
                    + "tMax - t_1)");
    /** Diffusers' PRK midpoint offset; its default is half the step offset. */
    public static final Option<Double> HALF_OFFSET = Option.ofDouble("diffusers-half-offset", 0.0,
            NumberRange.NON_NEGATIVE, "diffusers PRK midpoint offset (offset // 2 in timesteps), at most "
                    + "diffusers-step-offset; default offset/2");
    /** Diffusers' set_alpha_to_one. */
    public static final Option<Boolean> ALPHA_TO_ONE = Option.ofBoolean("diffusers-alpha-to-one", false,
            "diffusers set_alpha_to_one: a target before the schedule's first time is clean data");
    /** What PNDM's fixed weights combine. */
    public static final Option<PndmCombination> COMBINE = Option.ofEnum("combine", PndmCombination.NOISE,
            "what the fixed weights combine: noise predictions (the paper), or velocities converted "
                    + "with the transfer's start point (diffusers prediction_type=v_prediction)");
    /** Start of LMS: reference or refined (the singlestep start is refused, see {@link LinearMultistep}). */
    public static final Option<MultistepStart> LMS_START = ExponentialSolvers.START.withDescription(
            "warm-up: reference (first-order first step) or refined (warm-up points moved to the start; same NFE); "
                    + "singlestep is refused");
    /** History points of LMS. */
    public static final Option<Integer> LMS_ORDER = Option.ofInt("order", 4, 1, LinearMultistep.MAX_ORDER,
            "number of history points (1 = Euler)");
    /** UniPC predictor order. */
    public static final Option<Integer> ORDER = Option.ofInt("order", 2, 1, 3,
            "predictor order p (the corrector is UniC-p)");
    /** UniPC's prediction side. */
    public static final Option<ModelSide> PREDICTION = Option.ofEnum("prediction", ModelSide.DATA,
            "data (official data_prediction, diffusers predict_x0) or noise prediction");
    /** UniPC's lower-order-final. */
    public static final Option<Boolean> LOWER_ORDER_FINAL = Option.ofBoolean("lower-order-final", true,
            "use at most the number of remaining steps as order (UniPC: for every step count)");
    /** Steps whose result is not corrected. */
    public static final Option<List<Integer>> DISABLE_CORRECTOR = Option.ofIntList("disable-corrector", 0,
            Integer.MAX_VALUE, "0-based step indices whose result is not corrected (diffusers disable_corrector)");
    /** B(h) of a UniC corrector on another predictor. */
    public static final Option<UniPcVariant> CORRECTOR_VARIANT = Option.ofEnum("corrector-variant", UniPcVariant.BH2,
            "B(h) of the UniC corrector: bh1 (h) or bh2 (e^h - 1); vary-coeff-reference as published");

    /** Options of a UniC corrector attached to another multistep predictor. */
    private static final List<Option<?>> UNIC_OPTIONS = List.of(CORRECTOR_VARIANT, DISABLE_CORRECTOR);

    /** Required by {@link java.util.ServiceLoader}. */
    public MultistepSolvers() {
    }

    @Override
    public List<SolverEntry> entries() {
        List<SolverEntry> all = new ArrayList<>();
        all.add(new SolverEntry(LinearMultistep.NAME, Family.MULTISTEP,
                "linear multistep (k-diffusion/diffusers LMS) in EDM coordinates, exact Lagrange weights; 1 call/step",
                List.of(LMS_ORDER, LMS_START), options -> new LinearMultistep(options.get(LMS_ORDER),
                        options.get(LMS_START))));
        all.add(pndm(PndmMethod.F_PNDM,
                "F-PNDM: 3 pseudo Runge-Kutta warm-up steps, then PLMS (AB4 on noise); measured order 2 (4 only on "
                        + "uniform-rho steps); N+9 calls"));
        all.add(pndm(PndmMethod.S_PNDM, "S-PNDM: pseudo improved-Euler warm-up, then AB2 on noise; order 2; N+1 calls"));
        all.add(pndm(PndmMethod.PLMS,
                "PLMS (diffusers skip_prk_steps): pseudo improved Euler, then AB2, AB3, AB4 on noise; "
                        + "measured order 2 (4 only on uniform-rho steps); N+1 calls"));
        all.add(uniPc(UniPcVariant.BH1,
                "UniPC with B(h) = h (official default): UniP-p predictor + UniC-p corrector, 1 call/step"));
        all.add(uniPc(UniPcVariant.BH2,
                "UniPC with B(h) = e^h - 1 (diffusers default): UniP-p + UniC-p, 1 call/step"));
        all.add(uniPc(UniPcVariant.VARY_COEFF_REFERENCE,
                "UniPC vary_coeff exactly as the official code computes it (reference reproduction only: "
                        + "first order for p >= 2)"));

        all.add(ExponentialSolvers.multistep("dpmpp-2m-unic", ModelSide.DATA, 2, ThirdOrder.REFERENCE,
                "DPM-Solver++(2M) predictor + UniC-2 corrector: order 3, 1 call/step", UNIC_OPTIONS,
                MultistepSolvers::unic));
        all.add(ExponentialSolvers.multistep("dpmpp-3m-unic", ModelSide.DATA, 3, ThirdOrder.REFERENCE,
                "DPM-Solver++(3M) as published (order 2) + UniC-3 corrector: order 3, 1 call/step", UNIC_OPTIONS,
                MultistepSolvers::unic));
        all.add(ExponentialSolvers.multistep("dpmpp-3m-corrected-unic", ModelSide.DATA, 3,
                ThirdOrder.CORRECTED, "DPM-Solver++(3M) with the corrected D2 weight + UniC-3 corrector: measured "
                        + "order 3 from a normal start, 1 call/step", UNIC_OPTIONS, MultistepSolvers::unic));
        all.add(ExponentialSolvers.multistep("dpmpp-multistep-unic", ModelSide.DATA, 0, ThirdOrder.REFERENCE,
                "multistep DPM-Solver++ (orders 1-3) + UniC corrector of the same order", UNIC_OPTIONS,
                MultistepSolvers::unic));
        all.add(ExponentialSolvers.multistep("dpm-solver-multistep-unic", ModelSide.NOISE, 0,
                ThirdOrder.REFERENCE, "multistep DPM-Solver (noise, orders 1-3) + UniC corrector of the same order; "
                        + "default start singlestep (measured best)", MultistepStart.SINGLESTEP,
                UNIC_OPTIONS, MultistepSolvers::unic));
        all.add(ExponentialSolvers.deisMultistep("deis-unic",
                "DEIS multistep (log rho, noise prediction) + UniC corrector of the same order; default start "
                        + "singlestep (measured best)", MultistepStart.SINGLESTEP, UNIC_OPTIONS, MultistepSolvers::unic));
        return all;
    }

    private static UniC unic(SolverOptions options) {
        return new UniC(options.get(CORRECTOR_VARIANT), new HashSet<>(options.get(DISABLE_CORRECTOR)));
    }

    private static SolverEntry uniPc(UniPcVariant variant, String description) {
        String name = variant.registryName();
        return new SolverEntry(name, Family.MULTISTEP, description,
                List.of(ORDER, PREDICTION, LOWER_ORDER_FINAL, DISABLE_CORRECTOR, ExponentialSolvers.START,
                        ExponentialSolvers.FINAL),
                o -> new UniPc(variant, o.get(PREDICTION), o.get(ORDER), o.get(LOWER_ORDER_FINAL),
                        new HashSet<>(o.get(DISABLE_CORRECTOR)), o.get(ExponentialSolvers.START),
                        ExponentialSolvers.finalSteps(o, LOWER_ORDER_FINAL)));
    }

    private static SolverEntry pndm(PndmMethod method, String description) {
        return new SolverEntry(method.registryName(), Family.MULTISTEP, description,
                List.of(STEP_OFFSET, HALF_OFFSET, ALPHA_TO_ONE, COMBINE),
                o -> new Pndm(method, diffusersStepping(o), o.get(COMBINE)));
    }

    private static DiffusersStepping diffusersStepping(SolverOptions options) {
        double offset = options.get(STEP_OFFSET);
        double half = options.has(HALF_OFFSET) ? options.get(HALF_OFFSET) : offset / 2;
        boolean alphaToOne = options.get(ALPHA_TO_ONE);
        if (offset == 0.0) {
            // without diffusers stepping the dependent options may only repeat their defaults (0, false)
            if (half != 0.0) {
                throw new InvalidInputException("options." + HALF_OFFSET.name(), half,
                        "0 without diffusers-step-offset > 0");
            }
            if (alphaToOne) {
                throw new InvalidInputException("options." + ALPHA_TO_ONE.name(), true,
                        "false without diffusers-step-offset > 0");
            }
            return null;
        }
        if (!(half <= offset)) {
            throw new InvalidInputException("options." + HALF_OFFSET.name(), half, "in [0, diffusers-step-offset="
                    + offset + "]");
        }
        return new DiffusersStepping(offset, half, alphaToOne);
    }
}
