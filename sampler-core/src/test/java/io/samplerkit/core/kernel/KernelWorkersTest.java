package io.samplerkit.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class KernelWorkersTest {

    /** Counts how often each chunk ran in one call; a chunk must run exactly once. */
    private static final class Counting implements KernelWorkers.ChunkBody {
        final AtomicIntegerArray runs;

        Counting(int count) {
            runs = new AtomicIntegerArray(count);
        }

        @Override
        public void runChunk(int chunk) {
            runs.incrementAndGet(chunk);
        }

        void assertEachOnce(long seed, int call) {
            for (int k = 0; k < runs.length(); k++) {
                assertThat(runs.get(k)).as("seed %d, call %d, chunk %d", seed, call, k).isEqualTo(1);
            }
        }
    }

    @Test
    void everyChunkRunsExactlyOnceWithSeveralCallersSharingTheWorkers() throws Exception {
        try (KernelWorkers workers = new KernelWorkers(2)) {
            ExecutorService callers = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    long seed = 41L + c;
                    done.add(callers.submit(() -> {
                        SplittableRandom rng = new SplittableRandom(seed);
                        KernelWorkers.Call call = new KernelWorkers.Call();
                        for (int i = 0; i < 3000; i++) {
                            Counting body = new Counting(1 + rng.nextInt(40));
                            workers.run(call, body, body.runs.length());
                            body.assertEachOnce(seed, i);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void theWorkersRunChunksBesideTheCallingThread() {
        try (KernelWorkers workers = new KernelWorkers(1)) {
            KernelWorkers.Call call = new KernelWorkers.Call();
            Thread caller = Thread.currentThread();
            ConcurrentHashMap<Thread, Boolean> ran = new ConcurrentHashMap<>();
            KernelWorkers.ChunkBody slow = chunk -> {
                ran.put(Thread.currentThread(), Boolean.TRUE);
                long until = System.nanoTime() + 200_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            };
            for (int i = 0; i < 500 && ran.size() < 2; i++) {
                workers.run(call, slow, 8);
            }
            assertThat(ran.keySet()).contains(caller).hasSize(2);
        }
    }

    @Test
    void theCallingThreadTakesTheFirstChunksAndTheWorkerTheLast() {
        try (KernelWorkers workers = new KernelWorkers(1)) {
            KernelWorkers.Call call = new KernelWorkers.Call();
            Thread caller = Thread.currentThread();
            int count = 16;
            boolean workerRan = false;
            for (int i = 0; i < 500 && !workerRan; i++) {
                Thread[] ranBy = new Thread[count];
                workers.run(call, chunk -> {
                    ranBy[chunk] = Thread.currentThread();
                    long until = System.nanoTime() + 100_000L;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }, count);
                int callers = 0;
                while (callers < count && ranBy[callers] == caller) {
                    callers++;
                }
                for (int k = callers; k < count; k++) {
                    assertThat(ranBy[k]).as("call %d, chunk %d after the caller's first %d", i, k, callers)
                            .isNotNull().isNotSameAs(caller);
                }
                workerRan = callers < count;
            }
            assertThat(workerRan).as("the worker ran a chunk in 500 calls").isTrue();
        }
    }

    @Test
    void aFailingChunkIsRethrownAfterTheOthersAndTheNextCallRuns() {
        try (KernelWorkers workers = new KernelWorkers(2)) {
            KernelWorkers.Call call = new KernelWorkers.Call();
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            IllegalStateException failure = new IllegalStateException("chunk 5");
            assertThatThrownBy(() -> workers.run(call, chunk -> {
                runs.incrementAndGet(chunk);
                if (chunk == 5) {
                    throw failure;
                }
            }, 16)).isSameAs(failure);
            for (int k = 0; k < 16; k++) {
                assertThat(runs.get(k)).as("chunk %d", k).isEqualTo(1);
            }
            Counting next = new Counting(16);
            workers.run(call, next, 16);
            next.assertEachOnce(0, 0);
            assertThatThrownBy(() -> workers.run(call, chunk -> {
                throw new AssertionError("an error stays itself");
            }, 3)).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void aClosedInstanceOrAnOversizedCallRunsOnTheCallingThread() {
        KernelWorkers workers = new KernelWorkers(1);
        KernelWorkers.Call call = new KernelWorkers.Call();
        Thread caller = Thread.currentThread();
        int count = KernelWorkers.MAX_CHUNKS + 1;
        AtomicIntegerArray elsewhere = new AtomicIntegerArray(1);
        Counting counting = new Counting(count);
        workers.run(call, chunk -> {
            counting.runChunk(chunk);
            if (Thread.currentThread() != caller) {
                elsewhere.incrementAndGet(0);
            }
        }, count);
        counting.assertEachOnce(0, 0);
        assertThat(elsewhere.get(0)).isZero();
        workers.close();
        Counting afterClose = new Counting(50);
        workers.run(call, chunk -> {
            afterClose.runChunk(chunk);
            if (Thread.currentThread() != caller) {
                elsewhere.incrementAndGet(0);
            }
        }, 50);
        afterClose.assertEachOnce(0, 1);
        assertThat(elsewhere.get(0)).isZero();
    }

    @Test
    void theSharedInstanceHasAtLeastOneWorker() {
        assertThat(KernelWorkers.shared().workers()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        assertThat(KernelWorkers.shared()).isSameAs(KernelWorkers.shared());
    }

    @Test
    void theProcessorCountIsTheRuntimesReadOnce() {
        int first = KernelWorkers.processors();
        assertThat(first).isEqualTo(Runtime.getRuntime().availableProcessors()).isPositive();
        assertThat(KernelWorkers.processors()).isEqualTo(first);
    }
}
