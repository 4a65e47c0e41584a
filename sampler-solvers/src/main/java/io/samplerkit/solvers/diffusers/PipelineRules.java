package io.samplerkit.solvers.diffusers;

import static io.samplerkit.solvers.diffusers.DiffusersPipeline.options;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.exponential.ExponentialSolvers;
import io.samplerkit.solvers.exponential.OrderAllocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Which registry solver, options and grid reproduce each diffusers class (see {@link DiffusersPipeline}). */
final class PipelineRules {

    /** First train timestep of diffusers' default SA-Solver {@code tau_func} window. */
    static final int SA_TAU_FIRST_TIMESTEP = 200;
    /** Last train timestep of that window. */
    static final int SA_TAU_LAST_TIMESTEP = 800;

    private PipelineRules() {
    }

    static DiffusersPipeline build(SchedulerConfig c, SetTimesteps call) {
        rejectUnsupported(c);
        DiffusersGrid grid = DiffusersGrid.of(c, call, Precision.FLOAT64);
        SchedulerClass cls = c.schedulerClass();
        boolean flowSigmas = cls.accepts("use_flow_sigmas") && c.bool("use_flow_sigmas");
        NoiseSchedule schedule = cls.family() == SchedulerClass.Family.FLOW || flowSigmas
                ? FlowMatchingSchedule.standard()
                : VpDiscreteSchedule.fromAlphasCumprod(TrainingTable.of(c, Precision.FLOAT64).alphasCumprod());
        Prediction prediction = prediction(c);
        return switch (cls) {
            case DDIM -> ddim(c, call, grid, (VpDiscreteSchedule) schedule, prediction);
            case DDPM -> ddpm(c, grid, (VpDiscreteSchedule) schedule, prediction);
            case PNDM -> pndm(c, call, grid, (VpDiscreteSchedule) schedule, prediction);
            case EULER -> sigmaRun(c, grid, schedule, prediction, "euler", options(), grid.sigmas());
            case EULER_ANCESTRAL -> sigmaRun(c, grid, schedule, prediction, "euler-ancestral",
                    options("eta", 1.0, "s-noise", 1.0), grid.sigmas());
            case LMS -> sigmaRun(c, grid, schedule, prediction, "lms", options("order", 4), grid.sigmas());
            case HEUN -> sigmaRun(c, grid, schedule, prediction, "heun", options(), deinterleave(grid.sigmas()));
            case DPM_SOLVER_MULTISTEP -> dpmMultistep(c, grid, schedule, prediction);
            case DPM_SOLVER_SINGLESTEP -> singlestep(c, call, grid, schedule, prediction);
            case UNIPC -> unipc(c, grid, schedule, prediction);
            case DEIS -> plain(c, grid, schedule, prediction, "deis", options("order", c.integer("solver_order"),
                    "lower-order-final", c.bool("lower_order_final")));
            case SA_SOLVER -> saSolver(c, grid, schedule, prediction);
            case FLOW_MATCH_EULER -> flowMatchEuler(c, grid, schedule);
            case FLOW_MATCH_HEUN -> throw new InvalidInputException("_class_name", cls.className(),
                    "a class whose sampling loop SamplerKit reproduces (FlowMatchHeun takes Heun steps in the flow "
                            + "time t; SamplerKit's heun steps in (x/alpha, sigma/alpha), a different method for "
                            + "flow; its grid is available through DiffusersGrid)");
        };
    }

