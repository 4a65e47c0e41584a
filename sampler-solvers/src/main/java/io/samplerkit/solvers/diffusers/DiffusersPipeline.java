package io.samplerkit.solvers.diffusers;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.grid.DiffusersSpacing;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.DynamicThresholding;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.CallerModel;
import io.samplerkit.solvers.SamplingDriver;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StateEdit;
import io.samplerkit.solvers.Stepper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A diffusers scheduler config mapped onto a SamplerKit run: the schedule (the training table as a
 * {@link VpDiscreteSchedule}, or {@link FlowMatchingSchedule}), the grid diffusers steps through (from
 * {@link DiffusersGrid} in float64) as {@link Timesteps}, the registry solver with the options that reproduce the
 * scheduler's update, and the scale of the initial noise. {@link #withSolver} keeps schedule and grid and swaps the
 * solver (any registry entry). The mapping per class is tabulated in {@code docs/diffusers-configs.md}.
 *
 * <p>States: DDIM, PNDM, DPM-Solver, UniPC, DEIS and the flow classes hold the state diffusers holds. The sigma
 * schedulers (Euler, EulerAncestral, Heun, LMS) hold the unscaled sample {@code x/alpha}; SamplerKit runs on the VP
 * state {@code x} (what diffusers feeds the network after {@code scale_model_input}), so the start is multiplied by
 * {@code alpha(t_0)} and the result divided by the final alpha.
 *
 * <p>Immutable.
 */
public final class DiffusersPipeline {

    /**
     * Relative difference up to which a final sigma equal to the one before is diffusers' repeated final sigma (a
     * zero-length last step that still calls the model): Karras sigmas end at the appended sigma of training step 0
     * only to round-off, while distinct grid sigmas differ by far more.
     */
    public static final double REPEATED_END_RTOL = 1e-12;

    private final SchedulerConfig config;
    private final DiffusersGrid grid;
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    private final Solver solver;
    private final String solverDescription;
    private final List<Timesteps> segments;
    private final boolean unscaledSample;
    private final PureNoiseStep pureNoiseStep;
    private final List<String> warnings;
    /** The schedule times the scheduler's own loop calls the model at, ascending and distinct. */
    private final double[] callTimes;
    /** diffusers' timestep at each of {@link #callTimes}. */
    private final double[] callTimesteps;

    /**
     * A first step from pure noise ({@code alpha = 0}: the flow classes at {@code t = 1}, a zero-terminal-SNR table at
     * its last index), taken by the pipeline because SamplerKit's grids start where {@code alpha > 0}: one model call,
     * then {@code x' = alpha' x0 + sigma' eps} with {@code eps = x} and {@code x0} converted from the model output.
     * This is exactly the first step of DDIM, of diffusers' flow-match Euler (the same update) and of every
     * first-order solver; the solver continues from {@code x'}.
     *
     * @param time the schedule time of the pure-noise point (model input)
     * @param targetAlpha alpha of the first grid point after it
     * @param targetSigma sigma of that point
     */
    record PureNoiseStep(double time, double targetAlpha, double targetSigma) {
    }

