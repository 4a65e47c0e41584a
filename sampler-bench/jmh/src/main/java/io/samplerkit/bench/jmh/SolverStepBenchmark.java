package io.samplerkit.bench.jmh;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.SolverRun;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost of one solver step with a {@link ZeroCostModel} (data prediction), on a VP-linear schedule
 * with a uniform-logSNR grid of {@value #GRID_STEPS} steps: one benchmark operation is one
 * {@code SolverRun.step(x)} on a {@code batch x dim} state. Registry names are the {@code solver}
 * parameter; the bytes each solver moves per step are measured by {@link StepTraffic}.
 *
 * <p>The run is started once per trial, so multistep solvers are timed in their steady state, and
 * restarted only when it reaches the end of its grid. It is deliberately not restarted in
 * {@code @Setup(Level.Iteration)}: JMH's GC profiler counts what iteration set-up allocates, and a
 * run's buffers (several state-sized arrays) would then swamp {@code gc.alloc.rate.norm} at large
 * sizes. The iteration set-up only resets the state's values (no allocation). A restart allocates
 * once per {@value #GRID_STEPS} steps, below 0.1 B/op at the smallest size.
 *
 * <p>The model writes nothing, so what a step reads as the model's output is what its buffer last held. For a solver
 * that converts the output (a data model under a noise-side solver such as DEIS) that buffer is a history entry the
 * conversion went over a few steps before, so the stale output feeds back into itself and, where the conversion's
 * coefficient of the output exceeds one in magnitude (late on the grid), grows until the guard stops the step. The
 * benchmark then restarts the run, as at the grid's end: a real model writes its output at every call, and the step's
 * arithmetic and traffic do not depend on the values.
 */
public class SolverStepBenchmark extends MeasuredBenchmark {

    /** Grid length: more steps than an iteration takes at the smallest sizes. */
    public static final int GRID_STEPS = 1 << 20;

    /** Registry name of the solver, optionally with options: {@code unipc-bh2[order=3]}. */
    @Param({"ddim"})
    public String solver;

    /** Sample dimension. */
    @Param({"1000", "1000000"})
    public int dim;

    /** Batch size. */
    @Param({"1"})
    public int batch;

    /**
     * Kernel threads of the run ({@value ParallelKernels#THREADS_PROPERTY}, set before the run starts; 1 =
     * single-thread kernels). {@link BandwidthBenchmark} takes the same parameter for the bound.
     */
    @Param({"1", "2"})
    public int threads;

    private Solver instance;
    private SamplingProblem problem;
    private SolverRun run;
    private Batch x;

    /** Builds the solver, grid and state, and starts the run. */
    @Setup(Level.Trial)
    public void setUpTrial() {
        System.setProperty(ParallelKernels.THREADS_PROPERTY, Integer.toString(threads));
        problem = problem(new ZeroCostModel(Prediction.DATA), GRID_STEPS);
        SolverVariant variant = SolverVariant.parse(solver);
        instance = SolverRegistry.standard().create(variant.name(), SolverOptions.of(variant.options()));
        instance.validate(problem);
        x = Batch.zeros(batch, dim);
        restart();
    }

    /** Resets the state's values (the state decays under the zero model); allocates nothing. */
    @Setup(Level.Iteration)
    public void resetState() {
        Arrays.fill(x.data(), 1.0);
    }

    /**
     * The benchmark's problem: VP-linear schedule, uniform-logSNR grid from t = 1 to 1e-3, the given model.
     *
     * @param model the model
     * @param steps grid steps ({@value #GRID_STEPS} in the benchmark)
     * @return the problem
     */
    static SamplingProblem problem(DiffusionModel model, int steps) {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        return SamplingProblem.of(vp, model, Timesteps.of(vp, new LogSnrGrid(), 1.0, 1e-3, steps));
    }

    private void restart() {
        Arrays.fill(x.data(), 1.0);
        // as SamplingDriver runs it without a state edit
        run = instance.start(new SolverContext(instance.name(), problem, batch, dim).withoutStateEdits());
    }

    /**
     * One step.
     *
     * @return the state (returned so it is not dead code)
     */
    @Benchmark
    public Batch step() {
        if (run.done()) {
            restart();
        }
        try {
            run.step(x);
        } catch (SamplingException e) {
            // the stale output grew past the guard (class comment): start the run again, as at the grid's end
            restart();
            run.step(x);
        }
        return x;
    }
}
