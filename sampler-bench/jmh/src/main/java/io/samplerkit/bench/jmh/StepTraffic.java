package io.samplerkit.bench.jmh;

import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.Option;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverContext;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.SolverRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory traffic of one steady-state solver step, <b>measured</b>: the step runs under a
 * {@link KernelTraffic} recorder, which every kernel, copy, noise draw and guard scan reports its passes
 * to, and every pass over a state-sized array ({@code dim * batch} doubles) is counted. The model returns ones
 * and costs nothing in the count (a data model unless asked otherwise), on the benchmark's problem
 * ({@link SolverStepBenchmark#problem}, on a shorter grid).
 *
 * <p>Next to the measured passes it derives the <b>minimal passes</b> of the same step from the data flow
 * it recorded (see docs/performance.md, "Minimal traffic"): one read of every array whose value the step
 * consumes from outside (the state, history entries, the model's outputs: arrays read before the step
 * writes them), plus one write of every array the step leaves behind (the new state, values a later step
 * reads such as a converted history entry, arrays written and never read in the step; the state once more when the
 * model reads it after the step updated it, as the predictor–corrector sampler's corrector does). Temporaries written
 * and read within the step cost nothing in the minimum, so a step reaches it only when it fuses them away; a reduction
 * whose result the next passes need ({@link KernelTraffic#barrier}, the Langevin step size's norms) separates them as
 * a model call does.
 *
 * <p>Not thread-safe: installs a process-wide recorder while it measures.
 */
public final class StepTraffic {

    /** Element count the counting runs use (counts are in passes, independent of the size). */
    static final int ELEMENTS = 4096;
    /** Steps run before counting, so multistep solvers are in their steady state (full history). */
    static final int WARM_UP_STEPS = 12;
    /** Steps counted; the result is their mean. */
    static final int COUNTED_STEPS = 8;
    /** Grid steps of the counting runs: the benchmark's grid type, short enough to start fast, far from its end. */
    static final int GRID_STEPS = 200;

    private static final Map<String, Passes> CACHE = new ConcurrentHashMap<>();
    private static final Option<Prediction> MODEL = Option.ofEnum("model", Prediction.DATA,
            "parameterization of the zero-cost model");

    /**
     * Passes over state-sized arrays per step.
     *
     * @param measured mean passes per step that the kernels reported
     * @param minimal mean minimal passes per step (each consumed input read once, each output written once)
     */
    public record Passes(double measured, double minimal) {

        /** @return {@code measured - minimal} */
        public double excess() {
            return measured - minimal;
        }
    }

    private StepTraffic() {
    }

    /**
     * Measures (once per JVM; cached) the traffic of a solver's step.
     *
     * @param solver registry name, optionally with options ({@code unipc-bh2[order=3]})
     * @return the passes
     * @throws IllegalArgumentException for an unknown solver or bad options
     */
    public static Passes passes(String solver) {
        return passes(solver, Prediction.DATA);
    }

    /**
     * Measures (once per JVM; cached) the traffic of a solver's step with a model in the given parameterization (the
     * benchmark's model is a data model).
     *
     * @param solver registry name, optionally with options ({@code pc-sampler[n-steps=2]})
     * @param model parameterization of the zero-cost model
     * @return the passes
     * @throws IllegalArgumentException for an unknown solver or bad options
     */
    public static Passes passes(String solver, Prediction model) {
        String label = SolverVariant.parse(solver).label();
        return CACHE.computeIfAbsent(model + " " + label, k -> measure(label, model));
    }

    /**
     * @param solver registry name, optionally with options
     * @param elements {@code dim * batch}
     * @return measured bytes moved per step
     */
    public static long bytesPerStep(String solver, long elements) {
        return Math.round(8 * passes(solver).measured() * elements);
    }

    /**
     * @param solver registry name, optionally with options
     * @param elements {@code dim * batch}
     * @return bytes of the step's minimal passes
     */
    public static long minimalBytesPerStep(String solver, long elements) {
        return Math.round(8 * passes(solver).minimal() * elements);
    }

    /**
     * The registered fixed-step (non-adaptive) solvers with their default options.
     *
     * @return registry names
     */
    public static List<String> fixedStepSolvers() {
        List<String> names = new ArrayList<>();
        SolverRegistry registry = SolverRegistry.standard();
        registry.entries().forEach(e -> {
            if (!registry.create(e.name()).adaptive()) {
                names.add(e.name());
            }
        });
        return names;
    }

    private static Passes measure(String label, Prediction model) {
        SolverVariant variant = SolverVariant.parse(label);
        Solver solver = SolverRegistry.standard().create(variant.name(), SolverOptions.of(variant.options()));
        Meter meter = new Meter(ELEMENTS);
        var problem = SolverStepBenchmark.problem(new MeteredModel(model, meter),
                GRID_STEPS);
        solver.validate(problem);
        Batch x = Batch.zeros(1, ELEMENTS);
        Arrays.fill(x.data(), 1.0);
        SolverRun run = solver.start(new SolverContext(solver.name(), problem, 1, ELEMENTS).withoutStateEdits());
        for (int i = 0; i < WARM_UP_STEPS; i++) {
            run.step(x);
        }
        double measured = 0;
        double minimal = 0;
        int[] starts = new int[COUNTED_STEPS + 1];
        KernelTraffic.install(meter);
        try {
            // one more step than counted, so that the last counted step sees which of its values are read later
            for (int i = 0; i <= COUNTED_STEPS; i++) {
                starts[i] = meter.size();
                run.step(x);
            }
        } finally {
            KernelTraffic.install(null);
        }
        for (int i = 0; i < COUNTED_STEPS; i++) {
            measured += meter.passes(starts[i], starts[i + 1]);
            minimal += meter.minimalPasses(x.data(), starts[i], starts[i + 1]);
        }
        return new Passes(measured / COUNTED_STEPS, minimal / COUNTED_STEPS);
    }

    /** How a step touched an array. */
    enum Access {
        /** A kernel read it. */
        READ,
        /** A kernel wrote it. */
        WRITE,
        /** The model read it (free: the zero-cost model does not touch memory). */
        MODEL_READ,
        /** The model wrote it (free, as above). */
        MODEL_WRITE,
        /** A reduction finished whose result the passes after it need ({@link KernelTraffic.Recorder#barrier}). */
        BARRIER
    }

    /** Records the accesses of one step to state-sized arrays, in order. */
    static final class Meter implements KernelTraffic.Recorder {
        // what a barrier is recorded on (it touches no array)
        private static final double[] NO_ARRAY = new double[0];
        private final int elements;
        private final List<double[]> arrays = new ArrayList<>();
        private final List<Access> accesses = new ArrayList<>();

        Meter(int elements) {
            this.elements = elements;
        }

        /** @return accesses recorded so far */
        int size() {
            return arrays.size();
        }

        @Override
        public void read(double[] array) {
            add(array, Access.READ);
        }

        @Override
        public void write(double[] array) {
            add(array, Access.WRITE);
        }

        @Override
        public void barrier() {
            arrays.add(NO_ARRAY);
            accesses.add(Access.BARRIER);
        }

        void add(double[] array, Access access) {
            if (array.length == elements) {
                arrays.add(array);
                accesses.add(access);
            }
        }

        /** @return kernel passes (reads plus writes) recorded */
        int passes() {
            return passes(0, size());
        }

        /** @return kernel passes (reads plus writes) among accesses {@code [from, to)} */
        int passes(int from, int to) {
            return (int) accesses.subList(from, to).stream().filter(a -> a == Access.READ || a == Access.WRITE).count();
        }

        /**
         * @param state the state array the step updates
         * @return minimal passes of everything recorded, as one step
         */
        int minimalPasses(double[] state) {
            return minimalPasses(state, 0, size());
        }

        /**
         * @param state the state array the step updates
         * @param from first access of the step
         * @param to end of the step's accesses (later accesses only tell which values are read after it)
         * @return minimal passes of the step's data flow (class comment)
         */
        int minimalPasses(double[] state, int from, int to) {
            int minimal = 0;
            int segmentReads = 0;
            boolean segmentWrites = false;
            int modelCalls = 0;
            // the state written and not yet in memory for a model call to read
            boolean stateWritten = false;
            // arrays accessed in the current segment (kernel accesses between two model calls), by first access
            Map<double[], Access> firstInSegment = new IdentityHashMap<>();
            // written arrays whose value may still be needed -> whether a kernel or the model consumed it since
            Map<double[], Boolean> pending = new IdentityHashMap<>();
            // arrays holding a copy or rescaling of the step's starting state (single-input kernels from it)
            Map<double[], Boolean> startCopies = new IdentityHashMap<>();
            startCopies.put(state, true);
            List<double[]> callReads = new ArrayList<>();
            for (int i = from; i < to; i++) {
                double[] a = arrays.get(i);
                Access access = accesses.get(i);
                if (access == Access.READ) {
                    callReads.add(a);
                    if (firstInSegment.putIfAbsent(a, Access.READ) == null) {
                        segmentReads++;
                    }
                    pending.computeIfPresent(a, (k, v) -> true);
                } else if (access == Access.WRITE) {
                    firstInSegment.putIfAbsent(a, Access.WRITE);
                    segmentWrites = true;
                    boolean copy = modelCalls == 0 && callReads.size() == 1 && startCopies.containsKey(callReads.get(0));
                    if (copy && a != state) {
                        startCopies.put(a, true);
                    } else {
                        startCopies.remove(a);
                    }
                    callReads.clear();
                    if (a == state) {
                        stateWritten = true;
                    } else {
                        pending.put(a, false);
                    }
                } else if (access == Access.MODEL_READ) {
                    // a model input that only rescales the step's starting state could have been the state itself;
                    // any other point the model is evaluated at must be written once, the state updated in the step too
                    if (a == state && stateWritten) {
                        minimal++;
                        stateWritten = false;
                    } else if (pending.containsKey(a) && !startCopies.containsKey(a)) {
                        minimal++;
                        pending.remove(a);
                    } else {
                        pending.computeIfPresent(a, (k, v) -> true);
                    }
                } else if (access == Access.BARRIER) {
                    // a reduction's result is consumed, so its reads count even though it writes nothing
                    minimal += segmentEnd(pending, i) + segmentReads;
                    firstInSegment.clear();
                    callReads.clear();
                    segmentReads = 0;
                    segmentWrites = false;
                } else {
                    modelCalls++;
                    callReads.clear();
                    pending.remove(a);
                    minimal += segmentEnd(pending, i);
                    firstInSegment.clear();
                    // a segment that writes nothing (a check scan) has no effect on the data flow
                    minimal += segmentWrites ? segmentReads : 0;
                    segmentReads = 0;
                    segmentWrites = false;
                }
            }
            // left written and not consumed, or read again after the step (a history entry): kept for later
            // steps; a write of the state counts once
            minimal += segmentWrites ? segmentReads : 0;
            return minimal + (stateWritten ? 1 : 0)
                    + (int) pending.entrySet().stream().filter(e -> !e.getValue() || readAfter(e.getKey(), to)).count();
        }

        /**
         * At a model call or barrier at access {@code i}: a value written before it and read by a kernel after it costs
         * its write (the sweep in between evicts it from the cache); consumed values are settled. Returns those writes.
         */
        private int segmentEnd(Map<double[], Boolean> pending, int i) {
            int writes = 0;
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (nextIsRead(e.getKey(), i)) {
                    writes++;
                    it.remove();
                } else if (e.getValue()) {
                    it.remove();
                }
            }
            return writes;
        }

        private boolean readAfter(double[] a, int from) {
            for (int j = from; j < arrays.size(); j++) {
                if (arrays.get(j) == a) {
                    return accesses.get(j) == Access.READ || accesses.get(j) == Access.MODEL_READ;
                }
            }
            return false;
        }

        private boolean nextIsRead(double[] a, int from) {
            for (int j = from + 1; j < arrays.size(); j++) {
                if (arrays.get(j) == a) {
                    return accesses.get(j) == Access.READ;
                }
            }
            return false;
        }
    }

    /**
     * A model in the given parameterization that returns ones (not zeros: a zero score stops the Langevin corrector) and
     * reports its reads and writes to the meter's data flow; they cost nothing, as the model's work is not the solver's.
     */
    record MeteredModel(Prediction prediction, Meter meter) implements DiffusionModel {

        @Override
        public void evaluate(BatchView x, double t, Batch out) {
            meter.add(x.data(), Access.MODEL_READ);
            Arrays.fill(out.data(), 1.0);
            meter.add(out.data(), Access.MODEL_WRITE);
        }
    }

    /**
     * Prints the traffic of every registered fixed-step solver (Markdown), or of the solvers named in the arguments
     * (registry names with options in brackets); {@code --model=score} (or {@code noise}, {@code data}, the default)
     * measures with a model in that parameterization.
     *
     * @param args optional {@code --model=P} and solver labels
     * @throws IllegalArgumentException for an unknown parameterization or solver
     */
    public static void main(String[] args) {
        Prediction model = Prediction.DATA;
        List<String> solvers = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--model=")) {
                model = MODEL.read(a.substring("--model=".length()));
            } else {
                solvers.add(a);
            }
        }
        System.out.print(table(solvers.isEmpty() ? fixedStepSolvers() : solvers, model));
    }

    /**
     * The traffic table of the given solvers.
     *
     * @param solvers registry names, optionally with options
     * @return Markdown rows: solver, measured passes, minimal passes, excess
     */
    public static String table(List<String> solvers) {
        return table(solvers, Prediction.DATA);
    }

    private static String table(List<String> solvers, Prediction model) {
        StringBuilder sb = new StringBuilder("\n| solver | passes/step (measured) | minimal passes | excess |\n"
                + "|---|---:|---:|---:|\n");
        for (String s : solvers) {
            Passes p;
            try {
                p = passes(s, model);
            } catch (RuntimeException e) {
                sb.append("| ").append(s).append(" | not measured: ").append(e.getMessage()).append(" | | |\n");
                continue;
            }
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %s |%n", s, num(p.measured()),
                    num(p.minimal()), num(p.excess())));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