    private DiffusersPipeline(SchedulerConfig config, DiffusersGrid grid, NoiseSchedule schedule, Prediction prediction,
            Solver solver, String solverDescription, List<Timesteps> segments, boolean unscaledSample,
            PureNoiseStep pureNoiseStep, List<String> warnings) {
        this.config = config;
        this.grid = grid;
        this.schedule = schedule;
        this.prediction = prediction;
        this.solver = solver;
        this.solverDescription = solverDescription;
        this.segments = List.copyOf(segments);
        this.unscaledSample = unscaledSample;
        this.pureNoiseStep = pureNoiseStep;
        this.warnings = List.copyOf(warnings);
        // the schedule time of every point of the grid, computed as the run's segments compute it (so the solver's
        // model calls find them exactly), with the timestep diffusers passes the network there (the first one where
        // two points share a time); sorted once, so that a call looks its time up without allocating
        TreeMap<Double, Double> m = new TreeMap<>();
        double[] ts = grid.timesteps();
        double[] sigmas = grid.sigmas();
        for (int i = 0; i < ts.length; i++) {
            double t;
            if (sigmas != null) {
                t = schedule instanceof FlowMatchingSchedule ? sigmas[i] : schedule.timeOfRho(sigmas[i]);
            } else {
                t = ((VpDiscreteSchedule) schedule).timeOfIndex((int) ts[i]);
            }
            m.putIfAbsent(t, ts[i]);
        }
        this.callTimes = m.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        this.callTimesteps = m.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Maps a config and a {@code set_timesteps} call onto the scheduler's own update.
     *
     * @param config effective config
     * @param call the {@code set_timesteps} arguments
     * @return the pipeline
     * @throws InvalidInputException naming the key and value for a setting SamplerKit cannot reproduce
     */
    public static DiffusersPipeline of(SchedulerConfig config, SetTimesteps call) {
        return PipelineRules.build(config, call);
    }

    static DiffusersPipeline create(SchedulerConfig config, DiffusersGrid grid, NoiseSchedule schedule,
            Prediction prediction, String registryName, Map<String, Object> options, List<Timesteps> segments,
            boolean unscaledSample, PureNoiseStep pureNoiseStep) {
        Solver solver = SolverRegistry.standard().createAsReference(registryName, SolverOptions.of(options));
        List<String> w = new ArrayList<>(config.warnings());
        w.addAll(grid.warnings());
        return new DiffusersPipeline(config, grid, schedule, prediction, solver,
                registryName + (options.isEmpty() ? "" : " " + options), segments, unscaledSample, pureNoiseStep,
                w);
    }

    /**
     * The same schedule, grid and initial noise with another solver (diffusers' scheduler swap keeps the config; this
     * keeps the grid as well). A chained DDIM grid is joined into one grid first.
     *
     * @param newSolver any solver
     * @param description how to name it in {@link #describe()}
     * @return the new pipeline
     */
    public DiffusersPipeline withSolver(Solver newSolver, String description) {
        // DDIM's zero-length step at timestep 0 belongs to its own update: a swapped-in solver's grid ends before it
        List<Timesteps> kept = segments.stream().filter(ts -> !(ts.steps() == 1 && ts.endsWithZeroLengthStep()))
                .toList();
        List<Timesteps> joined = kept.size() <= 1 ? kept : List.of(join(kept));
        List<String> w = new ArrayList<>(warnings);
        double clip = PipelineRules.clipSample(config);
        if (clip > 0) {
            w.add(String.format("clip_sample=true (clip_sample_range=%s) belongs to %s's own update; %s runs without "
                    + "it, as diffusers' from_config drops it for the classes that do not take it", clip,
                    config.schedulerClass().className(), description));
        }
        return new DiffusersPipeline(config, grid, schedule, prediction, newSolver, description, joined,
                unscaledSample, pureNoiseStep, w);
    }

    /** @return this pipeline with one more warning */
    DiffusersPipeline withWarning(String warning) {
        List<String> w = new ArrayList<>(warnings);
        w.add(warning);
        return new DiffusersPipeline(config, grid, schedule, prediction, solver, solverDescription, segments,
                unscaledSample, pureNoiseStep, w);
    }

    private Timesteps join(List<Timesteps> parts) {
        List<Double> t = new ArrayList<>();
        boolean zeroEnd = false;
        for (int s = 0; s < parts.size(); s++) {
            Timesteps p = parts.get(s);
            for (int i = 0; i < p.points(); i++) {
                if (p.isZeroNoise(i)) {
                    zeroEnd = true;
                } else if (t.isEmpty() || p.t(i) < t.get(t.size() - 1)) {
                    t.add(p.t(i));
                }
            }
        }
        double[] times = t.stream().mapToDouble(Double::doubleValue).toArray();
        return zeroEnd ? Timesteps.ofZeroNoiseEnd(schedule, times) : Timesteps.of(schedule, times);
    }

    /** @return the effective config */
    public SchedulerConfig config() {
        return config;
    }

    /** @return diffusers' grid (float64) */
    public DiffusersGrid grid() {
        return grid;
    }

    /** @return the schedule the run integrates on */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** @return what the network predicts ({@code prediction_type}; velocity for the flow classes) */
    public Prediction prediction() {
        return prediction;
    }

    /** @return the solver */
    public Solver solver() {
        return solver;
    }

    /** @return the grid as one or more consecutive segments (DDIM's chain may be cut) */
    public List<Timesteps> segments() {
        return segments;
    }

    /** @return the loader's and the grid's warnings */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @return {@code init_noise_sigma}: the pipeline's {@code x_T = z * init_noise_sigma} for standard normal
     *     {@code z} (1 for the flow classes)
     */
    public double initNoiseSigma() {
        return Double.isNaN(grid.initNoiseSigma()) ? 1.0 : grid.initNoiseSigma();
    }

    /**
     * The factor from diffusers' sample to SamplerKit's state at the first grid point: {@code alpha(t_0)} for the sigma
     * schedulers (Euler, EulerAncestral, Heun, LMS), whose sample is the unscaled {@code x/alpha}; 1 for the others.
     * With {@link #problem}, the solver's start is {@code startScale() * x_T}.
     *
     * @return the scale
     */
    public double startScale() {
        return unscaledSample && !segments.isEmpty() ? segments.get(0).alpha(0) : 1.0;
    }

    /**
     * The factor from SamplerKit's final state back to diffusers' sample: {@code 1/alpha} of the last grid point for
     * the sigma schedulers (1 at the zero-noise end), 1 for the others.
     *
     * @return the scale
     */
    public double endScale() {
        if (!unscaledSample || segments.isEmpty()) {
            return 1.0;
        }
        Timesteps last = segments.get(segments.size() - 1);
        return 1.0 / last.alpha(last.points() - 1);
    }

    /**
     * diffusers' timestep value (what the network is conditioned on) of a schedule time. At a point of the grid it is
     * the value {@code scheduler.timesteps} holds there, as diffusers passes it: rounded or truncated for the classes
     * that round (Karras / Lu / exponential sigmas of the multistep classes, flow sigmas), fractional for
     * {@code linspace} Euler-type grids, clamped to the table for a {@code sigma_max} beyond it, EDM's
     * {@code c_noise} for Euler's {@code timestep_type: continuous}. Elsewhere (a swapped-in solver's intermediate
     * points) the continuous training index {@code N t - 1} on a discrete table, {@code N t} for flow.
     *
     * @param t schedule time
     * @return the timestep
     */
    public double timestepOf(double t) {
        int at = Arrays.binarySearch(callTimes, t);
        if (at >= 0) {
            return callTimesteps[at];
        }
        int n = config.integer("num_train_timesteps");
        return schedule instanceof VpDiscreteSchedule d ? d.indexOfTime(t) : n * t;
    }

    /** @return one line: class, solver, grid */
    public String describe() {
        String head = config.schedulerClass().className() + " -> " + solverDescription + " on " + schedule.describe();
        String pure = pureNoiseStep == null ? "" : ", first step from pure noise at t=" + pureNoiseStep.time()
                + " taken as a DDIM step";
        if (segments.isEmpty()) {
            return head + pure;
        }
        Timesteps first = segments.get(0);
        Timesteps last = segments.get(segments.size() - 1);
        return head + ", " + segments.stream().mapToInt(Timesteps::steps).sum() + " steps from t=" + first.t(0)
                + " to " + (last.endsAtZeroNoise() ? "zero noise" : "t=" + last.t(last.points() - 1))
                + (segments.size() > 1 ? " (" + segments.size() + " chained segments)" : "") + pure;
    }

    /**
     * The problem of the run when it is one solver run (no pure-noise step, one segment): its state starts at
     * {@link #startScale()} times diffusers' {@code x_T} and ends at {@link #endScale()} times diffusers' sample.
     *
     * @param model the network as a SamplerKit model
     * @return the problem
     */
    public SamplingProblem problem(DiffusionModel model) {
        if (pureNoiseStep != null || segments.size() != 1) {
            throw new IllegalStateException("this grid is not one solver run (" + describe() + "); use sample()");
        }
        return SamplingProblem.of(schedule, wrap(model), segments.get(0));
    }

    /**
     * The model a run calls: {@code model}, behind diffusers' dynamic thresholding when the config enables it.
     *
     * @param model the network as a SamplerKit model
     * @return the model of the run
     */
    DiffusionModel wrap(DiffusionModel model) {
        if (config.schedulerClass().accepts("thresholding") && config.bool("thresholding")) {
            return new DynamicThresholding(model, schedule, config.number("dynamic_thresholding_ratio"),
                    config.number("sample_max_value"), DynamicThresholding.Variant.DIFFUSERS);
        }
        return model;
    }

    /**
     * Runs diffusers' sampling loop from the pipeline's initial latents {@code x_T} (in diffusers' coordinates,
     * i.e. already multiplied by {@link #initNoiseSigma()}).
     *
     * @param model the network
     * @param xT initial latents, not modified
     * @param seed noise seed for stochastic solvers
     * @return the final sample in diffusers' coordinates; model calls include the calls diffusers makes on
     *     zero-length identity steps
     */
    public SamplingResult sample(DiffusionModel model, Batch xT, long seed) {
        return run(model, xT, seed, StateEdit.NONE);
    }

    /**
     * The same run driven by the caller ({@link Stepper#query()} / {@link Stepper#answer}): every network evaluation
     * of {@link #sample} (the pure-noise step, identity steps and every segment's solver calls) becomes a query, in
     * the same order, and the result is {@link #sample}'s, bit for bit, with the same model calls. Answers are the
     * network's raw output in {@code answers}' parameterization (usually {@link #prediction()}); the pipeline's own
     * processing of them (diffusers' dynamic thresholding) is applied by the run, as {@link #sample} applies it to
     * the model. {@link Stepper#state()} is the state in SamplerKit's (VP) coordinates after the last accepted step.
     *
     * @param answers what an answer is and costs ({@code CallerModel.answering(prediction())} for the network)
     * @param xT initial latents in diffusers' coordinates, not modified (copied)
     * @param seed noise seed for stochastic solvers
     * @return the stepper, its first query pending
     */
    public Stepper stepper(CallerModel answers, BatchView xT, long seed) {
        Batch start = Batch.zeros(xT.size(), xT.dim());
        start.copyFrom(xT);
        return Stepper.drive(config.schedulerClass().className() + "-" + solver.name(), answers, start,
                (model, edit) -> run(model, start, seed, edit));
    }

    private SamplingResult run(DiffusionModel model, Batch xT, long seed, StateEdit edit) {
        DiffusionModel m = wrap(model);
        List<SamplingProblem> problems = checkedProblems(m, seed);
        Batch x = xT.copy();
        int calls = 0;
        if (pureNoiseStep != null) {
            takePureNoiseStep(m, x);
            calls++;
        }
        if (startScale() != 1.0) {
            Kernels.scale(x, startScale(), x);
        }
        int rejected = 0;
        List<Double> times = new ArrayList<>();
        SamplingResult r;
        for (SamplingProblem p : problems) {
            r = SamplingDriver.run(solver, p, x, edit);
            x = r.x();
            calls += r.modelCalls();
            rejected += r.rejectedSteps();
            Arrays.stream(r.times()).forEach(times::add);
        }
        if (endScale() != 1.0) {
            Kernels.scale(x, endScale(), x);
        }
        long networks = (long) calls * m.networkEvaluationsPerCall();
        return new SamplingResult(x, calls, networks, times.stream().mapToDouble(Double::doubleValue).toArray(),
                rejected, List.of());
    }

    /**
     * Each segment's problem, all checked by the solver before the run takes a step: a solver that cannot run the
     * grid (a swapped-in one, e.g. a second-order multistep solver on one step) is an input error on {@code solver}.
     */
    private List<SamplingProblem> checkedProblems(DiffusionModel m, long seed) {
        List<SamplingProblem> problems = new ArrayList<>();
        for (Timesteps ts : segments) {
            SamplingProblem p = SamplingProblem.of(schedule, m, ts).withSeed(seed);
            try {
                solver.validate(p);
            } catch (InvalidInputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("solver", solver.name(), "a solver that can run this pipeline's "
                        + "grid: " + e.getMessage());
            }
            problems.add(p);
        }
        return problems;
    }

    /**
     * The {@link PureNoiseStep}, if the run takes one, over {@code x} in place: one model call, then
     * {@code x' = sigma' x + alpha' x0}.
     *
     * @param m the (wrapped) model
     * @param x the state at the pure-noise point; overwritten with the state at the first grid point
     */
    void takePureNoiseStep(DiffusionModel m, Batch x) {
        Batch out = Batch.zeros(x.size(), x.dim());
        m.evaluate(x, pureNoiseStep.time(), out);
        NoiseLevel level = schedule instanceof FlowMatchingSchedule
                ? NoiseLevel.of(schedule, pureNoiseStep.time()) : NoiseLevel.of(0.0, 1.0);
        PredictionConversion.convert(m.prediction(), Prediction.DATA, x, out, level, out);
        Kernels.lincomb2(x, pureNoiseStep.targetSigma(), x, pureNoiseStep.targetAlpha(), out);
    }

    /** @return the first step from pure noise, or {@code null} when the run starts on the grid */
    PureNoiseStep pureNoiseStep() {
        return pureNoiseStep;
    }

    /**
     * diffusers' sigmas as Timesteps: noise-to-signal ratios at {@code t = timeOfRho(sigma)} (flow sigmas are the
     * flow time itself); a final 0 is the zero-noise end, a final sigma equal to the one before (to
     * {@link #REPEATED_END_RTOL}) a zero-length last step ({@link Timesteps#ofRepeatedEnd}).
     *
     * @param schedule schedule
     * @param sigmas decreasing sigmas, all positive except possibly the last
     * @return the timesteps
     */
    public static Timesteps sigmaTimesteps(NoiseSchedule schedule, double[] sigmas) {
        int n = sigmas.length;
        boolean flow = schedule instanceof FlowMatchingSchedule;
        boolean zeroEnd = sigmas[n - 1] == 0.0;
        boolean repeatedEnd = n >= 2 && !zeroEnd
                && Math.abs(sigmas[n - 1] - sigmas[n - 2]) <= REPEATED_END_RTOL * sigmas[n - 2];
        double[] t = new double[zeroEnd || repeatedEnd ? n - 1 : n];
        for (int i = 0; i < t.length; i++) {
            t[i] = flow ? sigmas[i] : schedule.timeOfRho(sigmas[i]);
        }
        if (zeroEnd) {
            return Timesteps.ofZeroNoiseEnd(schedule, t);
        }
        return repeatedEnd ? Timesteps.ofRepeatedEnd(schedule, t) : Timesteps.of(schedule, t);
    }

    /** @return the options of the scheduler's own solver as SamplerKit registry options, for display */
    static Map<String, Object> options(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** @return DDIM/PNDM's stride {@code N div K} */
    static int stride(SchedulerConfig config, int steps) {
        return DiffusersSpacing.ddimStride(config.integer("num_train_timesteps"), steps);
    }
}
