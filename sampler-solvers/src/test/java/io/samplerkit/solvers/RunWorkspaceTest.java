package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.ForwardingModel;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Runs that take their buffers from a {@link RunWorkspace} kept across runs give the same bits as runs on new buffers,
 * whatever ran before in the workspace (other solvers, other shapes, a run that failed half way), and a workspace
 * serves one run at a time.
 */
class RunWorkspaceTest {

    @Test
    void everySolverGivesTheSameBitsOnAWorkspaceOtherRunsLeftBehind() {
        SolverRegistry registry = SolverRegistry.standard();
        RunWorkspace shared = new RunWorkspace();
        int compared = 0;
        for (int rows : new int[] {3, 5}) {
            Batch xT = ContractProblem.initialState(rows, 17 + rows);
            for (SolverEntry e : registry.entries()) {
                Solver s = registry.create(e.name());
                ContractProblem.GridKind kind = e.family() == Family.ODE ? ContractProblem.GridKind.KARRAS
                        : ContractProblem.GridKind.LOG_SNR;
                SamplingProblem p = ContractProblem.problem(kind, 12).withSeed(5).withDenoiseToZero(true);
                SamplingResult fresh = s.sample(p, xT);
                // twice: the second run gets the buffers the first one wrote
                for (int pass = 0; pass < 2; pass++) {
                    SamplingResult reused = s.sample(p, xT, shared);
                    assertThat(reused.x().data()).as("%s, %d rows, pass %d", e.name(), rows, pass)
                            .isEqualTo(fresh.x().data());
                    assertThat(reused.modelCalls()).isEqualTo(fresh.modelCalls());
                    assertThat(reused.times()).isEqualTo(fresh.times());
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(80);
    }

    @Test
    void aRunThatFailedHalfWayLeavesTheWorkspaceFreeAndItsValuesUnseen() {
        Solver s = SolverRegistry.standard().create("dpmpp-3m");
        Batch xT = ContractProblem.initialState(4, 3);
        SamplingProblem clean = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 10);
        DiffusionModel exact = clean.model();
        AtomicInteger calls = new AtomicInteger();
        // from its 4th call on, the model answers with NaN everywhere: the workspace's buffers hold NaN
        DiffusionModel failing = hooked(exact, () -> { }, out -> {
            if (calls.incrementAndGet() >= 4) {
                java.util.Arrays.fill(out.data(), Double.NaN);
            }
        });
        RunWorkspace workspace = new RunWorkspace();
        assertThatThrownBy(() -> s.sample(clean.withModel(failing), xT, workspace))
                .isInstanceOf(SamplingException.class);
        SamplingResult after = s.sample(clean, xT, workspace);
        assertThat(after.x().data()).isEqualTo(s.sample(clean, xT).x().data());
    }

    @Test
    void theResultStaysValidAfterTheNextRun() {
        Solver s = SolverRegistry.standard().create("dpmpp-2m");
        RunWorkspace workspace = new RunWorkspace();
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 8);
        SamplingResult first = s.sample(p, ContractProblem.initialState(2, 1), workspace);
        double[] kept = first.x().data().clone();
        s.sample(p, ContractProblem.initialState(2, 2), workspace);
        assertThat(first.x().data()).isEqualTo(kept);
    }

    @Test
    void aSecondRunOnTheSameThreadIsRefusedWhileTheFirstHoldsTheWorkspace() {
        Solver s = SolverRegistry.standard().create("dpmpp-2m");
        RunWorkspace workspace = new RunWorkspace();
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 6);
        Batch xT = ContractProblem.initialState(2, 4);
        AtomicReference<Throwable> inner = new AtomicReference<>();
        DiffusionModel exact = p.model();
        DiffusionModel nesting = hooked(exact, () -> {
            if (inner.get() == null) {
                try {
                    s.sample(p, xT, workspace);
                    inner.set(new AssertionError("the nested run was not refused"));
                } catch (IllegalStateException expected) {
                    inner.set(expected);
                }
            }
        }, out -> { });
        SamplingResult outer = s.sample(p.withModel(nesting), xT, workspace);
        assertThat(inner.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one run at a time");
        // the refused run changed nothing: the outer run's result is the fresh one, and the workspace is free again
        assertThat(outer.x().data()).isEqualTo(s.sample(p, xT).x().data());
        assertThat(s.sample(p, xT, workspace).x().data()).isEqualTo(outer.x().data());
    }

    @Test
    void aRunOnAnotherThreadIsRefusedWhileTheFirstHoldsTheWorkspace() throws Exception {
        Solver s = SolverRegistry.standard().create("dpmpp-2m");
        RunWorkspace workspace = new RunWorkspace();
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 6);
        Batch xT = ContractProblem.initialState(2, 5);
        CountDownLatch inFirstCall = new CountDownLatch(1);
        CountDownLatch secondTried = new CountDownLatch(1);
        DiffusionModel exact = p.model();
        DiffusionModel waiting = hooked(exact, () -> {
            inFirstCall.countDown();
            try {
                assertThat(secondTried.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, out -> { });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SamplingResult> first = pool.submit(() -> s.sample(p.withModel(waiting), xT, workspace));
            assertThat(inFirstCall.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                assertThatThrownBy(() -> s.sample(p, xT, workspace)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("one run at a time");
            } finally {
                secondTried.countDown();
            }
            SamplingResult result = first.get(30, TimeUnit.SECONDS);
            assertThat(result.x().data()).isEqualTo(s.sample(p, xT).x().data());
            assertThat(s.sample(p, xT, workspace).x().data()).isEqualTo(result.x().data());
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code model} with {@code before} run before each call and {@code after} given each output. */
    private static DiffusionModel hooked(DiffusionModel model, Runnable before, Consumer<Batch> after) {
        return new ForwardingModel(model, "hooked") {
            @Override
            public void evaluate(BatchView x, double t, Batch out) {
                before.run();
                model().evaluate(x, t, out);
                after.accept(out);
            }
        };
    }
}
