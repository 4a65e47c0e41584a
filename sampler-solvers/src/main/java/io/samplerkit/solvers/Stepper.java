package io.samplerkit.solvers;

import io.samplerkit.core.Checks;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Caller-driven sampling: the solver asks, the caller answers. Every model evaluation of a run becomes a
 * {@link Query} (state rows and schedule time); the caller evaluates its own network and
 * {@link #answer answers} in the parameterization its problem's model declares (usually a {@link CallerModel}):
 * <pre>{@code
 * try (Stepper s = solver.stepper(problem, xT)) {
 *     while (!s.done()) {
 *         Stepper.Query q = s.query();
 *         network(q.x(), q.t(), out);
 *         s.answer(out);
 *     }
 *     Batch x0 = s.result().x();
 * }
 * }</pre>
 * Runge–Kutta, singlestep, corrector and adaptive solvers ask several times per step; one-evaluation-per-step
 * solvers also offer diffusers' shape, {@link #timesteps()} and {@link #step(BatchView, int, Batch)}.
 *
 * <p><b>How.</b> The run is the one {@link SamplingDriver} run of {@link Solver#sample}, executed on a worker
 * thread owned by this stepper, whose model hands each evaluation to the caller and parks until the answer
 * arrives (a two-party handoff over one volatile phase word and {@link LockSupport}; no queue, no allocation per
 * evaluation). Hence the same bits, NFE, times, rejected steps, observer calls and errors as
 * {@link Solver#sample} for every solver, adaptive ones included, with no solver written twice. The price is two
 * thread switches per evaluation (measured in docs/architecture.md) and one platform thread per live stepper.
 * {@link #close()} a stepper you abandon before {@link #done()} (try-with-resources): its thread ends at once. A
 * stepper dropped without {@code close()} does not keep its thread either: the thread holds only the shared
 * {@link Exchange}, never the stepper, so the stepper becomes unreachable and a {@link Cleaner} cancels the run at
 * the next garbage collection; until then the thread is parked (no CPU), and it is a daemon thread, so it never
 * keeps the JVM from exiting.
 *
 * <p>Besides a solver's run ({@link #start}), a stepper can drive any run that evaluates one model through
 * {@link SamplingDriver}, e.g. a diffusers pipeline's chained segments ({@link #drive}).
 *
 * <p>The run's network evaluations count {@link DiffusionModel#networkEvaluationsPerCall()} of the problem's model
 * per answer ({@link CallerModel#answering(Prediction, int)} declares what one answer costs the caller).
 *
 * <p>Use from one thread at a time. A {@link io.samplerkit.core.SamplingException} or other failure of the run
 * (a NaN in an answer, a bad grid) is rethrown by the {@link #answer} or {@link #query} call that meets it.
 */
public final class Stepper implements AutoCloseable {

    private static final int RUNNING = 0;
    private static final int QUERY = 1;
    private static final int ANSWERED = 2;
    private static final int DONE = 3;
    /** Busy-wait iterations before parking: a fast network answers within them, a slow one costs a park. */
    private static final int SPINS = 256;
    /** Cancels the runs of steppers that became unreachable without {@link #close()}. */
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong THREADS = new AtomicLong();

    /**
     * A run a stepper drives: evaluates {@code model} (the stepper's handoff to the caller) and applies {@code edit}
     * as {@link SamplingDriver#run(Solver, SamplingProblem, BatchView, StateEdit)} does, on the stepper's thread.
     */
    @FunctionalInterface
    public interface Driver {
        /**
         * @param model the model to evaluate (every call becomes a query)
         * @param edit the edit to apply before the first step and after every accepted one (it records the state)
         * @return the run's result
         */
        SamplingResult drive(DiffusionModel model, StateEdit edit);
    }

    private final String name;
    private final Solver solver;
    private final SamplingProblem problem;
    private final Prediction answers;
    private final Exchange exchange;
    private final Query query = new Query();
    private final Cleaner.Cleanable cleanable;
    private double[] evaluationTimes;
    private boolean evaluatesAtSample;

    private Stepper(String name, Solver solver, SamplingProblem problem, CallerModel declared, BatchView xT,
            Driver driver, StateEdit edit) {
        this.name = name;
        this.solver = solver;
        this.problem = problem;
        this.answers = declared.prediction();
        Exchange ex = new Exchange(declared, xT.size(), xT.dim());
        this.exchange = ex;
        StateEdit recorded = ex.recording(edit);
        Thread worker = new Thread(() -> ex.run(driver, recorded), "samplerkit-stepper-" + name + "-"
                + THREADS.incrementAndGet());
        worker.setDaemon(true);
        ex.worker = worker;
        // the action holds the exchange only: a stepper nobody references can be collected, and its run is cancelled
        this.cleanable = CLEANER.register(this, ex::cancel);
    }

    /**
     * Starts a caller-driven run. The problem's model must be a {@link CallerModel}, which declares the answers'
     * parameterization and cost; any other model would be silently bypassed, so it is rejected.
     *
     * @param solver the solver
     * @param problem the problem (typically with a {@link CallerModel})
     * @param xT initial state. Not modified (copied).
     * @param edit edit of the state before the first step and after each accepted one ({@link StateEdit#NONE})
     * @return the stepper, its first query pending (or done, for a run with no evaluation)
     * @throws InvalidInputException if the problem's model is not a {@link CallerModel}
     * @throws IllegalArgumentException if the solver rejects the problem ({@link Solver#validate})
     */
    public static Stepper start(Solver solver, SamplingProblem problem, BatchView xT, StateEdit edit) {
        Checks.requireNonNull(solver, "solver");
        Checks.requireNonNull(problem, "problem");
        Checks.requireNonNull(xT, "xT");
        Checks.requireNonNull(edit, "edit");
        if (!(problem.model() instanceof CallerModel declared)) {
            throw new InvalidInputException("problem.model", problem.model(), "a CallerModel: the caller answers every "
                    + "evaluation, so a model or wrapper here would never run (apply guidance or thresholding to the "
                    + "answers instead)");
        }
        solver.validate(problem);
        Batch start = Batch.zeros(xT.size(), xT.dim());
        start.copyFrom(xT);
        Driver driver = (model, e) -> SamplingDriver.run(solver, problem.withModel(model), start, e);
        return launch(new Stepper(solver.name(), solver, problem, declared, xT, driver, edit));
    }

    /**
     * Starts a caller-driven run of any driver that evaluates one model: every evaluation becomes a query answered
     * in {@code answers}' parameterization. Used by {@code DiffusersPipeline.stepper}, whose run chains segments and
     * wraps the model (thresholding) around the caller's answers. {@link #timesteps()} and {@link #step} need a
     * solver's stepper ({@link #start}); this one is driven with {@link #query()} and {@link #answer}.
     *
     * @param name how the run is named in messages and in its thread's name
     * @param answers the answers' parameterization and cost
     * @param xT initial state (for the shape of {@link #state()}). Not modified.
     * @param driver the run; it must start from its own copy of the initial state
     * @return the stepper, its first query pending (or done)
     */
    public static Stepper drive(String name, CallerModel answers, BatchView xT, Driver driver) {
        Checks.requireNonNull(name, "name");
        Checks.requireNonNull(answers, "answers");
        Checks.requireNonNull(xT, "xT");
        Checks.requireNonNull(driver, "driver");
        return launch(new Stepper(name, null, null, answers, xT, driver, StateEdit.NONE));
    }

    private static Stepper launch(Stepper s) {
        s.exchange.waiter = Thread.currentThread();
        s.exchange.worker.start();
        s.exchange.awaitWorker();
        return s;
    }

    /** @return whether the run has finished (then {@link #result()} holds it) */
    public boolean done() {
        return exchange.phase == DONE;
    }

    /** @return the parameterization answers must be in (the problem's model's prediction) */
    public Prediction answers() {
        return answers;
    }

    /**
     * @return the pending evaluation; the same object every time, its fields valid until {@link #answer}
     * @throws IllegalStateException if the run is done
     */
    public Query query() {
        requirePending();
        return query;
    }

    /**
     * Answers the pending query and runs the solver to its next query (or to the end).
     *
     * @param prediction the model's output at {@link Query#x()} and {@link Query#t()}, in {@link #answers()}'s
     *     parameterization, shaped as {@code x}. Not modified (copied).
     * @throws InvalidInputException if the shape differs
     * @throws io.samplerkit.core.SamplingException if the answer holds NaN/Inf (with solver, step and time)
     */
    public void answer(BatchView prediction) {
        requirePending();
        if (exchange.pendingVariance != null) {
            throw new InvalidInputException("variance", "none", "the variance channel this query asks for "
                    + "(Query.wantsVariance()): answer(prediction, variance)");
        }
        handBack(prediction, null);
    }

    /**
     * Answers a query that asks for the network's variance channel too ({@link Query#wantsVariance()}, a sampler
     * with a learned variance on a {@link CallerModel#answeringWithVariance} problem).
     *
     * @param prediction the model's output, as for {@link #answer(BatchView)}. Not modified (copied).
     * @param variance the raw variance channel the network output with it, shaped as {@code x}. Not modified.
     * @throws InvalidInputException if a shape differs or the query does not ask for a variance
     * @throws io.samplerkit.core.SamplingException if the answer holds NaN/Inf
     */
    public void answer(BatchView prediction, BatchView variance) {
        requirePending();
        Checks.requireNonNull(variance, "variance");
        if (exchange.pendingVariance == null) {
            throw new InvalidInputException("variance", "a variance channel", "none: this query asks for the "
                    + "prediction only (answer(prediction))");
        }
        handBack(prediction, variance);
    }

    private void handBack(BatchView prediction, BatchView variance) {
        Checks.requireNonNull(prediction, "prediction");
        Batch out = exchange.pendingOut;
        requireQueryShape("prediction", prediction, out);
        if (variance != null) {
            requireQueryShape("variance", variance, out);
            exchange.pendingVariance.copyFrom(variance);
        }
        out.copyFrom(prediction);
        exchange.phase = ANSWERED;
        LockSupport.unpark(exchange.worker);
        exchange.awaitWorker();
    }

    private static void requireQueryShape(String path, BatchView given, Batch query) {
        if (given.size() != query.size() || given.dim() != query.dim()) {
            throw new InvalidInputException(path, given.size() + "x" + given.dim(),
                    "the query's shape " + query.size() + "x" + query.dim());
        }
    }

    /** @return the state after the last accepted step (after the edit); valid until the next {@link #answer} */
    public BatchView state() {
        return exchange.state;
    }

    /** @return accepted steps so far */
    public int acceptedSteps() {
        return exchange.accepted;
    }

    /**
     * @return the run's result, identical to {@link Solver#sample}'s
     * @throws IllegalStateException if the run is not done
     */
    public SamplingResult result() {
        if (!done()) {
            throw new IllegalStateException("the run of " + name + " is not done: answer its queries first");
        }
        return exchange.result;
    }

    /**
     * diffusers' {@code scheduler.timesteps}: the schedule time of each step's one model evaluation. Defined for
     * solvers that evaluate the model exactly once per step, at the step's start (DDIM, Euler, the multistep
     * families, ...); found by a dry run of the same solver and problem on a zero model the first time it is asked.
     * They are the requested grid's times except where the solver walks other points (a multistep {@code start}
     * that moves its first points, docs/solvers/multistep.md).
     *
     * @return the times {@code t_0 .. t_{N-1}} (a copy)
     * @throws IllegalStateException if the solver is adaptive or evaluates the model otherwise (use {@link #query})
     */
    public double[] timesteps() {
        if (evaluationTimes == null) {
            evaluationTimes = oneEvaluationPerStepTimes();
        }
        return evaluationTimes.clone();
    }

    private double[] oneEvaluationPerStepTimes() {
        String use = "; drive it with query() and answer()";
        if (solver == null) {
            throw new IllegalStateException(name + " is not a solver's run (diffusers' timesteps() and step() are "
                    + "offered for Solver.stepper)" + use);
        }
        if (solver.adaptive()) {
            throw new IllegalStateException(solver.name() + " chooses its own steps" + use);
        }
        double[] grid = Arrays.copyOf(problem.timesteps().times(), problem.timesteps().steps());
        double[] seen = new double[grid.length + 1];
        double[] visited = new double[grid.length + 1];
        int[] counts = {0, 0};
        boolean[] atStartOfStep = {true};
        boolean[] atState = {true};
        Batch current = Batch.zeros(1, exchange.state.dim());
        StateEdit track = new StateEdit() {
            @Override
            public void apply(int n, double t, double alpha, double sigma, Batch x) {
                counts[1] = n;
                if (n < visited.length) {
                    visited[n] = t;
                }
                current.copyFrom(x);
            }

            @Override
            public boolean changesState() {
                return false;
            }
        };
        DiffusionModel recorder = new DiffusionModel() {
            @Override
            public Prediction prediction() {
                return answers();
            }

            @Override
            public void evaluate(BatchView x, double t, Batch out) {
                int k = counts[0]++;
                if (k < seen.length) {
                    seen[k] = t;
                }
                atStartOfStep[0] &= counts[1] == k;
                atState[0] &= Arrays.equals(x.data(), current.data());
                Arrays.fill(out.data(), 0.0);
            }
        };
        Batch probe = Batch.zeros(1, exchange.state.dim());
        for (int j = 0; j < probe.dim(); j++) {
            probe.set(0, j, (j + 1) / 3.0);
        }
        try {
            SamplingDriver.run(solver, problem.withModel(recorder).withObserver(StepObserver.NONE), probe, track);
        } catch (RuntimeException e) {
            throw new IllegalStateException(solver.name() + " could not be probed for one evaluation per step (its dry "
                    + "run on a zero model failed: " + e.getMessage() + ")" + use, e);
        }
        if (counts[0] != grid.length || !atStartOfStep[0]
                || !Arrays.equals(Arrays.copyOf(seen, grid.length), Arrays.copyOf(visited, grid.length))) {
            throw new IllegalStateException(Checks.format("%s evaluates the model %d times on %d steps, not once at "
                    + "the start of each step%s", solver.name(), counts[0], grid.length, use));
        }
        evaluatesAtSample = atState[0];
        // the points the run visits: the requested ones, except where a multistep start moves its first points
        return Arrays.copyOf(seen, grid.length);
    }

    /**
     * Whether a one-evaluation-per-step solver evaluates the model at the sample itself, bit for bit (DDIM, the
     * multistep families), so that {@link #step} reproduces {@link Solver#sample} exactly; EDM-coordinate solvers
     * (Euler, LMS, ...) evaluate at {@code alpha (x / alpha)}, within an ulp or so of the sample, and a
     * diffusers-shaped run of them agrees with {@code sample} to rounding. Found by the dry run of
     * {@link #timesteps()} (a probe, so a coincidence of rounding cannot be excluded).
     *
     * @return whether the model input of step {@code i} is the sample
     * @throws IllegalStateException as {@link #timesteps()}
     */
    public boolean evaluatesAtSample() {
        timesteps();
        return evaluatesAtSample;
    }

    /**
     * diffusers' {@code scheduler.step(model_output, t, sample)} for solvers with one evaluation per step
     * ({@link #timesteps()}): answers step {@code i}'s evaluation and replaces {@code x} by the next sample.
     *
     * @param modelOutput the model's output at {@code x} and {@code timesteps()[i]}. Not modified.
     * @param i the step, equal to {@link #acceptedSteps()}
     * @param x the sample at step {@code i} (what the previous call returned, unedited: edits go through a
     *     {@link StateEdit}); on return the sample at step {@code i + 1}. Modified.
     * @throws InvalidInputException if {@code i} is not the pending step or {@code x} is not the current state
     * @throws IllegalStateException if the solver does not evaluate once per step, or the run is done
     */
    public void step(BatchView modelOutput, int i, Batch x) {
        timesteps();
        requirePending();
        if (i != exchange.accepted) {
            throw new InvalidInputException("i", i, "the pending step " + exchange.accepted);
        }
        Checks.requireNonNull(x, "x");
        if (!Arrays.equals(x.data(), exchange.state.data())) {
            throw new InvalidInputException("x", "a sample differing from the stepper's state at step " + i,
                    "the sample the previous step returned (edit states through a StateEdit)");
        }
        answer(modelOutput);
        x.copyFrom(exchange.state);
    }

    /**
     * Abandons the run if it is not done: its thread ends (the run stops at its pending evaluation) before this
     * returns. Idempotent.
     */
    @Override
    public void close() {
        if (done()) {
            return;
        }
        cleanable.clean();
        Thread worker = exchange.worker;
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void requirePending() {
        if (done()) {
            throw new IllegalStateException("the run of " + name + " is done: no query is pending");
        }
    }

    /**
     * What the caller and the stepper's thread share, and the thread's model: publish the query, wake the caller,
     * park until answered (a two-party handoff over the volatile {@link #phase}). It never references the
     * {@link Stepper}, so an abandoned stepper can be collected while its thread is parked here.
     */
    private static final class Exchange implements DiffusionModel {

        private final Prediction prediction;
        private final int networks;
        private final boolean variance;
        private final Batch state;
        private volatile int phase = RUNNING;
        private volatile boolean cancelled;
        private volatile Thread waiter;
        private Thread worker;
        private BatchView pendingX;
        private double pendingT;
        private Batch pendingOut;
        private Batch pendingVariance;
        private int evaluations;
        private int evaluation;
        private int step;
        private int accepted;
        private SamplingResult result;
        private Throwable failure;

        Exchange(DiffusionModel declared, int rows, int dim) {
            this.prediction = declared.prediction();
            this.networks = declared.networkEvaluationsPerCall();
            this.variance = declared.outputsVariance();
            this.state = Batch.zeros(rows, dim);
        }

        /** @return {@code edit}, then a copy of the state into {@link #state} and the count of accepted steps */
        StateEdit recording(StateEdit edit) {
            return new StateEdit() {
                @Override
                public void apply(int n, double t, double alpha, double sigma, Batch x) {
                    edit.apply(n, t, alpha, sigma, x);
                    state.copyFrom(x);
                    if (n > 0) {
                        accepted++;
                    }
                }

                @Override
                public boolean changesState() {
                    return edit.changesState();
                }
            };
        }

        /** The worker's body. */
        void run(Driver driver, StateEdit recorded) {
            try {
                result = driver.drive(this, recorded);
            } catch (Throwable e) {
                failure = e;
            } finally {
                phase = DONE;
                LockSupport.unpark(waiter);
            }
        }

        /** Stops the run at its pending (or next) evaluation; called by close() or the cleaner. */
        void cancel() {
            cancelled = true;
            LockSupport.unpark(worker);
        }

        @Override
        public Prediction prediction() {
            return prediction;
        }

        @Override
        public int networkEvaluationsPerCall() {
            return networks;
        }

        @Override
        public boolean outputsVariance() {
            return variance;
        }

        @Override
        public void evaluateWithVariance(BatchView x, double t, Batch out, Batch channel) {
            if (!variance) {
                throw new UnsupportedOperationException("the caller's model declares no variance channel");
            }
            handOff(x, t, out, channel);
        }

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            handOff(x, t, out, null);
        }

        private void handOff(BatchView x, double t, Batch out, Batch channel) {
            if (cancelled) {
                throw new CancellationException("stepper closed");
            }
            pendingX = x;
            pendingT = t;
            pendingOut = out;
            pendingVariance = channel;
            evaluation = evaluations++;
            step = accepted;
            phase = QUERY;
            LockSupport.unpark(waiter);
            int spins = 0;
            while (phase == QUERY && !cancelled) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (cancelled) {
                throw new CancellationException("stepper closed");
            }
            phase = RUNNING;
        }

        /** Caller side: wait until the worker asks or finishes; rethrow its failure. */
        void awaitWorker() {
            waiter = Thread.currentThread();
            int spins = 0;
            int p;
            boolean interrupted = false;
            while ((p = phase) != QUERY && p != DONE) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    // an interrupt makes park return at once: clear it while waiting (the wait is one solver step)
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (p == DONE && failure != null) {
                Throwable f = failure;
                failure = null;
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        }
    }

    /** One pending model evaluation. The same object for the whole run; read it before answering. */
    public final class Query {

        private Query() {
        }

        /** @return the rows to evaluate the model at (do not modify, do not keep) */
        public BatchView x() {
            return exchange.pendingX;
        }

        /** @return the schedule time to evaluate the model at */
        public double t() {
            return exchange.pendingT;
        }

        /** @return 0-based index of this evaluation in the run (the NFE before it) */
        public int evaluation() {
            return exchange.evaluation;
        }

        /** @return the step it belongs to (accepted steps before it) */
        public int step() {
            return exchange.step;
        }

        /** @return whether this evaluation also asks for the network's variance channel (answer with both) */
        public boolean wantsVariance() {
            return exchange.pendingVariance != null;
        }

        /** @return the parameterization the answer must be in */
        public Prediction prediction() {
            return answers();
        }
    }
}
