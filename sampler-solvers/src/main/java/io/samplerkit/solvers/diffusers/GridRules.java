package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.DiffusersSpacing;
import io.samplerkit.core.schedule.Linspace;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.exponential.OrderAllocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** diffusers' {@code set_timesteps}, class by class (see {@link DiffusersGrid}). */
final class GridRules {

    /** PNDM's number of pseudo Runge-Kutta warm-up points. */
    private static final int PNDM_ORDER = 4;

    /** UniPC's flow grid starts this far below 1. */
    private static final double UNIPC_FLOW_START_GAP = 1e-6;

    private GridRules() {
    }

    static DiffusersGrid compute(SchedulerConfig c, SetTimesteps call, Precision p) {
        SchedulerClass cls = c.schedulerClass();
        if (call.sigmas() != null && cls != SchedulerClass.FLOW_MATCH_EULER) {
            throw new InvalidInputException("sigmas", "custom sigmas", "absent: " + cls.className()
                    + "'s set_timesteps does not take custom sigmas");
        }
        if (call.hasMu() && !cls.accepts("use_dynamic_shifting")) {
            throw new InvalidInputException("mu", call.mu(), "absent: " + cls.className()
                    + "'s set_timesteps does not take mu");
        }
        DiffusersGrid grid = byClass(c, call, p);
        if (p == Precision.FLOAT32 && grid.integerTimesteps()) {
            // integer timesteps come from the float64 tables: diffusers' float32 run rounds or truncates values that
            // passed through numpy's float32 log, which is not correctly rounded, and both runs agree on them
            DiffusersGrid exact = byClass(c, call, Precision.FLOAT64);
            grid = new DiffusersGrid(exact.timesteps(), true, grid.sigmas(), grid.initNoiseSigma(), grid.order(),
                    grid.orderList(), grid.alphasCumprodAtTimesteps(), grid.finalAlphaCumprod(), grid.warnings(), p);
        }
        return grid;
    }

    private static DiffusersGrid byClass(SchedulerConfig c, SetTimesteps call, Precision p) {
        SchedulerClass cls = c.schedulerClass();
        return switch (cls) {
            case DDIM -> ddim(c, call.steps(), p);
            case DDPM -> ddpm(c, call.steps(), p);
            case PNDM -> pndm(c, call.steps(), p);
            case EULER, EULER_ANCESTRAL, HEUN, LMS -> sigmaScheduler(c, call.steps(), p);
            case DPM_SOLVER_MULTISTEP, DPM_SOLVER_SINGLESTEP, UNIPC, DEIS, SA_SOLVER -> multistep(c, call, p);
            case FLOW_MATCH_EULER, FLOW_MATCH_HEUN -> flowMatch(c, call, p);
        };
    }

    private static DiffusersSpacing spacing(SchedulerConfig c, DiffusersSpacing.Family family) {
        String name = c.schedulerClass().accepts("timestep_spacing") ? c.string("timestep_spacing") : "linspace";
        int offset = c.schedulerClass().accepts("steps_offset") ? c.integer("steps_offset") : 0;
        return new DiffusersSpacing(DiffusersSpacing.Spacing.valueOf(name.toUpperCase(Locale.ROOT)), family, offset,
                Double.NEGATIVE_INFINITY);
    }

    private static void requireSteps(SchedulerConfig c, int steps) {
        int n = c.integer("num_train_timesteps");
        if (steps > n) {
            throw new InvalidInputException("num_inference_steps", steps,
                    "at most num_train_timesteps=" + n);
        }
    }

    private static double[] asDoubles(int[] v) {
        return Arrays.stream(v).asDoubleStream().toArray();
    }

    private static double[] spacedTimesteps(SchedulerConfig c, DiffusersSpacing spacing, int steps) {
        int n = c.integer("num_train_timesteps");
        try {
            return spacing.timesteps(n, steps);
        } catch (IllegalArgumentException e) {
            throw spacingFailure(spacing, steps, e, rule -> rule.timesteps(n, steps));
        }
    }

