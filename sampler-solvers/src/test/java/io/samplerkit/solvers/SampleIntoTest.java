package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Solver#sampleInto}: the run's state lives in a batch the caller owns, another than x_T or x_T's own, with
 * the same bits as {@link Solver#sample}; a batch of the wrong shape is refused before the run starts; and a caller
 * that samples into the same batch again and again allocates no state-sized array per run.
 */
class SampleIntoTest {

    @Test
    void everySolverGivesTheSameBitsIntoACallersBatchAndInPlace() {
        SolverRegistry registry = SolverRegistry.standard();
        RunWorkspace workspace = new RunWorkspace();
        int compared = 0;
        for (SolverEntry e : registry.entries()) {
            Solver s = registry.create(e.name());
            ContractProblem.GridKind kind = e.family() == Family.ODE ? ContractProblem.GridKind.KARRAS
                    : ContractProblem.GridKind.LOG_SNR;
            SamplingProblem p = ContractProblem.problem(kind, 12).withSeed(9).withDenoiseToZero(true);
            Batch xT = ContractProblem.initialState(3, 31);
            double[] xTBits = xT.data().clone();
            SamplingResult fresh = s.sample(p, xT);

            Batch out = xT.like();
            Arrays.fill(out.data(), 7.25);
            SamplingResult into = s.sampleInto(p, xT, out, workspace);
            assertThat(into.x()).as("%s: the result's state is the caller's batch", e.name()).isSameAs(out);
            assertThat(out.data()).as("%s into another batch", e.name()).isEqualTo(fresh.x().data());
            assertThat(xT.data()).as("%s: x_T untouched", e.name()).isEqualTo(xTBits);
            assertThat(into.modelCalls()).isEqualTo(fresh.modelCalls());
            assertThat(into.times()).isEqualTo(fresh.times());

            Batch x = xT.copy();
            SamplingResult inPlace = s.sampleInto(p, x, x, workspace);
            assertThat(inPlace.x()).isSameAs(x);
            assertThat(x.data()).as("%s in place", e.name()).isEqualTo(fresh.x().data());
            compared++;
        }
        assertThat(compared).isGreaterThan(40);
    }

    @Test
    void aBatchOfAnotherShapeIsRefusedNamingItBeforeTheRunStarts() {
        Solver s = SolverRegistry.standard().create("dpmpp-2m");
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 6);
        Batch xT = ContractProblem.initialState(2, 3);
        RunWorkspace workspace = new RunWorkspace();
        for (Batch wrong : new Batch[] {Batch.zeros(3, ContractProblem.DIM), Batch.zeros(4, 2)}) {
            Arrays.fill(wrong.data(), 1.5);
            assertThatThrownBy(() -> s.sampleInto(p, xT, wrong, workspace))
                    .isInstanceOfSatisfying(InvalidInputException.class, ex -> {
                        assertThat(ex.path()).isEqualTo("out");
                        assertThat(ex.value()).isEqualTo(wrong.size() + "x" + wrong.dim());
                        assertThat(ex.allowed()).contains("2x" + ContractProblem.DIM);
                    });
            assertThat(wrong.data()).containsOnly(1.5);
        }
        assertThatThrownBy(() -> s.sampleInto(p, xT, null, workspace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out");
        // the refused calls left the workspace free
        assertThat(s.sampleInto(p, xT, xT.like(), workspace).x().data()).isEqualTo(s.sample(p, xT).x().data());
    }

    @Test
    void samplingAgainIntoTheSameBatchAllocatesNoStatePerRun() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // 40 000 elements (320 kB a state), below the threaded kernels' threshold: every kernel runs on this thread
        int rows = 10_000;
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 10).withModel(new ScaledInput());
        Solver s = SolverRegistry.standard().create("dpmpp-2m");
        Batch xT = ContractProblem.initialState(rows, 4);
        Batch out = xT.like();
        RunWorkspace workspace = new RunWorkspace();
        long stateBytes = 8L * xT.data().length;
        long newResult = Long.MAX_VALUE;
        long intoBatch = Long.MAX_VALUE;
        // the smallest of several rounds: the first ones carry the compilation of the run's code
        for (int round = 0; round < 6; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            s.sample(p, xT, workspace);
            long mid = threads.getThreadAllocatedBytes(thread);
            s.sampleInto(p, xT, out, workspace);
            long after = threads.getThreadAllocatedBytes(thread);
            newResult = Math.min(newResult, mid - before);
            intoBatch = Math.min(intoBatch, after - mid);
        }
        assertThat(newResult).as("a run with a new result allocates its state").isGreaterThanOrEqualTo(stateBytes);
        assertThat(intoBatch).as("bytes allocated by a run into the caller's batch (state: %d bytes)", stateBytes)
                .isLessThan(stateBytes / 20);
    }

    /** A noise prediction of a tenth of the input: allocates nothing, keeps the run finite. */
    private static final class ScaledInput implements DiffusionModel {
        @Override
        public Prediction prediction() {
            return Prediction.NOISE;
        }

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            double[] in = x.data();
            double[] o = out.data();
            for (int i = 0; i < o.length; i++) {
                o[i] = 0.1 * in[i];
            }
        }
    }
}
