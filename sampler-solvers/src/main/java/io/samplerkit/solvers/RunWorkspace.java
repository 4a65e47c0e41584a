package io.samplerkit.solvers;

import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The buffers of sampling runs, kept from one run to the next: a caller that samples again and again
 * ({@link Solver#sample(SamplingProblem, Batch, RunWorkspace)}) hands the same workspace to every run, and each run
 * takes its buffers (the context's conversion buffer if it needs one, a multistep history, every {@link SolverContext#newBatch()})
 * from it instead of allocating and zeroing new ones. The {@code i}-th buffer a run asks for is the {@code i}-th
 * buffer the previous run asked for when the shapes agree (the same solver and batch shape ask in the same order);
 * otherwise a new one replaces it. A buffer handed out again is set to zero first, so a run sees exactly what it
 * would see on new buffers and its results are the same to the bit whatever ran before (a run that failed half way
 * included).
 *
 * <p><b>One run at a time.</b> A workspace belongs to one run while that run is going: a second run that is given
 * the same workspace before the first one ended, on any thread, fails at its start with an
 * {@link IllegalStateException} and changes nothing. Threads that sample concurrently each keep their own workspace.
 * The run's result never lives in the workspace (the final state is a new batch), so a result stays valid after
 * the next run.
 *
 * <p>Memory: a workspace keeps the buffers of the largest run it served until it is dropped.
 */
public final class RunWorkspace {

    private final AtomicBoolean inUse = new AtomicBoolean();
    private final List<Batch> buffers = new ArrayList<>();
    private int next;

    /** An empty workspace: the first run allocates, later runs reuse. */
    public RunWorkspace() {
    }

    /**
     * Claims the workspace for one run.
     *
     * @param solverName the run's solver (for the message)
     * @throws IllegalStateException if another run holds it
     */
    void begin(String solverName) {
        if (!inUse.compareAndSet(false, true)) {
            throw new IllegalStateException("a RunWorkspace serves one run at a time: " + solverName
                    + " was given a workspace another run is still using (keep one workspace per thread)");
        }
        next = 0;
    }

    /** Ends the run that holds the workspace; its buffers wait for the next run. */
    void end() {
        next = 0;
        inUse.set(false);
    }

    /**
     * The run's next buffer: the buffer at this position of the previous run, zeroed, when its shape is
     * {@code size x dim}; else a new zero batch, kept for the next run.
     *
     * @param size rows
     * @param dim columns
     * @return a zero batch owned by the current run until it ends
     */
    Batch zeros(int size, int dim) {
        if (next < buffers.size()) {
            Batch b = buffers.get(next);
            if (b.size() == size && b.dim() == dim) {
                next++;
                Arrays.fill(b.data(), 0.0);
                return b;
            }
            Batch fresh = Batch.zeros(size, dim);
            buffers.set(next++, fresh);
            return fresh;
        }
        Batch fresh = Batch.zeros(size, dim);
        buffers.add(fresh);
        next++;
        return fresh;
    }
}