    /**
     * The error of a spacing that gives no valid timesteps: it names {@code steps_offset} when the same spacing
     * without the offset is valid (the offset pushes the timesteps off the table), else the step count.
     */
    private static InvalidInputException spacingFailure(DiffusersSpacing spacing, int steps, IllegalArgumentException e,
            Consumer<DiffusersSpacing> attempt) {
        if (spacing.stepsOffset() > 0) {
            try {
                attempt.accept(new DiffusersSpacing(spacing.spacing(), spacing.family(), 0, spacing.lambdaMinClipped()));
                return new InvalidInputException("steps_offset", spacing.stepsOffset(), "an offset that keeps the "
                        + steps + " timesteps of " + spacing.describe() + " on the training table ("
                        + e.getMessage() + ")");
            } catch (IllegalArgumentException ignored) {
                // the step count fails without the offset too
            }
        }
        return new InvalidInputException("num_inference_steps", steps, "a step count for which "
                + spacing.describe() + " gives valid timesteps (" + e.getMessage() + ")");
    }

    // ---------------------------------------------------------------- DDIM, PNDM

    private static DiffusersGrid ddim(SchedulerConfig c, int steps, Precision p) {
        requireSteps(c, steps);
        TrainingTable table = TrainingTable.of(c, p);
        double[] ts = spacedTimesteps(c, spacing(c, DiffusersSpacing.Family.DDIM), steps);
        return discreteVp(c, table, ts);
    }

    /**
     * DDPMScheduler: DDIM's spacing rules; each step goes to the next timestep and the last one to
     * {@code alphas_cumprod = 1} ({@code previous_timestep} walks the list once {@code set_timesteps} ran).
     */
    private static DiffusersGrid ddpm(SchedulerConfig c, int steps, Precision p) {
        requireSteps(c, steps);
        TrainingTable table = TrainingTable.of(c, p);
        double[] ts = spacedTimesteps(c, spacing(c, DiffusersSpacing.Family.DDIM), steps);
        return discreteVp(table, ts, 1.0);
    }

    private static DiffusersGrid discreteVp(SchedulerConfig c, TrainingTable table, double[] ts) {
        return discreteVp(table, ts, c.bool("set_alpha_to_one") ? 1.0 : table.alphasCumprod()[0]);
    }