    /** Keys whose setting changes the sampling loop in a way SamplerKit does not reproduce. */
    private static void rejectUnsupported(SchedulerConfig c) {
        SchedulerClass cls = c.schedulerClass();
        if (cls == SchedulerClass.HEUN && c.bool("clip_sample")) {
            throw new InvalidInputException("clip_sample", true, "false for HeunDiscreteScheduler (its clipping of "
                    + "x0 is not reproduced; DDIMScheduler's and DDPMScheduler's is)");
        }
        if (cls == SchedulerClass.DDIM && c.bool("thresholding")) {
            throw new InvalidInputException("thresholding", true, "false for DDIMScheduler (it thresholds x0 but "
                    + "keeps the model's noise estimate, which a thresholding model wrapper cannot reproduce)");
        }
        if (cls.accepts("variance_type") && c.has("variance_type")) {
            String v = c.string("variance_type");
            if (v.startsWith("learned") && cls != SchedulerClass.DDPM) {
                throw new InvalidInputException("variance_type", v, "null (only DDPMScheduler's sampler reads the "
                        + "network's variance channel)");
            }
            if (v.equals("fixed_large_log")) {
                throw new InvalidInputException("variance_type", v, "fixed_small, fixed_small_log, fixed_large, "
                        + "learned or learned_range (diffusers scales the noise of fixed_large_log by sqrt(log beta_t), "
                        + "NaN for beta_t < 1)");
            }
        }
        if (cls == SchedulerClass.EULER_ANCESTRAL && c.string("prediction_type").equals("sample")) {
            throw new InvalidInputException("prediction_type", "sample", "epsilon or v_prediction for "
                    + "EulerAncestralDiscreteScheduler (its step raises NotImplementedError for sample)");
        }
        if (cls.accepts("stochastic_sampling") && c.bool("stochastic_sampling")) {
            throw new InvalidInputException("stochastic_sampling", true, "false");
        }
        if (cls.accepts("algorithm_type") && c.string("algorithm_type").equals("sde-dpmsolver")) {
            throw new InvalidInputException("algorithm_type", "sde-dpmsolver",
                    "dpmsolver++, dpmsolver or sde-dpmsolver++ (the noise-side SDE solver is not implemented)");
        }
        if (cls == SchedulerClass.DPM_SOLVER_SINGLESTEP && c.string("algorithm_type").startsWith("sde")) {
            throw new InvalidInputException("algorithm_type", c.string("algorithm_type"),
                    "dpmsolver++ or dpmsolver for DPMSolverSinglestepScheduler (its SDE variants are not reproduced)");
        }
        if (cls.accepts("prediction_type")) {
            boolean flowSigmas = cls.accepts("use_flow_sigmas") && c.bool("use_flow_sigmas");
            String p = c.string("prediction_type");
            if (flowSigmas != p.equals("flow_prediction")) {
                throw new InvalidInputException("prediction_type", p, flowSigmas
                        ? "flow_prediction with use_flow_sigmas" : "epsilon, v_prediction or sample without "
                        + "use_flow_sigmas");
            }
        }
    }

    private static Prediction prediction(SchedulerConfig c) {
        if (!c.schedulerClass().accepts("prediction_type")) {
            return Prediction.FLOW;
        }
        return switch (c.string("prediction_type")) {
            case "epsilon" -> Prediction.NOISE;
            case "v_prediction" -> Prediction.VELOCITY;
            case "sample" -> Prediction.DATA;
            default -> Prediction.FLOW;
        };
    }

    private static DiffusersPipeline sigmaRun(SchedulerConfig c, DiffusersGrid grid, NoiseSchedule schedule,
            Prediction prediction, String name, Map<String, Object> options, double[] sigmas) {
        Timesteps ts = DiffusersPipeline.sigmaTimesteps(schedule, sigmas);
        return DiffusersPipeline.create(c, grid, schedule, prediction, name, options, List.of(ts), true, null);
    }

    private static DiffusersPipeline plain(SchedulerConfig c, DiffusersGrid grid, NoiseSchedule schedule,
            Prediction prediction, String name, Map<String, Object> options) {
        Timesteps ts = DiffusersPipeline.sigmaTimesteps(schedule, grid.sigmas());
        return DiffusersPipeline.create(c, grid, schedule, prediction, name, options, List.of(ts), false, null);
    }

