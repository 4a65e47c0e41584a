package io.samplerkit.core.kernel;

import io.samplerkit.core.Checks;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run a threaded kernel's chunks beside the calling thread ({@link ParallelKernels}).
 *
 * <p>A call offers its chunks and runs them itself too: the calling thread claims the unclaimed chunks from the first
 * on, every worker from the last one back, until none is left, and the call returns once the chunks already claimed
 * are done. So the calling thread never waits for a worker to wake up: a late worker finds fewer chunks, or none.
 * <b>The two ends keep each core on its half.</b> On two threads the calling thread computes about the first half of
 * every array at every call and the worker about the second half (likely finding much of it in the caches it filled
 * at the call before; not verified). With both claiming from the front (until 2026-12-07) the chunks went to
 * whichever thread was first, and on the 2-vCPU AMD EPYC host a 2-thread heun step at d = 1e6 took 0.5 or 1.4 ms depending on the
 * run, 0.44–0.55 ms from both ends (docs/performance.md, "Threads", "Claiming from both ends"). A worker
 * that ran out of chunks spins for {@link #SPIN_NANOS} before it parks, because the kernels of a step follow each
 * other within microseconds, and waking a parked thread (a system call, on a virtual machine an interrupt to an
 * idle virtual core) can take longer than a chunk. Against the common {@code ForkJoinPool}, which parked its workers
 * between calls, a 2-thread step at {@code d = 1e6} measured 0-8 % faster on a quiet machine and up to 1.46x faster
 * when the host was slow to wake the idle core; the waits allocate nothing, where a blocking join allocated a waiter
 * node (docs/performance.md, "Threads", "Spinning workers").
 *
 * <p>One call at a time is offered to the workers; a call that finds another call offered (a second run on another
 * thread) runs all its chunks on its own thread, with the same results. Which thread runs a chunk never changes a
 * result: chunks write disjoint ranges, each computed as on one thread. A chunk that throws stops nothing else; the
 * call rethrows the first failure after every claimed chunk is done.
 *
 * <p>Each {@link ParallelKernels} owns one {@link Call} (allocated with it) and re-arms it for every kernel call, so
 * a call allocates nothing. The claim counter packs a generation, the end of the unclaimed chunks (at first the chunk
 * count) and the next chunk into one {@code long}, so a worker can never claim a chunk of a call whose count it has
 * not seen: the front claim increments the next chunk, a back claim decrements the end, and the chunks left are
 * those in between.
 */
public final class KernelWorkers implements AutoCloseable {

    /** Name prefix of the worker threads ({@code samplerkit-kernel-worker-0}, ...), for monitoring. */
    public static final String THREAD_NAME_PREFIX = "samplerkit-kernel-worker-";

    /** How long a worker spins for the next call after its last chunk before it parks: 50 µs. */
    public static final long SPIN_NANOS = 50_000L;

    /** Largest chunk count a call hands to the workers ({@code 2^20 - 1}); a larger call runs on its own thread. */
    static final int MAX_CHUNKS = (1 << 20) - 1;

    private static final int FIELD_BITS = 20;
    private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;
    private static final int GENERATION_SHIFT = 2 * FIELD_BITS;

    private static final Object SHARED_LOCK = new Object();
    private static volatile KernelWorkers shared;

    private final AtomicReference<Call> offered = new AtomicReference<>();
    private final Thread[] threads;
    private final Worker[] workers;
    private volatile boolean closed;

    /**
     * Starts {@code workers} daemon threads.
     *
     * @param workers threads beside the calling thread, at least 1
     */
    public KernelWorkers(int workers) {
        Checks.requirePositive(workers, "workers");
        this.threads = new Thread[workers];
        this.workers = new Worker[workers];
        for (int i = 0; i < workers; i++) {
            Worker w = new Worker();
            this.workers[i] = w;
            Thread t = new Thread(w, THREAD_NAME_PREFIX + i);
            t.setDaemon(true);
            threads[i] = t;
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    /**
     * The workers the runs share: the available processors minus one (at least one), started on first use and never
     * closed (daemon threads).
     *
     * @return the shared instance
     */
    public static KernelWorkers shared() {
        KernelWorkers s = shared;
        if (s == null) {
            synchronized (SHARED_LOCK) {
                s = shared;
                if (s == null) {
                    s = new KernelWorkers(Math.max(1, processors() - 1));
                    shared = s;
                }
            }
        }
        return s;
    }

    /**
     * The available processors, read once per JVM. {@link Runtime#availableProcessors()} is not free: in a container,
     * JDK 17 re-reads the cgroup limits when its last answer is older than about 20 ms, which took about 0.1 ms a
     * call on the development machine; a run that starts after a network call would pay that on every run
     * (docs/performance.md, "Next to the network: the processor count, the clocks and the heap").
     *
     * @return the available processors when first asked
     */
    static int processors() {
        return Processors.COUNT;
    }

    /** Holder of the processor count, read on first use. */
    private static final class Processors {
        static final int COUNT = Runtime.getRuntime().availableProcessors();
    }

    /** @return threads beside the calling thread */
    public int workers() {
        return threads.length;
    }

    /** Stops the workers (after their current chunk); later calls run on the calling thread alone. */
    @Override
    public void close() {
        closed = true;
        offered.set(null);
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }

    /** The chunk loop of a kernel call: {@code chunk} is in {@code [0, count)}. */
    interface ChunkBody {
        /**
         * Computes one chunk.
         *
         * @param chunk index of the chunk
         */
        void runChunk(int chunk);
    }

    /** One caller's reusable call state: the claim counter, the chunks left to finish, the first failure. */
    static final class Call {
        private final AtomicLong claims = new AtomicLong();
        private final AtomicInteger unfinished = new AtomicInteger();
        private volatile Throwable failure;
        private ChunkBody body;
    }

    /**
     * Runs chunks {@code 0 .. count - 1} of {@code body} on the calling thread and the workers and returns when all
     * are done. The body's arguments must be set before; they are published to the workers with the call.
     *
     * @param call the caller's call state
     * @param body the chunk loop
     * @param count number of chunks, at least 1
     * @throws RuntimeException the first failure of a chunk (an {@link Error} as itself)
     */
    void run(Call call, ChunkBody body, int count) {
        call.body = body;
        call.failure = null;
        if (count > MAX_CHUNKS || closed) {
            call.unfinished.set(count);
            for (int k = 0; k < count; k++) {
                runClaimed(call, k);
            }
            rethrow(call);
            return;
        }
        long generation = (call.claims.get() >>> GENERATION_SHIFT) + 1;
        call.unfinished.set(count);
        // publishing the claims releases the body's arguments to every thread that claims a chunk of this call
        call.claims.set(generation << GENERATION_SHIFT | (long) count << FIELD_BITS);
        boolean offeredHere = offered.compareAndSet(null, call);
        if (offeredHere) {
            for (int i = 0; i < workers.length; i++) {
                if (workers[i].parked) {
                    LockSupport.unpark(threads[i]);
                }
            }
        }
        work(call, false);
        if (offeredHere) {
            offered.compareAndSet(call, null);
        }
        int spins = 0;
        while (call.unfinished.get() != 0) {
            if (++spins < 1 << 14) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        rethrow(call);
    }

    /**
     * Claims and runs chunks of {@code call} until none is left unclaimed.
     *
     * @param fromBack claim the last unclaimed chunk (a worker) instead of the first (the calling thread)
     */
    private static void work(Call call, boolean fromBack) {
        AtomicLong claims = call.claims;
        while (true) {
            long v = claims.get();
            long next = v & FIELD_MASK;
            long end = (v >>> FIELD_BITS) & FIELD_MASK;
            if (next >= end) {
                return;
            }
            if (fromBack) {
                if (claims.compareAndSet(v, v - (1L << FIELD_BITS))) {
                    runClaimed(call, (int) (end - 1));
                }
            } else if (claims.compareAndSet(v, v + 1)) {
                runClaimed(call, (int) next);
            }
        }
    }

    private static boolean hasUnclaimed(Call call) {
        long v = call.claims.get();
        return (v & FIELD_MASK) < ((v >>> FIELD_BITS) & FIELD_MASK);
    }

    private static void runClaimed(Call call, int chunk) {
        try {
            call.body.runChunk(chunk);
        } catch (Throwable e) {
            if (call.failure == null) {
                call.failure = e;
            }
        } finally {
            call.unfinished.decrementAndGet();
        }
    }

    private static void rethrow(Call call) {
        Throwable f = call.failure;
        if (f == null) {
            return;
        }
        call.failure = null;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a kernel chunk failed", f);
    }

    /** A worker's loop: claim offered chunks, spin a while after the last one, then park until the next offer. */
    private final class Worker implements Runnable {

        private volatile boolean parked;

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!closed) {
                Call call = offered.get();
                if (call != null && hasUnclaimed(call)) {
                    work(call, true);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    call = offered.get();
                    if ((call == null || !hasUnclaimed(call)) && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