    private static DiffusersGrid discreteVp(TrainingTable table, double[] ts, double last) {
        double[] acp = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            acp[i] = table.alphasCumprod()[(int) ts[i]];
        }
        return new DiffusersGrid(ts, true, null, 1.0, 1, null, acp, last, List.of(), table.precision());
    }

    private static DiffusersGrid pndm(SchedulerConfig c, int k, Precision p) {
        requireSteps(c, k);
        TrainingTable table = TrainingTable.of(c, p);
        double[] d = spacedTimesteps(c, spacing(c, DiffusersSpacing.Family.DDIM), k);
        double[] ts;
        if (c.bool("skip_prk_steps")) {
            if (k == 1) {
                ts = d;
            } else {
                ts = new double[k + 1];
                ts[0] = d[0];
                ts[1] = d[1];
                System.arraycopy(d, 1, ts, 2, k - 1);
            }
        } else {
            if (k < PNDM_ORDER) {
                throw new InvalidInputException("num_inference_steps", k, "at least " + PNDM_ORDER
                        + " when skip_prk_steps is false (PNDM's Runge-Kutta warm-up spans the last 4 timesteps; "
                        + "diffusers fails with a numpy broadcast error)");
            }
            int half = c.integer("num_train_timesteps") / k / 2;
            List<Double> list = new ArrayList<>();
            list.add(d[0]);
            for (int j = 1; j < PNDM_ORDER; j++) {
                list.add(d[j] + half);
                list.add(d[j] + half);
                list.add(d[j]);
                if (j < PNDM_ORDER - 1) {
                    list.add(d[j]);
                }
            }
            for (int j = PNDM_ORDER - 1; j < k; j++) {
                list.add(d[j]);
            }
            ts = list.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return discreteVp(c, table, ts);
    }

    // ---------------------------------------------------------------- Euler, EulerAncestral, Heun, LMS

    private static DiffusersGrid sigmaScheduler(SchedulerConfig c, int k, Precision p) {
        requireSteps(c, k);
        SchedulerClass cls = c.schedulerClass();
        TrainingTable table = TrainingTable.of(c, p);
        double[] ts = spacedTimesteps(c, spacing(c, DiffusersSpacing.Family.EULER), k);
        p.roundAll(ts);
        double[] train = table.sigmas();
        double[] sig = new double[k];
        for (int i = 0; i < k; i++) {
            sig[i] = SigmaSpacings.interp(ts[i], train);
        }
        double[] respaced = respace(c, sig[0], sig[k - 1], k);
        if (respaced != null) {
            sig = respaced;
            double[] logSigmas = table.logSigmas();
            for (int i = 0; i < k; i++) {
                ts[i] = SigmaSpacings.sigmaToT(sig[i], logSigmas);
            }
        }
        double last = cls == SchedulerClass.EULER && c.string("final_sigmas_type").equals("sigma_min")
                ? table.sigma(0) : 0.0;
        double[] sigmas = p.roundAll(append(sig, last));
        p.roundAll(ts);
        if (cls == SchedulerClass.EULER && c.string("timestep_type").equals("continuous")
                && c.string("prediction_type").equals("v_prediction")) {
            // EDM's noise conditioning c_noise = log(sigma)/4 (Karras et al. 2022, Table 1) as the timestep
            for (int i = 0; i < k; i++) {
                ts[i] = p.round(0.25 * p.round(Math.log(sigmas[i])));
            }
        }
        int order = 1;
        if (cls == SchedulerClass.HEUN) {
            sigmas = interleave(sigmas, true);
            ts = interleave(ts, false);
            order = 2;
        }
        double max = Arrays.stream(sigmas).max().orElseThrow();
        String spacing = c.string("timestep_spacing");
        double init = spacing.equals("linspace") || spacing.equals("trailing") ? max
                : p.round(Math.sqrt(p.round(max * max) + 1));
        return new DiffusersGrid(ts, false, sigmas, init, order, null, null, Double.NaN, List.of(), p);
    }

    /** Karras / exponential / beta sigmas between the given levels (config bounds win) when asked for, else null. */
    private static double[] respace(SchedulerConfig c, double sigmaMax, double sigmaMin, int k) {
        SchedulerClass cls = c.schedulerClass();
        boolean ownMax = cls.accepts("sigma_max") && c.has("sigma_max");
        boolean ownMin = cls.accepts("sigma_min") && c.has("sigma_min");
        double max = ownMax ? c.number("sigma_max") : sigmaMax;
        double min = ownMin ? c.number("sigma_min") : sigmaMin;
        boolean respaced = flag(c, "use_karras_sigmas") || flag(c, "use_exponential_sigmas")
                || flag(c, "use_beta_sigmas");
        if (respaced && k > 1 && !(min < max)) {
            String key = ownMin ? "sigma_min" : "sigma_max";
            throw new InvalidInputException(key, ownMin || ownMax ? c.value(key) : max, ownMin
                    ? "below the largest sigma of the respaced grid, sigma_max = " + max
                    : "above the smallest sigma of the respaced grid, sigma_min = " + min);
        }
        if (flag(c, "use_karras_sigmas")) {
            return SigmaSpacings.karras(max, min, k);
        }
        if (flag(c, "use_exponential_sigmas")) {
            return SigmaSpacings.exponential(max, min, k);
        }
        if (flag(c, "use_beta_sigmas")) {
            return SigmaSpacings.beta(max, min, k);
        }
        return null;
    }

    private static boolean flag(SchedulerConfig c, String key) {
        return c.schedulerClass().accepts(key) && c.bool(key);
    }

    /** {@code [v0, v1, v1, ..., v_last]}: every entry after the first doubled, a final one kept single if asked. */
    static double[] interleave(double[] v, boolean keepLastSingle) {
        int doubled = keepLastSingle ? v.length - 2 : v.length - 1;
        double[] out = new double[1 + 2 * doubled + (keepLastSingle ? 1 : 0)];
        int m = 0;
        out[m++] = v[0];
        for (int i = 1; i <= doubled; i++) {
            out[m++] = v[i];
            out[m++] = v[i];
        }
        if (keepLastSingle) {
            out[m] = v[v.length - 1];
        }
        return out;
    }

    private static double[] append(double[] v, double last) {
        double[] r = Arrays.copyOf(v, v.length + 1);
        r[v.length] = last;
        return r;
    }

    // ---------------------------------------------------------------- DPM-Solver, UniPC, DEIS, SA-Solver

    private static DiffusersGrid multistep(SchedulerConfig c, SetTimesteps call, Precision p) {
        int k = call.steps();
        requireSteps(c, k);
        SchedulerClass cls = c.schedulerClass();
        TrainingTable table = TrainingTable.of(c, p);
        int n = table.size();
        List<String> warnings = new ArrayList<>();
        double[] sig;
        double[] ts;
        boolean respacedOrFlow = true;
        boolean dynamic = flag(c, "use_dynamic_shifting");
        if (dynamic && !call.hasMu() && flag(c, "use_flow_sigmas")) {
            throw new InvalidInputException("mu", "absent", "a number when use_dynamic_shifting is true");
        }
        if (flag(c, "use_flow_sigmas")) {
            double shift = call.hasMu() ? Math.exp(call.mu()) : c.number("flow_shift");
            double[] a = Linspace.numpy(1.0, 1.0 / n, k + 1);
            sig = new double[k];
            for (int i = 0; i < k; i++) {
                double u = cls == SchedulerClass.UNIPC ? a[i] : 1.0 - a[k - i];
                sig[i] = shift * u / (1 + (shift - 1) * u);
            }
            if (cls == SchedulerClass.UNIPC && sig[0] > 1 - UNIPC_FLOW_START_GAP) {
                sig[0] = 1 - UNIPC_FLOW_START_GAP;
            }
            if (call.hasMu()) {
                requireShiftedLevels(sig, "mu", call.mu());
            } else {
                requireShiftedLevels(sig, "flow_shift", c.value("flow_shift"));
            }
            ts = new double[k];
            for (int i = 0; i < k; i++) {
                ts[i] = (long) (sig[i] * n);
            }
        } else {
            double[] train = table.sigmas();
            double[] logSigmas = table.logSigmas();
            boolean lu = flag(c, "use_lu_lambdas");
            double[] respaced = lu ? SigmaSpacings.logSpaced(logSigmas[n - 1], logSigmas[0], k)
                    : respace(c, train[n - 1], train[0], k);
            if (respaced != null) {
                sig = respaced;
                boolean round = lu || flag(c, "use_karras_sigmas");
                ts = new double[k];
                for (int i = 0; i < k; i++) {
                    double t = SigmaSpacings.sigmaToT(sig[i], logSigmas);
                    ts[i] = round ? Math.rint(t) : (long) t;
                }
            } else {
                respacedOrFlow = false;
                ts = asDoubles(multistepSpacing(c, table, k));
                sig = new double[ts.length];
                for (int i = 0; i < ts.length; i++) {
                    sig[i] = SigmaSpacings.interp(ts[i], train);
                }
            }
        }
        double last = finalSigma(c, table, sig, respacedOrFlow);
        double[] sigmas = p.roundAll(append(sig, last));
        int[] orders = null;
        if (cls == SchedulerClass.DPM_SOLVER_SINGLESTEP) {
            boolean lowerFinal = c.bool("lower_order_final");
            int order = c.integer("solver_order");
            if (!lowerFinal && (k % order != 0 || c.string("final_sigmas_type").equals("zero"))) {
                warnings.add("DPMSolverSinglestepScheduler sets lower_order_final=True (num_inference_steps=" + k
                        + ", solver_order=" + order + ", final_sigmas_type=" + c.string("final_sigmas_type")
                        + "), as diffusers does in set_timesteps");
                lowerFinal = true;
            }
            orders = OrderAllocation.diffusersOrderList(k, order, lowerFinal, c.string("final_sigmas_type").equals("zero"));
        }
        return new DiffusersGrid(ts, true, sigmas, 1.0, 1, orders, null, Double.NaN, List.copyOf(warnings), p);
    }

    private static int[] multistepSpacing(SchedulerConfig c, TrainingTable table, int k) {
        SchedulerClass cls = c.schedulerClass();
        double clip = cls.accepts("lambda_min_clipped") ? c.number("lambda_min_clipped") : Double.NEGATIVE_INFINITY;
        DiffusersSpacing.Spacing spacing = cls == SchedulerClass.DPM_SOLVER_SINGLESTEP
                ? DiffusersSpacing.Spacing.LINSPACE
                : DiffusersSpacing.Spacing.valueOf(c.string("timestep_spacing").toUpperCase(Locale.ROOT));
        int offset = cls.accepts("steps_offset") ? c.integer("steps_offset") : 0;
        double a0 = table.alphasCumprod()[0];
        double lambda0 = 0.5 * Math.log(a0 / (1 - a0));
        if (!(lambda0 >= clip)) {
            throw new InvalidInputException("lambda_min_clipped", c.value("lambda_min_clipped"), "at most the "
                    + "largest log-SNR/2 of the training table, " + lambda0 + " (training index 0); a larger value "
                    + "clips every training level");
        }
        DiffusersSpacing rule = new DiffusersSpacing(spacing, DiffusersSpacing.Family.MULTISTEP, offset, clip);
        VpDiscreteSchedule schedule = VpDiscreteSchedule.fromAlphasCumprod(table.alphasCumprod());
        try {
            return rule.trainTimesteps(schedule, k);
        } catch (IllegalArgumentException e) {
            throw spacingFailure(rule, k, e, r -> r.trainTimesteps(schedule, k));
        }
    }

    private static double finalSigma(SchedulerConfig c, TrainingTable table, double[] sig, boolean respacedOrFlow) {
        SchedulerClass cls = c.schedulerClass();
        if (cls == SchedulerClass.DEIS || cls == SchedulerClass.SA_SOLVER) {
            // no final_sigmas_type: the sigma of training index 0 appended, or Karras sigmas' last one repeated
            return respacedOrFlow ? sig[sig.length - 1] : table.sigma(0);
        }
        if (c.string("final_sigmas_type").equals("zero")) {
            return 0.0;
        }
        if (cls == SchedulerClass.UNIPC && respacedOrFlow) {
            return sig[sig.length - 1];
        }
        return table.sigma(0);
    }

    // ---------------------------------------------------------------- FlowMatch

    private static DiffusersGrid flowMatch(SchedulerConfig c, SetTimesteps call, Precision p) {
        SchedulerClass cls = c.schedulerClass();
        int n = c.integer("num_train_timesteps");
        double shift = c.number("shift");
        boolean dynamic = cls == SchedulerClass.FLOW_MATCH_EULER && c.bool("use_dynamic_shifting");
        if (dynamic && !call.hasMu()) {
            throw new InvalidInputException("mu", "absent", "a number when use_dynamic_shifting is true");
        }
        // __init__: sigma_max and sigma_min of the training grid (shifted unless dynamic)
        double sigmaMax = p.round(p.round(n) / n);
        double sigmaMin = p.round(p.round(1.0) / n);
        if (!dynamic) {
            sigmaMax = shiftStatic(sigmaMax, shift, p);
            sigmaMin = shiftStatic(sigmaMin, shift, p);
        }
        double[] sig;
        int k;
        double[] custom = call.sigmas();
        if (custom == null) {
            k = call.steps();
            sig = Linspace.numpy(sigmaMax * n, sigmaMin * n, k);
            for (int i = 0; i < k; i++) {
                sig[i] = sig[i] / n;
            }
        } else {
            sig = p.roundAll(custom);
            k = sig.length;
        }
        for (int i = 0; i < k; i++) {
            sig[i] = dynamic ? Math.exp(call.mu()) / (Math.exp(call.mu()) + (1 / sig[i] - 1))
                    : shift * sig[i] / (1 + (shift - 1) * sig[i]);
        }
        if (custom != null) {
            p.roundAll(sig);
        }
        if (cls == SchedulerClass.FLOW_MATCH_EULER) {
            double[] respaced = respace(c, sig[0], sig[k - 1], k);
            if (respaced != null) {
                sig = respaced;
            }
        }
        p.roundAll(sig);
        if (dynamic) {
            requireShiftedLevels(sig, "mu", call.mu());
        } else {
            requireShiftedLevels(sig, "shift", c.value("shift"));
        }
        double[] ts = new double[k];
        for (int i = 0; i < k; i++) {
            ts[i] = p.round(sig[i] * n);
        }
        double[] sigmas = append(sig, 0.0);
        int order = 1;
        if (cls == SchedulerClass.FLOW_MATCH_HEUN) {
            ts = interleave(ts, false);
            sigmas = interleave(sigmas, true);
            order = 2;
        }
        return new DiffusersGrid(ts, false, sigmas, Double.NaN, order, null, null, Double.NaN, List.of(), p);
    }

    /**
     * A flow shift so extreme that the shifted sigmas are no longer finite and strictly decreasing (they all round
     * to 1, or underflow to 0) leaves no grid to step through; such a setting is refused, naming it.
     */
    private static void requireShiftedLevels(double[] sig, String key, Object value) {
        for (int i = 0; i < sig.length; i++) {
            boolean ok = sig[i] >= 0 && sig[i] <= 1 && (i == 0 || sig[i] < sig[i - 1]);
            if (!ok) {
                throw new InvalidInputException(key, value, "a shift whose shifted sigmas stay distinct in [0, 1] "
                        + "(shifted sigma " + i + " is " + sig[i] + (i > 0 ? " after " + sig[i - 1] : "") + ")");
            }
        }
    }

    /** {@code shift s / (1 + (shift - 1) s)}, float32 operations in FLOAT32. */
    private static double shiftStatic(double s, double shift, Precision p) {
        if (p == Precision.FLOAT32) {
            float fs = (float) s;
            float num = (float) shift * fs;
            float den = 1.0f + (float) (shift - 1) * fs;
            return num / den;
        }
        return shift * s / (1 + (shift - 1) * s);
    }
}
