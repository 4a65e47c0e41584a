package io.samplerkit.bench.jmh;

import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.CallerModel;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.Stepper;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of one caller-driven evaluation: one benchmark operation is one {@link Stepper#answer} of a zero prediction
 * on a {@code 1 x dim} state, which runs the solver to its next query on the stepper's thread. Compare with
 * {@link SolverStepBenchmark} of the same one-call solver and size: the difference is the handoff (two thread
 * switches) and the copy of the answer. The stepper is started once per trial on a grid of
 * {@value SolverStepBenchmark#GRID_STEPS} steps (restarted only at its end), so {@code -prof gc} shows what an
 * evaluation allocates.
 */
public class StepperBenchmark extends MeasuredBenchmark {

    /** Registry name of the solver. */
    @Param({"ddim"})
    public String solver;

    /** Sample dimension. */
    @Param({"1000"})
    public int dim;

    private Solver instance;
    private SamplingProblem problem;
    private Stepper stepper;
    private Batch answer;

    /** Builds the problem and starts the stepper. */
    @Setup(Level.Trial)
    public void setUpTrial() {
        VpLinearSchedule vp = VpLinearSchedule.standard();
        Timesteps grid = Timesteps.of(vp, new LogSnrGrid(), 1.0, 1e-3, SolverStepBenchmark.GRID_STEPS);
        problem = SamplingProblem.of(vp, CallerModel.answering(Prediction.DATA), grid);
        instance = SolverRegistry.standard().create(solver, SolverOptions.of(Map.of()));
        answer = Batch.zeros(1, dim);
        restart();
    }

    private void restart() {
        Batch x = Batch.zeros(1, dim);
        java.util.Arrays.fill(x.data(), 1.0);
        stepper = instance.stepper(problem, x);
    }

    /** Ends the stepper's thread. */
    @TearDown(Level.Trial)
    public void tearDown() {
        stepper.close();
    }

    /**
     * One answered evaluation.
     *
     * @return the stepper (so the call is not dead code)
     */
    @Benchmark
    public Stepper answer() {
        if (stepper.done()) {
            restart();
        }
        stepper.answer(answer);
        return stepper;
    }
}