    /** Heun's {@code [s0, s1, s1, ..., s_{n-1}, s_{n-1}, 0]} back to {@code [s0, ..., s_{n-1}, 0]}. */
    private static double[] deinterleave(double[] sigmas) {
        double[] rho = new double[sigmas.length / 2 + 1];
        rho[0] = sigmas[0];
        for (int k = 1; k < rho.length; k++) {
            rho[k] = sigmas[2 * k - 1];
        }
        return rho;
    }

    private static DiffusersPipeline dpmMultistep(SchedulerConfig c, DiffusersGrid grid, NoiseSchedule schedule,
            Prediction prediction) {
        String algorithm = c.string("algorithm_type");
        String name = switch (algorithm) {
            case "dpmsolver" -> "dpm-solver-multistep";
            case "sde-dpmsolver++" -> "dpmpp-sde-multistep";
            default -> "dpmpp-multistep";
        };
        // diffusers warms up with orders 1, 2, ..: with fewer steps than solver_order the full order is never
        // reached, which is the registry solver of order = steps
        Map<String, Object> o = options("order", Math.min(c.integer("solver_order"), grid.sigmas().length - 1));
        // the same step rules for the SDE: diffusers' step() lowers the order the same way for every algorithm, and
        // its sde-dpmsolver++ third-order update has the sign error SamplerKit reproduces only under that name
        o.put("solver-type", c.string("solver_type").equals("heun") ? "taylor" : "midpoint");
        o.put("third-order", algorithm.startsWith("sde") ? "diffusers" : "reference");
        o.put("lower-order-final", c.bool("lower_order_final"));
        o.put("lower-order-final-below", ExponentialSolvers.LOWER_ORDER_FINAL_BELOW_DIFFUSERS);
        o.put("euler-at-final", c.bool("euler_at_final"));
        return plain(c, grid, schedule, prediction, name, o);
    }

    /**
     * DPMSolverSinglestep: its order list read as steps over the grid ({@code allocation=diffusers}), or all steps of
     * the full order when it has no lower-order tail ({@code allocation=fixed}).
     */
    private static DiffusersPipeline singlestep(SchedulerConfig c, SetTimesteps call, DiffusersGrid grid,
            NoiseSchedule schedule, Prediction prediction) {
        int order = c.integer("solver_order");
        int k = call.steps();
        double[] sigmas = grid.sigmas();
        double end = sigmas[sigmas.length - 1];
        double beforeEnd = sigmas[sigmas.length - 2];
        if (end > 0 && Math.abs(end - beforeEnd) <= DiffusersPipeline.REPEATED_END_RTOL * beforeEnd) {
            throw new InvalidInputException("final_sigmas_type", c.string("final_sigmas_type"), "zero for "
                    + "DPMSolverSinglestepScheduler with respaced sigmas (their last one is already the table's "
                    + "smallest, so the last step would have zero length, which the singlestep solvers do not take)");
        }
        int[] list = grid.orderList();
        String allocation;
        if (Arrays.equals(list, OrderAllocation.diffusersOrderList(k, order, true, true))) {
            allocation = "diffusers";
        } else if (Arrays.equals(list, OrderAllocation.diffusersOrderList(k, order, false, false))) {
            allocation = "fixed";
        } else {
            throw new InvalidInputException("final_sigmas_type", c.string("final_sigmas_type"),
                    "zero, or sigma_min with num_inference_steps a multiple of solver_order (the order list "
                            + Arrays.toString(list) + " is not one of SamplerKit's singlestep allocations)");
        }
        String name = c.string("algorithm_type").equals("dpmsolver") ? "dpm-solver-singlestep" : "dpmpp-singlestep";
        return plain(c, grid, schedule, prediction, name, options("order", order, "solver-type",
                c.string("solver_type").equals("heun") ? "taylor" : "midpoint", "allocation", allocation,
                "second-stage", "diffusers"));
    }

