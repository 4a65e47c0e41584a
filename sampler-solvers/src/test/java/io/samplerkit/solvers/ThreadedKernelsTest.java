package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.state.Batch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every registered fixed-step solver gives the same bits when its run's kernels are threaded
 * ({@link ParallelKernels#forRuns()}, here from 1 element, so that every kernel call of a state of several chunks is
 * split) as on one thread.
 */
class ThreadedKernelsTest {

    /** Rows of the contract problem: {@code 4 x 20000} elements, three chunks. */
    private static final int ROWS = 20_000;

    @Test
    void everyFixedStepSolverGivesTheSameBitsOnTwoThreads() {
        Batch xT = ContractProblem.initialState(ROWS, 11);
        SolverRegistry registry = SolverRegistry.standard();
        int compared = 0;
        for (SolverEntry e : registry.entries()) {
            Solver s = registry.create(e.name());
            if (s.adaptive()) {
                continue;
            }
            ContractProblem.GridKind kind = e.family() == Family.ODE ? ContractProblem.GridKind.KARRAS
                    : ContractProblem.GridKind.LOG_SNR;
            SamplingProblem p = ContractProblem.problem(kind, 12).withSeed(3);
            Batch one = withThreads(1, () -> s.sample(p, xT).x());
            Batch two = withThreads(2, () -> s.sample(p, xT).x());
            assertThat(two.data()).as("%s on two threads", e.name()).isEqualTo(one.data());
            compared++;
        }
        assertThat(compared).isGreaterThan(40);
    }

    private static Batch withThreads(int threads, Supplier<Batch> run) {
        String oldThreads = System.getProperty(ParallelKernels.THREADS_PROPERTY);
        String oldThreshold = System.getProperty(ParallelKernels.THRESHOLD_PROPERTY);
        System.setProperty(ParallelKernels.THREADS_PROPERTY, Integer.toString(threads));
        System.setProperty(ParallelKernels.THRESHOLD_PROPERTY, "1");
        try {
            return run.get();
        } finally {
            restore(ParallelKernels.THREADS_PROPERTY, oldThreads);
            restore(ParallelKernels.THRESHOLD_PROPERTY, oldThreshold);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
