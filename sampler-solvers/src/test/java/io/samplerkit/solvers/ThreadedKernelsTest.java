package io.samplerkit.solvers;

import static io.samplerkit.solvers.KernelPropertiesForTests.withThreads;
import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.kernel.ParallelKernels;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every registered fixed-step solver gives the same bits when its run's kernels are threaded
 * ({@link ParallelKernels#forRuns()}, here from 1 element, so that every kernel call of a state of several chunks is
 * split) as on one thread; and the kernels that used to stay on the calling thread, the corrector/predictor pair of
 * the multistep correctors and the step noise of every stochastic solver (generated inside the consuming kernel or
 * written into its array), did run in chunks (counted by the run's facade).
 */
class ThreadedKernelsTest {

    /** Rows of the contract problem: {@code 4 x 20000} elements, three chunks. */
    private static final int ROWS = 20_000;

    /**
     * Some of the solvers that draw step noise: inside the consuming kernel ({@code SolverContext#fusedStepNormal}:
     * ddpm, the SDE DPM-Solvers, Euler-Maruyama, pc-sampler's predictor) or into an array read more than once
     * ({@code SolverContext#stepNormal}: the ancestral samplers, the SA-Solver).
     */
    private static final Set<String> DRAWING = Set.of("ddpm", "dpmpp-2m-sde", "dpmpp-3m-sde", "dpmpp-sde-multistep",
            "euler-maruyama", "pc-sampler", "euler-ancestral", "dpmpp-2s-ancestral", "sa-solver");
    /** Solvers whose corrector and next predictor share the pair kernel ({@code Kernels#lincombPair}). */
    /** Every solver with a UniC corrector fuses it with the next predictor into the pair kernel. */
    private static final Set<String> PAIRED = Set.of("unipc-bh1", "unipc-bh2", "unipc-vary-coeff-reference",
            "deis-unic", "dpm-solver-multistep-unic", "dpmpp-2m-unic", "dpmpp-3m-corrected-unic", "dpmpp-3m-unic",
            "dpmpp-multistep-unic");

    @Test
    void everyFixedStepSolverGivesTheSameBitsOnTwoThreads() {
        Batch xT = ContractProblem.initialState(ROWS, 11);
        SolverRegistry registry = SolverRegistry.standard();
        int compared = 0;
        Set<String> paired = new TreeSet<>();
        Set<String> drawn = new TreeSet<>();
        Set<String> stochastic = new TreeSet<>();
        List<Solver> solvers = new ArrayList<>();
        for (SolverEntry e : registry.entries()) {
            solvers.add(registry.create(e.name()));
        }
        // UniPC-3, whose pair kernel has five terms
        solvers.add(registry.create("unipc-bh2", SolverOptions.parse("order=3")));
        for (Solver s : solvers) {
            if (s.adaptive()) {
                continue;
            }
            Family family = registry.entry(s.name()).family();
            ContractProblem.GridKind kind = family == Family.ODE ? ContractProblem.GridKind.KARRAS
                    : ContractProblem.GridKind.LOG_SNR;
            SamplingProblem p = ContractProblem.problem(kind, 12).withSeed(3);
            Batch one = withThreads(1, () -> s.sample(p, xT).x());
            Watched watched = new Watched(s);
            Batch two = withThreads(2, () -> watched.sample(p, xT).x());
            assertThat(two.data()).as("%s on two threads", s).isEqualTo(one.data());
            ParallelKernels threads = watched.threads();
            if (threads.pairCalls() > 0) {
                paired.add(s.name());
            }
            if (s.stochastic()) {
                stochastic.add(s.name());
            }
            if (threads.drawCalls() > 0) {
                drawn.add(s.name());
            }
            compared++;
        }
        assertThat(compared).isGreaterThan(40);
        assertThat(paired).as("solvers whose pair kernel ran in chunks").isEqualTo(PAIRED);
        assertThat(stochastic).containsAll(DRAWING);
        assertThat(drawn).as("solvers whose draws ran in chunks").isEqualTo(stochastic);
    }

    /** A solver that keeps the threaded kernels of its runs. */
    private static final class Watched implements Solver {
        private final Solver solver;
        private final List<SolverContext> contexts = new ArrayList<>();

        Watched(Solver solver) {
            this.solver = solver;
        }

        ParallelKernels threads() {
            return contexts.get(contexts.size() - 1).fusedEvaluation().kernelThreads();
        }

        @Override
        public String name() {
            return solver.name();
        }

        @Override
        public int order() {
            return solver.order();
        }

        @Override
        public boolean stochastic() {
            return solver.stochastic();
        }

        @Override
        public boolean adaptive() {
            return solver.adaptive();
        }

        @Override
        public void validate(SamplingProblem problem) {
            solver.validate(problem);
        }

        @Override
        public SolverRun start(SolverContext context) {
            contexts.add(context);
            return solver.start(context);
        }
    }
}