    private static DiffusersPipeline unipc(SchedulerConfig c, DiffusersGrid grid, NoiseSchedule schedule,
            Prediction prediction) {
        boolean data = c.bool("predict_x0");
        double[] sigmas = grid.sigmas();
        if (!data && sigmas[sigmas.length - 1] == 0.0) {
            throw new InvalidInputException("predict_x0", false, "true when final_sigmas_type is zero (diffusers "
                    + "returns NaN there: the noise-side update to zero noise has lambda = +inf)");
        }
        List<Integer> disabled = new ArrayList<>();
        for (Object o : (List<?>) c.value("disable_corrector")) {
            disabled.add(((Number) o).intValue());
        }
        return plain(c, grid, schedule, prediction, "unipc-" + c.string("solver_type"), options(
                "order", c.integer("solver_order"), "prediction", data ? "data" : "noise",
                "lower-order-final", c.bool("lower_order_final"), "disable-corrector", disabled));
    }

    /**
     * SASolverScheduler → registry {@code sa-solver} with its orders, {@code lower_order_final}, diffusers' two-node
     * weights and data or noise prediction. diffusers' default {@code tau_func} is 1 on the integer train timesteps
     * 200..800 of a step's start, 0 elsewhere; on the discrete schedule train index {@code n} sits at time
     * {@code (n + 1)/N}, so the window is {@code [200.5/N, 801.5/N]}: half an index of margin on both sides keeps
     * exactly the steps diffusers gives tau = 1, also for Karras sigmas, whose timesteps diffusers rounds.
     */
    private static DiffusersPipeline saSolver(SchedulerConfig c, DiffusersGrid grid, NoiseSchedule schedule,
            Prediction prediction) {
        double n = c.integer("num_train_timesteps");
        return plain(c, grid, schedule, prediction, "sa-solver", options(
                "predictor-order", c.integer("predictor_order"), "corrector-order", c.integer("corrector_order"),
                "tau", 1.0, "tau-t-min", (SA_TAU_FIRST_TIMESTEP + 0.5) / n,
                "tau-t-max", (SA_TAU_LAST_TIMESTEP + 1.5) / n, "lower-order-final", c.bool("lower_order_final"),
                "second-order", "diffusers", "algorithm-type",
                c.string("algorithm_type").equals("noise_prediction") ? "noise-prediction" : "data-prediction"));
    }

    /**
     * FlowMatchEuler's {@code x' = x + (s' - s) v} is DDIM on the flow schedule, which is also Euler in
     * {@code (x/alpha, sigma/alpha)}: registry {@code euler}, after the pipeline's step from pure noise at t = 1.
     */
    private static DiffusersPipeline flowMatchEuler(SchedulerConfig c, DiffusersGrid grid, NoiseSchedule schedule) {
        double[] sigmas = grid.sigmas();
        if (sigmas[0] < 1.0) {
            return DiffusersPipeline.create(c, grid, schedule, Prediction.FLOW, "euler", options(),
                    List.of(DiffusersPipeline.sigmaTimesteps(schedule, sigmas)), false, null);
        }
        List<Timesteps> segments = new ArrayList<>();
        DiffusersPipeline.PureNoiseStep pure;
        if (sigmas.length > 2) {
            Timesteps rest = DiffusersPipeline.sigmaTimesteps(schedule, Arrays.copyOfRange(sigmas, 1, sigmas.length));
            segments.add(rest);
            pure = new DiffusersPipeline.PureNoiseStep(sigmas[0], rest.alpha(0), rest.sigma(0));
        } else {
            pure = new DiffusersPipeline.PureNoiseStep(sigmas[0], 1.0 - sigmas[1], sigmas[1]);
        }
        return DiffusersPipeline.create(c, grid, schedule, Prediction.FLOW, "euler", options(), segments, false,
                pure);
    }

