package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a stepper's thread does when the caller stops answering: {@link Stepper#close()} ends it before returning; a
 * stepper dropped without {@code close()} is collected and its thread ends (the thread never references the stepper,
 * and a cleaner cancels the run); and a JVM whose main thread returns with an abandoned stepper exits (daemon thread).
 */
class StepperLifecycleTest {

    /** A stepper on a 50-step run of DPM-Solver++(2M), started and left at its first query. */
    static Stepper unfinished() {
        Solver solver = SolverRegistry.standard().create("dpmpp-2m", SolverOptions.of(Map.of()));
        SamplingProblem p = ContractProblem.problem(ContractProblem.GridKind.LOG_SNR, 50);
        return solver.stepper(p.withModel(CallerModel.answering(p.model().prediction())),
                ContractProblem.initialState(2, 1));
    }

    private static Set<Thread> stepperThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("samplerkit-stepper-") && t.isAlive()).collect(Collectors.toSet());
    }

    private static Thread startedThread(Set<Thread> before) {
        Set<Thread> now = new HashSet<>(stepperThreads());
        now.removeAll(before);
        assertThat(now).hasSize(1);
        Thread t = now.iterator().next();
        assertThat(t.isDaemon()).isTrue();
        return t;
    }

    @Test
    void closeEndsTheThreadBeforeReturning() {
        Set<Thread> before = stepperThreads();
        Stepper s = unfinished();
        Thread worker = startedThread(before);
        assertThat(worker.getState()).isIn(Thread.State.WAITING, Thread.State.RUNNABLE);
        s.close();
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void anAbandonedStepperIsCollectedAndItsThreadEnds() throws InterruptedException {
        Set<Thread> before = stepperThreads();
        WeakReference<Stepper> ref = new WeakReference<>(unfinished());
        Thread worker = startedThread(before);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((ref.get() != null || worker.isAlive()) && System.nanoTime() < deadline) {
            System.gc();
            worker.join(50);
        }
        assertThat(ref.get()).as("the stepper is collected").isNull();
        assertThat(worker.isAlive()).as("its thread ended").isFalse();
    }

    @Test
    void aJvmWithAnAbandonedStepperExits() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AbandonedStepperMain.class.getName()).redirectErrorStream(true).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(exited).as("the JVM exited; output: " + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("started, first query pending");
    }

    /** The child JVM: starts a stepper, answers nothing, returns from main without closing it. */
    static final class AbandonedStepperMain {

        private AbandonedStepperMain() {
        }

        /**
         * @param args unused
         */
        public static void main(String[] args) {
            Stepper s = unfinished();
            System.out.println("started, first query pending: " + !s.done());
        }
    }
}
