package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.SamplingException;
import io.samplerkit.core.dynamics.ProbabilityFlowOde;
import io.samplerkit.core.model.CountingModel;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.GuardedModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
import io.samplerkit.core.noise.BrownianPath;
import io.samplerkit.core.noise.NoiseMode;
import io.samplerkit.core.noise.NoiseSource;
import io.samplerkit.core.noise.NormalStream;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.BlockSource;
import io.samplerkit.core.kernel.FusedEvaluation;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * Per-run access to the problem for a {@link SolverRun}: model evaluations already converted to
 * the parameterization the solver works in (data or noise prediction, normalized at the boundary),
 * counted and checked by core's {@link GuardedModel} (the model's exceptions wrapped with solver, step and
 * time; its output within {@link SamplingException#MAX_MAGNITUDE}, an unsound input state blamed first), plus
 * workspace allocation. Code that takes a {@link DiffusionModel} (the dynamics of sampler-core) gets the same counting and guard through {@link #countedModel()} and
 * {@link #probabilityFlowOde()}.
 *
 * <p>Buffers ({@link #newBatch()}, the conversion buffer when one is needed, multistep histories) come from the run's
 * {@link RunWorkspace} when the driver was given one, else they are allocated.
 *
 * <p>Not thread-safe; owned by one run.
 */
public final class SolverContext {

    private final String solverName;
    private final SamplingProblem problem;
    private final int size;
    private final int dim;
    // where a converted model output goes first when the destination is the state itself; allocated on first use
    private Batch raw;
    // cx and cin of the conversion left to the fused evaluation, written once per converted model call
    private final double[] conversionCoefficients = new double[2];
    private final CountingModel counting;
    private final DiffusionModel counted;
    private final ProbabilityFlowOde probabilityFlow;
    private final FusedEvaluation fused;
    private final RunWorkspace workspace;
    private final NormalStream normals;
    private BrownianPath brownian;
    private int step;
    private boolean stateEdits = true;

    /**
     * @param solverName solver's registry name (for error messages)
     * @param problem the problem
     * @param size batch size
     * @param dim sample dimension
     */
    public SolverContext(String solverName, SamplingProblem problem, int size, int dim) {
        this(solverName, problem, size, dim, null);
    }

    /**
     * @param solverName solver's registry name (for error messages)
     * @param problem the problem
     * @param size batch size
     * @param dim sample dimension
     * @param workspace where the run's buffers come from (claimed by the driver for this run), or {@code null} to
     *     allocate them
     */
    SolverContext(String solverName, SamplingProblem problem, int size, int dim, RunWorkspace workspace) {
        this.solverName = solverName;
        this.problem = problem;
        this.size = size;
        this.dim = dim;
        this.workspace = workspace;
        this.counting = new CountingModel(problem.model());
        this.fused = new FusedEvaluation();
        fused.useThreads(ParallelKernels.forRuns());
        this.counted = new GuardedModel(counting, solverName, this::step, fused);
        this.probabilityFlow = new ProbabilityFlowOde(problem.schedule(), counted);
        this.normals = problem.noise() instanceof SeededNoise seeded && dim >= 1 ? seeded.normalStream(dim) : null;
        if (problem.noise().mode() == NoiseMode.BROWNIAN) {
            useBrownianPath();
        }
    }

    /**
     * Declares that the run's caller steps one batch throughout and never edits it between steps: it passes the same
     * {@code x} to every {@link SolverRun#step} and never calls {@link SolverRun#stateEdited}. A run may then drop
     * what only an edit would need. {@link SamplingDriver} declares it for every run without a state-changing
     * {@link StateEdit}. Today one run uses it: a multistep run whose corrector and next predictor are fused writes the
     * prediction over the model output the next step drops (docs/performance.md, "UniPC's prediction over the oldest
     * output"); after the declaration such a run throws {@link IllegalStateException} from {@code stateEdited} and from
     * a step given another batch.
     *
     * @return this context
     */
    public SolverContext withoutStateEdits() {
        stateEdits = false;
        return this;
    }

    /**
     * @return whether the caller may edit the state between steps or pass another batch (the default; see
     *     {@link #withoutStateEdits()})
     */
    public boolean stateEdits() {
        return stateEdits;
    }

    /** @return the problem */
    public SamplingProblem problem() {
        return problem;
    }

    /** @return the schedule */
    public NoiseSchedule schedule() {
        return problem.schedule();
    }

    /** @return the noise source */
    public NoiseSource noise() {
        return problem.noise();
    }

    /**
     * The standard normals of one step from schedule time {@code from} to {@code to}: with
     * {@link NoiseMode#FRESH} noise, fresh draws of {@code stream}; with {@link NoiseMode#BROWNIAN} noise, the
     * normalized increment {@code (W(from) - W(to)) / sqrt|from - to|} of the run's Brownian path in schedule
     * time (over the run's finite times), so that finer grids see the same path; a step with a non-finite
     * end (the zero-noise point) or of zero length gets fresh draws in either mode. Either way each row is
     * {@code N(0, I)} and draws of disjoint steps are independent. Allocates nothing.
     *
     * @param stream key of a fresh draw (the solver's step index times its stride plus a sub-draw number)
     * @param from time at the start of the step (within the run's finite times in Brownian mode)
     * @param to time at the end of the step, {@code != from} in Brownian mode
     * @param out destination. Modified.
     */
    public void stepNormal(long stream, double from, double to, Batch out) {
        if (freshDraw(from, to)) {
            freshNormal(stream, out);
            return;
        }
        brownian.increment(to, from, out);
        Kernels.scale(out, 1.0 / Math.sqrt(Math.abs(from - to)), out);
    }

    /**
     * {@link #stepNormal}, drawn inside the kernel that uses it: when the draw is fresh (not a Brownian increment),
     * the source is a {@link SeededNoise} and the run's {@link FusedEvaluation} is open on this thread (inside a
     * {@link GridSolverRun} step), the normals are left to the next {@link Kernels} call that reads {@code out} as its
     * last term ({@link FusedEvaluation#drawLater}): generated block by block inside that kernel's loop, the same bits
     * as a draw into {@code out}, and {@code out} is never written or read, which saves two passes over memory.
     * Otherwise it is {@link #stepNormal}.
     *
     * <p>Use it only when {@code out} is read exactly once, by one kernel with {@code out} as its last term; reading
     * it again in the same step throws {@link IllegalStateException}, and code that reads {@code out.data()} itself
     * must use {@link #stepNormal}.
     *
     * @param stream key of a fresh draw (as for {@link #stepNormal})
     * @param from time at the start of the step
     * @param to time at the end of the step
     * @param out the draw's array (a run's scratch batch). Not modified when the draw is fused.
     */
    public void fusedStepNormal(long stream, double from, double to, Batch out) {
        if (freshDraw(from, to) && normals != null && fused == FusedEvaluation.current()) {
            normals.start(stream);
            fused.drawLater(out, normals);
            return;
        }
        stepNormal(stream, from, to, out);
    }

    /**
     * The fresh standard normals of {@code stream} written into {@code out}: the bits of the source's
     * {@link NoiseSource#standardNormal}, drawn in chunks on the run's threads when the source is a {@link SeededNoise}.
     *
     * @param stream key of the draw (as for {@link #stepNormal})
     * @param out destination. Modified.
     */
    public void freshNormal(long stream, Batch out) {
        BlockSource streamed = freshNormals(stream, out);
        if (streamed != null) {
            Kernels.draw(out, normals);
        }
    }

    /**
     * The fresh standard normals of {@code stream}, those {@link NoiseSource#standardNormal} writes into {@code out},
     * for a loop of the solver's own that consumes them block by block while they are in the cache: when the source is
     * a {@link SeededNoise}, the run's normal stream positioned at the draw ({@code out} untouched; the same bits in flat
     * order); otherwise they are drawn into {@code out} and the result is {@code null}. It is the run's one stream, which
     * {@link #fusedStepNormal} restarts too: use it up first (a draw still pending for a kernel is written out before).
     * Allocates nothing with a seeded source.
     *
     * @param stream key of the draw (as for {@link #stepNormal})
     * @param out where the values go when they cannot be streamed (a run's scratch batch). Modified then.
     * @return the draw positioned at its first value, or {@code null} when it is in {@code out}
     */
    public BlockSource freshNormals(long stream, Batch out) {
        if (normals == null || out.dim() != normals.dim()) {
            problem.noise().standardNormal(stream, out);
            return null;
        }
        fused.flushDraw();
        normals.start(stream);
        return normals;
    }

    /**
     * {@link #stepNormal} for a loop of the solver's own: fresh draws as by {@link #freshNormals} (streamed when the
     * source is seeded), a Brownian increment into {@code out}.
     *
     * @param stream key of a fresh draw
     * @param from time at the start of the step
     * @param to time at the end of the step
     * @param out where the values go when they cannot be streamed. Modified then.
     * @return the draw positioned at its first value, or {@code null} when it is in {@code out}
     */
    public BlockSource stepNormals(long stream, double from, double to, Batch out) {
        if (freshDraw(from, to)) {
            return freshNormals(stream, out);
        }
        stepNormal(stream, from, to, out);
        return null;
    }

    /** Whether {@link #stepNormal} from {@code from} to {@code to} draws fresh normals (not a Brownian increment). */
    private boolean freshDraw(double from, double to) {
        return brownian == null || !(from != to && Double.isFinite(from) && Double.isFinite(to));
    }

    /**
     * Makes {@link #stepNormal} draw from the run's Brownian path whatever the noise mode: for solvers whose step
     * choice depends on the noise (adaptive SDE solvers), where redrawing fresh normals after a rejection would
     * bias the law towards accepted (small) draws. Call from {@code start}; allocates the path once.
     *
     * @throws UnsupportedOperationException if the noise source has no Brownian path
     */
    public void useBrownianPath() {
        if (brownian != null) {
            return;
        }
        Timesteps ts = problem.timesteps();
        int last = ts.isZeroNoise(ts.points() - 1) ? ts.points() - 2 : ts.points() - 1;
        double lo = Math.min(ts.t(0), ts.t(last));
        double hi = Math.max(ts.t(0), ts.t(last));
        if (hi > lo) {
            brownian = problem.noise().brownianPath(lo, hi, size, dim);
        }
    }

    /**
     * A zero batch of the run's shape, owned by this run: new, or from the run's {@link RunWorkspace} (zeroed).
     * Call from {@code start}, never per step.
     *
     * @return the batch
     */
    public Batch newBatch() {
        return workspace == null ? Batch.zeros(size, dim) : workspace.zeros(size, dim);
    }

    /** @return number of samples (rows) of the run's batches */
    public int batchSize() {
        return size;
    }

    /** @return dimension (columns) of the run's batches */
    public int dim() {
        return dim;
    }

    /** @return model evaluations so far */
    public int modelCalls() {
        return Math.toIntExact(counting.count());
    }

    /**
     * @return network evaluations so far: {@link #modelCalls()} times the model's
     *     {@link DiffusionModel#networkEvaluationsPerCall()} (two per call under classifier-free guidance)
     */
    public long networkEvaluations() {
        return counting.networkEvaluations();
    }

    /** @return the step index the driver is in */
    public int step() {
        return step;
    }

    /**
     * Set by the driver before each step, so that errors name the step.
     *
     * @param index step index
     */
    void setStep(int index) {
        this.step = index;
    }

    /**
     * The run's {@link FusedEvaluation}: while it is open on the run's thread (around a {@link GridSolverRun} step),
     * the model-output check of every evaluation, and its conversion to the parameterization the solver asked for, are
     * done by the kernel that consumes the output ({@link #evaluate}).
     *
     * @return the instance (the same for the whole run)
     */
    public FusedEvaluation fusedEvaluation() {
        return fused;
    }

    /** @return the solver's name */
    public String solverName() {
        return solverName;
    }

    /**
     * Evaluates the model and converts its output exactly.
     *
     * @param x state. Not modified.
     * @param t schedule time
     * @param want the parameterization wanted
     * @param out destination. Modified.
     * @throws SamplingException if the model throws ({@code MODEL_FAILURE}, the model's exception as the
     *     cause) or returns NaN, an infinity or a value beyond {@link SamplingException#MAX_MAGNITUDE}
     *     ({@code NON_FINITE_MODEL_OUTPUT}, or {@code NON_FINITE_STATE} when {@code x} itself is beyond it;
     *     {@link SamplingException#requireSoundEvaluation})
     */
    public void evaluate(BatchView x, double t, Prediction want, Batch out) {
        evaluate(x, t, want, out, null);
    }

    /**
     * Data prediction {@code x0hat(x, t)} and the model's raw variance channel from one (counted, guarded) call
     * ({@link DiffusionModel#evaluateWithVariance}).
     *
     * @param x state. Not modified.
     * @param t schedule time
     * @param out destination of the data prediction. Modified.
     * @param variance destination of the variance channel. Modified.
     * @throws UnsupportedOperationException if the model has no variance output (check
     *     {@link DiffusionModel#outputsVariance()} of the problem's model when validating)
     */
    public void dataAndVariance(BatchView x, double t, Batch out, Batch variance) {
        evaluate(x, t, Prediction.DATA, out, Checks.requireNonNull(variance, "variance"));
    }

    private void evaluate(BatchView x, double t, Prediction want, Batch out, Batch variance) {
        Prediction native_ = counted.prediction();
        // the model writes the destination itself and the conversion goes over it element by element (the same bits
        // as through a buffer of its own, one array less to bring into the cache), unless the destination is the state
        // the model reads
        Batch target = native_ == want || out.data() != x.data() ? out : conversionBuffer();
        if (variance == null) {
            counted.evaluate(x, t, target);
        } else {
            counted.evaluateWithVariance(x, t, target, variance);
        }
        if (native_ == want) {
            return;
        }
        // no NoiseLevel per call: the coefficients straight from the schedule (the same bits)
        if (fused.pending() && out.data() != x.data()) {
            // the kernel that reads out converts it (and checks the model output) in the same pass
            PredictionConversion.coefficientsAt(native_, want, problem.schedule(), t, conversionCoefficients);
            fused.convertLater(out, conversionCoefficients[0], conversionCoefficients[1]);
        } else {
            PredictionConversion.convert(native_, want, x, target, problem.schedule(), t, out);
        }
    }

    private Batch conversionBuffer() {
        if (raw == null) {
            raw = newBatch();
        }
        return raw;
    }

    /**
     * The problem's model in its own parameterization, wrapped once in a {@link CountingModel} (counted in
     * {@link #modelCalls()}) and a {@link GuardedModel} (checked for NaN/Inf; the {@link SamplingException}
     * names the solver and step); {@link #evaluate} calls it too. Hand this, never {@code problem().model()}, to code that calls a
     * {@link DiffusionModel} itself.
     *
     * @return the counted model (the same instance for the whole run)
     */
    public DiffusionModel countedModel() {
        return counted;
    }

    /**
     * The probability-flow ODE of the problem's schedule and {@link #countedModel()}: one counted,
     * guarded model call per {@link ProbabilityFlowOde#drift}.
     *
     * @return the ODE (the same instance for the whole run)
     */
    public ProbabilityFlowOde probabilityFlowOde() {
        return probabilityFlow;
    }

    /**
     * Data prediction {@code x0hat(x, t)}.
     *
     * @param x state. Not modified.
     * @param t schedule time
     * @param out destination. Modified.
     */
    public void data(BatchView x, double t, Batch out) {
        evaluate(x, t, Prediction.DATA, out);
    }

    /**
     * Noise prediction {@code epshat(x, t)}.
     *
     * @param x state. Not modified.
     * @param t schedule time
     * @param out destination. Modified.
     */
    public void noise(BatchView x, double t, Batch out) {
        evaluate(x, t, Prediction.NOISE, out);
    }
}