    /**
     * A first timestep at zero SNR ({@code alphas_cumprod = 0}, e.g. {@code rescale_betas_zero_snr}) is the
     * pipeline's pure-noise step: it is taken off the first segment (the rest of that segment stays first).
     *
     * @return the pure-noise step, or {@code null} when the first timestep has noise and signal
     */
    private static DiffusersPipeline.PureNoiseStep pureNoiseStep(SchedulerConfig c, DiffusersGrid grid,
            NoiseSchedule schedule, Prediction prediction, List<Timesteps> segments) {
        if (grid.alphasCumprodAtTimesteps()[0] != 0.0) {
            return null;
        }
        requireDataFromPureNoise(c, prediction);
        Timesteps first = segments.remove(0);
        if (first.points() > 2) {
            segments.add(0, dropFirst(schedule, first));
        }
        return new DiffusersPipeline.PureNoiseStep(first.t(0), first.alpha(1), first.sigma(1));
    }

    private static void requireDataFromPureNoise(SchedulerConfig c, Prediction prediction) {
        if (prediction == Prediction.NOISE) {
            throw new InvalidInputException("prediction_type", "epsilon", "v_prediction or sample when the first "
                    + "timestep has zero SNR (rescale_betas_zero_snr): a noise prediction there carries no data");
        }
    }

    private static Timesteps dropFirst(NoiseSchedule schedule, Timesteps ts) {
        double[] t = Arrays.copyOfRange(ts.times(), 1, ts.points());
        if (ts.endsAtZeroNoise()) {
            return Timesteps.ofZeroNoiseEnd(schedule, Arrays.copyOf(t, t.length - 1));
        }
        return Timesteps.of(schedule, t);
    }

    private static DiffusersPipeline ddim(SchedulerConfig c, SetTimesteps call, DiffusersGrid grid,
            VpDiscreteSchedule schedule, Prediction prediction) {
        double[] n = grid.timesteps();
        int k = n.length;
        int stride = DiffusersPipeline.stride(c, call.steps());
        List<Timesteps> segments = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        times.add(schedule.timeOfIndex((int) n[0]));
        for (int i = 0; i < k; i++) {
            double prev = n[i] - stride;
            boolean last = i == k - 1;
            if (!last && prev == n[i + 1]) {
                times.add(schedule.timeOfIndex((int) n[i + 1]));
                continue;
            }
            double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
            if (prev >= 0) {
                double[] withEnd = Arrays.copyOf(t, t.length + 1);
                withEnd[t.length] = schedule.timeOfIndex((int) prev);
                segments.add(Timesteps.of(schedule, withEnd));
            } else if (grid.finalAlphaCumprod() == 1.0) {
                segments.add(Timesteps.ofZeroNoiseEnd(schedule, t));
            } else if (t[t.length - 1] > schedule.timeOfIndex(0)) {
                double[] withEnd = Arrays.copyOf(t, t.length + 1);
                withEnd[t.length] = schedule.timeOfIndex(0);
                segments.add(Timesteps.of(schedule, withEnd));
            } else {
                // from timestep 0 to alphas_cumprod[0]: diffusers calls the model and leaves the sample as it is
                // unless clip_sample clamps x0; a segment of its own, ddim's zero-length step
                if (t.length > 1) {
                    segments.add(Timesteps.of(schedule, t));
                }
                segments.add(Timesteps.ofRepeatedEnd(schedule, t[t.length - 1]));
            }
            if (!last) {
                times = new ArrayList<>();
                times.add(schedule.timeOfIndex((int) n[i + 1]));
            }
        }
        DiffusersPipeline.PureNoiseStep pure = pureNoiseStep(c, grid, schedule, prediction, segments);
        return DiffusersPipeline.create(c, grid, schedule, prediction, "ddim", options("eta", 0.0, "clip-sample",
                clipSample(c)), segments, false, pure);
    }

    /** {@code clip_sample_range} when the config clips x0 statically, else 0 (thresholding wins, as in diffusers). */
    static double clipSample(SchedulerConfig c) {
        SchedulerClass cls = c.schedulerClass();
        boolean thresholding = cls.accepts("thresholding") && c.bool("thresholding");
        return cls.accepts("clip_sample") && c.bool("clip_sample") && !thresholding
                ? c.number("clip_sample_range") : 0.0;
    }

