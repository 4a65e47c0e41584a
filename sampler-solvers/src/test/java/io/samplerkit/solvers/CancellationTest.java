package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.samplerkit.core.SamplingException;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.testing.TestModels;
import io.samplerkit.solvers.ContractProblem.GridKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Cooperative cancellation from another thread: a run on a grid far too long to finish stops soon after
 * {@code Future.cancel(true)} or {@link Thread#interrupt()}, with a {@link SamplingException} of kind
 * {@code CANCELLED}, and makes no further model calls. (The registry-wide check that every solver reads the
 * interrupt flag once per step is in {@link SolverContractTest}.)
 */
class CancellationTest {

    /** Steps of the run: at the model's pace (about 1 ms a call) several minutes. */
    private static final int STEPS = 200_000;

    /** A model that spins about a millisecond per call and counts its calls. */
    private static DiffusionModel slowModel(AtomicInteger calls, CountDownLatch started) {
        DiffusionModel exact = ContractProblem.model();
        return TestModels.of(exact.prediction(), (x, t, out) -> {
            exact.evaluate(x, t, out);
            calls.incrementAndGet();
            started.countDown();
            long until = System.nanoTime() + 1_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
    }

    private static SamplingProblem longProblem(DiffusionModel model) {
        SamplingProblem p = ContractProblem.problem(GridKind.LOG_SNR, STEPS);
        return new SamplingProblem(ContractProblem.SCHEDULE, model, p.timesteps(), p.noise(), StepObserver.NONE,
                false, false);
    }

    @Test
    void futureCancelStopsTheRun() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        SamplingProblem p = longProblem(slowModel(calls, started));
        Solver solver = SolverRegistry.standard().create("dpmpp-2m", SolverOptions.empty());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> run = pool.submit(() -> {
                try {
                    solver.sample(p, ContractProblem.initialState(2, 1));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.cancel(true)).isTrue();
            Throwable t = outcome.get(30, TimeUnit.SECONDS);
            assertThat(t).isInstanceOf(SamplingException.class);
            SamplingException e = (SamplingException) t;
            assertThat(e.kind()).isEqualTo(SamplingException.Kind.CANCELLED);
            assertThat(e.solver()).isEqualTo(solver.name());
            assertThat(e.step()).isBetween(0, STEPS - 1);
            int after = calls.get();
            Thread.sleep(50);
            assertThat(calls.get()).as("no model call after the run stopped").isEqualTo(after);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadInterruptStopsTheRun() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        SamplingProblem p = longProblem(slowModel(calls, started));
        Solver solver = SolverRegistry.standard().create("ddim", SolverOptions.empty());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        boolean[] flagKept = new boolean[1];
        Thread worker = new Thread(() -> {
            try {
                solver.sample(p, ContractProblem.initialState(2, 1));
                outcome.complete(null);
            } catch (Throwable t) {
                flagKept[0] = Thread.currentThread().isInterrupted();
                outcome.complete(t);
            }
        });
        worker.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();
        Throwable t = outcome.get(30, TimeUnit.SECONDS);
        worker.join(30_000);
        assertThat(t).isInstanceOf(SamplingException.class);
        assertThat(((SamplingException) t).kind()).isEqualTo(SamplingException.Kind.CANCELLED);
        assertThat(flagKept[0]).as("interrupt flag still set for the caller").isTrue();
    }
}
