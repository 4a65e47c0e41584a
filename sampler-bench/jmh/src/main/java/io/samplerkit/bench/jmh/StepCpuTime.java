package io.samplerkit.bench.jmh;

import io.samplerkit.core.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time of {@link SolverStepBenchmark}'s step per thread: the calling thread's CPU time per step (the critical path
 * when every thread has a core of its own) against the whole process's and the wall time. On a shared machine the
 * wall time of a threaded step says little (the second core may be busy), while the calling thread's CPU time shows
 * how much of the step it still does itself. Not a JMH benchmark: no forks, no blackhole, a warm-up round, then
 * rounds of steps for a fixed time; report the spread of the rounds.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp samplerkit-bench.jar io.samplerkit.bench.jmh.StepCpuTime
 * SOLVER DIM THREADS [ROUNDS [SECONDS]]} (defaults 3 rounds of 2 s, batch 1).
 */
public final class StepCpuTime {

    private StepCpuTime() {
    }

    /**
     * Prints one line per round: wall, process CPU and calling-thread CPU time per step.
     *
     * @param args solver (options in brackets), dimension, kernel threads, optionally rounds and seconds per round
     * @throws InvalidInputException for a missing or malformed argument
     */
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 5) {
            throw new InvalidInputException("arguments", String.join(" ", args),
                    "SOLVER DIM THREADS [ROUNDS [SECONDS]]");
        }
        SolverStepBenchmark step = new SolverStepBenchmark();
        step.solver = args[0];
        step.dim = positive(args[1], "DIM");
        step.batch = 1;
        step.threads = positive(args[2], "THREADS");
        int rounds = args.length > 3 ? positive(args[3], "ROUNDS") : 3;
        long nanos = (args.length > 4 ? positive(args[4], "SECONDS") : 2) * 1_000_000_000L;
        step.setUpTrial();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round <= rounds; round++) {
            step.resetState();
            long process0 = os.getProcessCpuTime();
            long calling0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            int steps = 0;
            while (System.nanoTime() - wall0 < nanos) {
                step.step();
                steps++;
            }
            double wall = (System.nanoTime() - wall0) / 1e6 / steps;
            double process = (os.getProcessCpuTime() - process0) / 1e6 / steps;
            double calling = (threads.getCurrentThreadCpuTime() - calling0) / 1e6 / steps;
            System.out.printf(Locale.ROOT, "%s d=%d threads=%d %s: wall %.3f ms/step, process CPU %.3f ms/step, "
                    + "calling thread CPU %.3f ms/step (%d steps)%n", step.solver, step.dim, step.threads,
                    round == 0 ? "warm-up" : "round " + round, wall, process, calling, steps);
        }
    }

    private static int positive(String text, String name) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(name, text, "a positive integer");
    }
}