    /**
     * @param variance diffusers' {@code variance_type} (fixed_large_log already rejected)
     * @return the {@code ddpm} option: learned and learned_range read the model's variance channel, which the run
     *     requires (the solver rejects a model without one before it starts)
     */
    private static String ddpmVariance(String variance) {
        switch (variance) {
            case "fixed_large":
                return "fixed-large";
            case "learned":
                return "learned";
            case "learned_range":
                return "learned-range";
            default:
                return "fixed-small";
        }
    }

    /**
     * DDPMScheduler: the ancestral step from each timestep to the next and from the last to zero noise
     * ({@code alphas_cumprod = 1}), registry {@code ddpm} with the config's variance and static clipping. A first
     * timestep at zero SNR is the pipeline's pure-noise step (as for DDIM).
     */
    private static DiffusersPipeline ddpm(SchedulerConfig c, DiffusersGrid grid, VpDiscreteSchedule schedule,
            Prediction prediction) {
        double[] n = grid.timesteps();
        double[] times = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            times[i] = schedule.timeOfIndex((int) n[i]);
        }
        String variance = c.string("variance_type");
        List<Timesteps> segments = new ArrayList<>(List.of(Timesteps.ofZeroNoiseEnd(schedule, times)));
        DiffusersPipeline.PureNoiseStep pure = pureNoiseStep(c, grid, schedule, prediction, segments);
        DiffusersPipeline p = DiffusersPipeline.create(c, grid, schedule, prediction, "ddpm", options("variance",
                ddpmVariance(variance), "clip-sample", clipSample(c)),
                segments, false, pure);
        if (n[n.length - 1] > 0 && variance.equals("fixed_large")) {
            return p.withWarning(String.format("DDPMScheduler with variance_type=fixed_large adds noise of variance "
                    + "1 - alphas_cumprod[%d] to the final sample (its last step starts at timestep %d > 0); "
                    + "SamplerKit's ddpm ends at the denoised sample, without that noise", (int) n[n.length - 1],
                    (int) n[n.length - 1]));
        }
        return p;
    }

    private static DiffusersPipeline pndm(SchedulerConfig c, SetTimesteps call, DiffusersGrid grid,
            VpDiscreteSchedule schedule, Prediction prediction) {
        String combine = switch (prediction) {
            case NOISE -> "noise";
            case VELOCITY -> "diffusers-raw-velocity";
            default -> throw new InvalidInputException("prediction_type", c.string("prediction_type"),
                    "epsilon or v_prediction for PNDMScheduler");
        };
        boolean skipPrk = c.bool("skip_prk_steps");
        double[] calls = grid.timesteps();
        double[] starts;
        if (skipPrk) {
            if (calls.length < 3) {
                throw new InvalidInputException("num_inference_steps", call.steps(),
                        "at least 2 for a PNDM sampling loop with skip_prk_steps");
            }
            starts = new double[calls.length - 1];
            starts[0] = calls[0];
            System.arraycopy(calls, 2, starts, 1, calls.length - 2);
        } else {
            int rk = 12;
            starts = new double[3 + calls.length - rk];
            for (int j = 0; j < 3; j++) {
                starts[j] = calls[4 * j];
            }
            System.arraycopy(calls, rk, starts, 3, calls.length - rk);
        }
        double[] times = new double[starts.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = schedule.timeOfIndex((int) starts[i]);
        }
        int trainSteps = c.integer("num_train_timesteps");
        int offset = DiffusersPipeline.stride(c, call.steps());
        Map<String, Object> o = options("diffusers-step-offset", offset / (double) trainSteps,
                "diffusers-half-offset", (offset / 2) / (double) trainSteps,
                "diffusers-alpha-to-one", c.bool("set_alpha_to_one"), "combine", combine);
        return DiffusersPipeline.create(c, grid, schedule, prediction, skipPrk ? "plms" : "pndm", o,
                List.of(Timesteps.of(schedule, times)), false, null);
    }
}
